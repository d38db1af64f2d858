"""Command modules load on first use: the name table must say where each command lives."""

from sandbox.kubectl.commands import COMMANDS, NAMES, get_command, load_all


def test_names_list_every_registered_command_and_its_module():
    load_all()
    assert sorted(COMMANDS) == sorted(NAMES)
    for name, module in NAMES.items():
        assert get_command(name).handler.__module__ == f"sandbox.kubectl.commands.{module}"
