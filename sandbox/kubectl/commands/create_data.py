"""`kubectl create configmap|secret generic NAME [--from-literal=k=v] [--from-file=[k=]path] [--from-env-file=path]`
(k/k staging/src/k8s.io/kubectl/pkg/cmd/create/create_configmap.go, create_secret.go, pkg/util/util.go,
pkg/cmd/util/env_file.go).

Files are read from the session's working folder, as kubectl reads them from
yours. A ConfigMap keeps UTF-8 files in `data` and other bytes in `binaryData`;
a Secret keeps every value base64-encoded in `data`.
"""

from __future__ import annotations

import base64
import posixpath
import re
from pathlib import Path
from typing import Any

from ...core.schema.fielderrors import config_key
from ..errors import CommandError, error, unknown_subcommand
from ..parse import Parsed
from .common import exactly_one_name

MAX_FILE_BYTES = 1_048_576   # a ConfigMap or Secret holds at most 1 MiB: a bigger file could never be created
SECRET_HELP = """Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use "kubectl create secret <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands)."""
_ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")


class _Entries:
    """The keys gathered so far, refused the way kubectl refuses a bad or repeated key."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind, self.name = kind, name
        self.data: dict[str, bytes] = {}

    def add(self, key: str, value: bytes) -> None:
        problems = config_key(key)
        if self.kind == "ConfigMap":
            if problems:
                raise error(f'"{key}" is not a valid key name for a ConfigMap: {",".join(problems)}')
            if key in self.data:
                where = "Data" if _is_text(self.data[key]) else "BinaryData"
                raise error(f'cannot add key "{key}", another key by that name already exists in {where} for '
                            f'ConfigMap "{self.name}"')
        else:
            if problems:
                raise error(f'"{key}" is not valid key name for a Secret {";".join(problems)}')
            if key in self.data:
                raise error(f"cannot add key {key}, another key by that name already exists")
        self.data[key] = value


def configmap_manifest(parsed: Parsed, rest: list[str], cwd: Path) -> dict[str, Any]:
    name = exactly_one_name("create configmap", rest)
    entries = _gather(parsed, "ConfigMap", name, cwd)
    manifest: dict[str, Any] = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}}
    text = {k: v.decode() for k, v in entries.data.items() if _is_text(v)}
    binary = {k: base64.b64encode(v).decode() for k, v in entries.data.items() if not _is_text(v)}
    if text:
        manifest["data"] = text
    if binary:
        manifest["binaryData"] = binary
    return manifest


def secret_manifest(parsed: Parsed, rest: list[str], cwd: Path) -> dict[str, Any]:
    if not rest:
        raise CommandError(SECRET_HELP, exit_code=1)
    if rest[0] in ("docker-registry", "tls"):
        raise error(f"the sandbox creates generic secrets only; write a manifest of type "
                    f"{'kubernetes.io/dockerconfigjson' if rest[0] == 'docker-registry' else 'kubernetes.io/tls'} "
                    f"and use kubectl apply -f")
    if rest[0] != "generic":
        raise unknown_subcommand(rest[0], "kubectl create secret")
    name = exactly_one_name("create secret generic", rest[1:])
    entries = _gather(parsed, "Secret", name, cwd)
    manifest: dict[str, Any] = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}}
    if entries.data:
        manifest["data"] = {k: base64.b64encode(v).decode() for k, v in entries.data.items()}
    if parsed.flags.get("type"):
        manifest["type"] = parsed["type"]
    return manifest


def _gather(parsed: Parsed, kind: str, name: str, cwd: Path) -> _Entries:
    """Literals, files and env files in kubectl's order: files first for a ConfigMap, literals first for a Secret."""
    files = _slice(parsed["from-file"])
    env_files = _slice(parsed["from-env-file"])
    literals = parsed["from-literal"]
    if env_files and (files or literals):
        raise error("from-env-file cannot be combined with from-file or from-literal")
    entries = _Entries(kind, name)
    steps = [(_add_files, files), (_add_literals, literals)]
    for step, sources in steps if kind == "ConfigMap" else reversed(steps):
        step(entries, sources, cwd)
    for source in env_files:
        _add_env_file(entries, source, cwd, kind)
    return entries


def _slice(values: list[str]) -> list[str]:
    """pflag's StringSlice: every comma-separated part of every use of the flag."""
    return [part for value in values for part in value.split(",") if part]


def _add_literals(entries: _Entries, sources: list[str], _cwd: Path) -> None:
    for source in sources:
        key, eq, value = source.partition("=")
        if not eq or not key:
            raise error(f"invalid literal source {source}, expected key=value")
        entries.add(key, value.encode())


def _add_files(entries: _Entries, sources: list[str], cwd: Path) -> None:
    """ParseFileSource: `path` (the key is its base name) or `key=path`; a folder gives each regular file in it."""
    for source in sources:
        equals = source.count("=")
        if equals > 1:
            raise error("key names or file paths cannot contain '='")
        if equals and source.startswith("="):
            raise error(f"key name for file path {source[1:]} missing")
        if equals and source.endswith("="):
            raise error(f"file path for key name {source[:-1]} missing")
        key, _, path_text = source.rpartition("=") if equals else (posixpath.basename(source), "", source)
        path = _local(path_text, cwd)
        if path.is_dir():
            if equals:
                raise error("cannot give a key name for a directory path")
            for item in sorted(p for p in path.iterdir() if p.is_file()):
                entries.add(item.name, _read(item, str(item)))
        else:
            entries.add(key, _read(path, path_text))


def _add_env_file(entries: _Entries, source: str, cwd: Path, kind: str) -> None:
    """AddFromEnvFile: KEY=VALUE lines; blank lines and `#` comments skipped; a bare KEY is left empty here."""
    path = _local(source, cwd)
    if path.is_dir():
        raise error(f"env {'config' if kind == 'ConfigMap' else 'secret'} file cannot be a directory")
    raw = _read(path, source)
    for number, line in enumerate(raw.split(b"\n")):
        try:
            text = line.decode()
        except UnicodeDecodeError:
            raise error(f"env file {source} contains invalid utf8 bytes at line {number + 1}") from None
        text = (text.removeprefix("\ufeff") if number == 0 else text).lstrip()
        if not text or text.startswith("#"):
            continue
        key, eq, value = text.partition("=")
        if not _ENV_NAME.fullmatch(key):
            raise error(f'"{key}" is not a valid key name: a valid environment variable name must consist of '
                        "alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. "
                        "'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
                        "'[-._a-zA-Z][-._a-zA-Z0-9]*')")
        entries.add(key, value.rstrip("\r").encode() if eq else b"")


def _local(text: str, cwd: Path) -> Path:
    path = Path(text) if Path(text).is_absolute() else cwd / text
    if not path.exists():
        raise error(f"error reading {text}: no such file or directory")
    return path


def _read(path: Path, label: str) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise error(f"{label} is larger than a ConfigMap or Secret may hold (1 MiB)")
        return path.read_bytes()
    except OSError as err:
        raise error(f"error reading {label}: {(err.strerror or str(err)).lower()}") from None


def _is_text(value: bytes) -> bool:
    try:
        value.decode()
    except UnicodeDecodeError:
        return False
    return True
