"""Every key of the free-play screen in one list: bindings, footer, help and palette read it.

Keys follow k9s where k9s has one (`:` `/` `?` `esc` hjkl `d` `y` `ctrl+d` `s`
`c` `u` `r`); the rest are sandbox keys. `command` is the command line the key
stands for, shown in help and in the palette, so keys teach commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class KeyAction:
    id: str
    key: str          # Textual key spec (comma-separated alternatives)
    action: str       # screen action name, without "action_"
    description: str  # footer label
    help: str         # one line for the help screen and the palette
    command: str = ""  # the command it runs, with placeholders
    show: bool = True  # in the footer
    palette: bool = True
    letter: bool = False  # a printable key: inactive while the command line has focus


PLAY_KEYS: list[KeyAction] = [
    KeyAction("command-line", "colon", "focus_command", "Command", "Type a kubectl, curl or sim command"),
    KeyAction("filter", "slash", "filter_log", "Filter", "Filter the event log", letter=True),
    KeyAction("help", "question_mark", "help", "Help", "Show every key", letter=True),
    KeyAction("back", "escape", "back", "Back",
              "Leave the command line, close the output or the side panel, or go back",
              show=False, palette=False),
    KeyAction("left", "left,h", "move(-1,0)", "Left", "Select the node to the left", show=False,
              palette=False, letter=True),
    KeyAction("right", "right,l", "move(1,0)", "Right", "Select the node to the right", show=False,
              palette=False, letter=True),
    KeyAction("up", "up,k", "move(0,-1)", "Up", "Select the pod above (or the row above)", show=False,
              palette=False, letter=True),
    KeyAction("down", "down,j", "move(0,1)", "Down", "Select the pod below (or the row below)", show=False,
              palette=False, letter=True),
    KeyAction("describe", "d", "describe", "Describe", "Describe the selected object beside the map",
              "kubectl describe KIND NAME", letter=True),
    KeyAction("yaml", "y", "yaml", "YAML", "Show the selected object as YAML", "kubectl get KIND NAME -o yaml",
              letter=True),
    KeyAction("delete", "ctrl+d", "delete", "Delete", "Delete the selected object (asks first)",
              "kubectl delete KIND NAME"),
    KeyAction("scale", "s", "scale", "Scale", "Scale the selected deployment",
              "kubectl scale deployment NAME --replicas=N", letter=True),
    KeyAction("cordon", "c", "cordon", "Cordon", "Mark the selected node unschedulable", "kubectl cordon NODE",
              show=False, letter=True),
    KeyAction("uncordon", "u", "uncordon", "Uncordon", "Mark the selected node schedulable again",
              "kubectl uncordon NODE", show=False, letter=True),
    KeyAction("drain", "r", "drain", "Drain", "Evict the pods from the selected node",
              "kubectl drain NODE --ignore-daemonsets", show=False, letter=True),
    KeyAction("fail-node", "x", "fail_node", "Fail node", "Stop the selected node's machine (again: recover it)",
              "sim node fail NODE", letter=True),
    KeyAction("zoom", "z,enter", "zoom", "Zoom", "Show the selected node up close beside the map",
              show=False, letter=True),
    KeyAction("output", "o", "toggle_output", "Output", "Show or hide the commands you ran and their output",
              letter=True),
    KeyAction("chaos", "exclamation_mark", "chaos", "Chaos", "Open the chaos menu", letter=True),
    KeyAction("pause", "space", "pause", "Pause", "Pause or resume simulated time", "sim pause / sim resume",
              letter=True),
    KeyAction("slower", "less_than_sign", "speed(-1)", "Slower", "Slow time down: 60×, 10×, 1×, paused",
              "sim speed N", show=False, letter=True),
    KeyAction("faster", "greater_than_sign", "speed(1)", "Faster", "Speed time up: paused, 1×, 10×, 60×",
              "sim speed N", show=False, letter=True),
    KeyAction("resources-next", "right_square_bracket", "cycle_kind(1)", "Next kind",
              "Show the next kind in the resources pane", show=False, letter=True),
    KeyAction("resources-prev", "left_square_bracket", "cycle_kind(-1)", "Previous kind",
              "Show the previous kind in the resources pane", show=False, letter=True),
]

# The lesson screen's own keys, on top of free play's. Not `h` (it moves left, as in vim and k9s), and not
# ctrl+h, which many terminals send for backspace.
LESSON_KEYS: list[KeyAction] = [
    KeyAction("hint", "t", "hint", "Hint", "Show the next hint of this step (tip)", letter=True),
    KeyAction("next-step", "n", "next_step", "Next", "Go on to the next step once this one is done (or skip it)",
              letter=True),
    KeyAction("previous-step", "b", "previous_step", "Back", "Go back to the previous step, as it began",
              show=False, letter=True),
    KeyAction("restart-step", "ctrl+r", "restart_step", "Restart step",
              "Put the cluster back as it was when this step began", show=False),
    KeyAction("solution", "ctrl+o", "show_solution", "Solution",
              "Show this step's solution (asks first; the step then counts as assisted)", show=False),
]

LETTER_ACTIONS = frozenset(k.action.split("(")[0] for k in [*PLAY_KEYS, *LESSON_KEYS] if k.letter)


def bindings(keys: list[KeyAction]) -> list[BindingType]:
    return [Binding(k.key, k.action, k.description, show=k.show, tooltip=k.help, id=k.id) for k in keys]


def display_key(key: str) -> str:
    """The key as the help screen prints it (`colon` → `:`)."""
    names = {"colon": ":", "slash": "/", "question_mark": "?", "escape": "esc", "exclamation_mark": "!",
             "space": "space", "less_than_sign": "<", "greater_than_sign": ">", "left": "←", "right": "→",
             "up": "↑", "down": "↓", "right_square_bracket": "]", "left_square_bracket": "[", "enter": "enter"}
    return " ".join(names.get(part, part) for part in key.split(","))
