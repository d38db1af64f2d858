"""Splitting a command line like a shell, and flags like pflag (kubectl's flag library)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from .errors import error, flag_error

INT64_MAX = 2**63 - 1


def tokenize(line: str) -> list[str]:
    """shlex with POSIX quoting; a NUL byte or an unbalanced quote is an error, as in a shell."""
    if "\x00" in line:
        raise error("the command line contains a NUL byte")
    try:
        return shlex.split(line, comments=False, posix=True)
    except ValueError:
        raise error("unexpected end of line while looking for a matching quote") from None


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    kind: str = "str"  # str | bool | int | list | csv (pflag's StringSlice: each value split at commas)
    default: Any = None
    # pflag's NoOptDefVal: the value of a string flag given without one (`--cascade` means background)
    no_value: str | None = None


# Every flag any command accepts; each command lists the names it allows.
FLAGS: dict[str, Flag] = {f.name: f for f in [
    Flag("namespace", "n"), Flag("all-namespaces", "A", "bool", False),
    Flag("output", "o", default=""), Flag("selector", "l", default=""),
    Flag("field-selector", default=""), Flag("show-labels", kind="bool", default=False),
    Flag("filename", "f", "list", ()), Flag("recursive", "R", "bool", False),
    Flag("replicas", kind="int"), Flag("image", kind="list", default=()),
    Flag("port", kind="str"), Flag("target-port"), Flag("protocol"), Flag("type"), Flag("name"),
    Flag("node-port", kind="int"), Flag("tcp", kind="list", default=()),
    Flag("to-revision", kind="int", default=0), Flag("ignore-daemonsets", kind="bool", default=False),
    Flag("delete-emptydir-data", kind="bool", default=False), Flag("force", kind="bool", default=False),
    Flag("dry-run", default="none"), Flag("grace-period", kind="int", default=-1),
    Flag("all", kind="bool", default=False), Flag("sort-by", default=""),
    Flag("overwrite", kind="bool", default=False), Flag("rule", kind="list", default=()),
    Flag("class"), Flag("timeout", default="0s"), Flag("watch", "w", "bool", False),
    Flag("now", kind="bool", default=False), Flag("container", "c"), Flag("tail", kind="int", default=-1),
    Flag("revision", kind="int", default=0), Flag("stdin", "i", "bool", False), Flag("tty", "t", "bool", False),
    Flag("api-group", default=""), Flag("namespaced", default=""),
    Flag("wait", kind="bool", default=True), Flag("current-replicas", kind="int", default=-1),
    Flag("no-headers", kind="bool", default=False),
    Flag("follow", "f", "bool", False), Flag("previous", "p", "bool", False),
    Flag("patch", "p", default=""), Flag("cascade", default="background", no_value="background"),
    Flag("for", default=""), Flag("types", kind="csv", default=()),
    Flag("address", kind="csv", default=()), Flag("pod-running-timeout", default="1m0s"),
    Flag("labels", "l", default=""), Flag("env", kind="list", default=()),
    Flag("command", kind="bool", default=False), Flag("rm", kind="bool", default=False),
    Flag("attach", kind="bool", default=False), Flag("expose", kind="bool", default=False),
    Flag("annotations", kind="list", default=()), Flag("image-pull-policy", default=""),
    Flag("min", kind="int", default=-1), Flag("max", kind="int", default=-1),
    Flag("cpu-percent", kind="int", default=-1),
    Flag("client", kind="bool", default=False), Flag("minify", kind="bool", default=False),
    Flag("current", kind="bool", default=False), Flag("cluster", default=""), Flag("user", default=""),
    Flag("from-literal", kind="list", default=()), Flag("from-file", kind="list", default=()),
    Flag("from-env-file", kind="list", default=()), Flag("schedule"), Flag("restart"), Flag("from"),
    Flag("min-available", default=""), Flag("max-unavailable", default=""),
    # the sandbox's own (`sim why`, `sim diff`)
    Flag("tree", kind="bool", default=False), Flag("effects", default=""), Flag("status", kind="bool", default=False),
]}
# Accepted by every command, as kubectl's global flags are.
GLOBAL_FLAGS = ("namespace",)


@dataclass
class Parsed:
    args: list[str]
    flags: dict[str, Any]
    # words after a bare `--` (exec POD -- curl URL), and whether there was one (cobra's ArgsLenAtDash)
    rest: list[str] = field(default_factory=list)
    dash: bool = False
    given: set[str] = field(default_factory=set)

    def __getitem__(self, name: str) -> Any:
        return self.flags[name]


class FlagError(ValueError):
    """A pflag parse error; cobra prints it as `Error: ...` plus a usage hint."""


def parse_flags(command: str, words: list[str], allowed: tuple[str, ...]) -> Parsed:
    """pflag semantics: `--a=b`, `--a b`, `-ab`, `-a b`, bool flags need no value, `--` ends flags."""
    try:
        return _parse(words, allowed)
    except FlagError as err:
        raise flag_error(command, str(err)) from None


def _parse(words: list[str], allowed: tuple[str, ...]) -> Parsed:
    names = {*allowed, *GLOBAL_FLAGS}
    specs = [FLAGS[n] for n in FLAGS if n in names]
    longs = {f.name: f for f in specs}
    shorts = {f.short: f for f in specs if f.short}
    parsed = Parsed([], {f.name: _empty(f) for f in specs})
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            parsed.rest, parsed.dash = words[i:], True
            break
        if word.startswith("--") and len(word) > 2:
            name, eq, value = word[2:].partition("=")
            spec = longs.get(name)
            if spec is None:
                raise FlagError(f"unknown flag: --{name}")
            if not eq and spec.no_value is not None:
                value = spec.no_value
            elif not eq and spec.kind != "bool":
                i, value = _take_value(words, i, f"--{name}")
            _set(parsed, spec, value if eq or spec.kind != "bool" else "true", f"--{name}")
        elif word.startswith("-") and len(word) > 1 and word != "-":
            i = _shorts(parsed, shorts, word, words, i)
        else:
            parsed.args.append(word)
    return parsed


def _shorts(parsed: Parsed, shorts: dict[str, Flag], word: str, words: list[str], i: int) -> int:
    chars = word[1:]
    while chars:
        spec = shorts.get(chars[0])
        if spec is None:
            raise FlagError(f"unknown shorthand flag: '{chars[0]}' in {word}")
        rest = chars[1:]
        if spec.kind == "bool":
            value = "true"
            if rest.startswith("="):
                value, rest = rest[1:], ""
            _set(parsed, spec, value, f"-{spec.short}")
            chars = rest
            continue
        if rest:
            value = rest[1:] if rest.startswith("=") else rest
        else:
            i, value = _take_value(words, i, f"-{spec.short}")
        _set(parsed, spec, value, f"-{spec.short}")
        break
    return i


def _take_value(words: list[str], i: int, flag: str) -> tuple[int, str]:
    if i >= len(words):
        label = flag if flag.startswith("--") else f"'{flag[1]}' in {flag}"
        raise FlagError(f"flag needs an argument: {label}")
    return i + 1, words[i]


def _empty(spec: Flag) -> Any:
    return [] if spec.kind in ("list", "csv") else spec.default


def _set(parsed: Parsed, spec: Flag, value: str, flag: str) -> None:
    parsed.given.add(spec.name)
    if spec.kind == "list":
        parsed.flags[spec.name].append(value)
    elif spec.kind == "csv":
        parsed.flags[spec.name].extend(value.split(",") if value else [])
    elif spec.kind == "bool":
        if value not in ("true", "false", "1", "0", "True", "False", "t", "f", "T", "F", "TRUE", "FALSE"):
            raise FlagError(f'invalid argument "{value}" for "{_both(spec)}" flag: strconv.ParseBool: '
                            f'parsing "{value}": invalid syntax')
        parsed.flags[spec.name] = value in ("true", "1", "True", "t", "T", "TRUE")
    elif spec.kind == "int":
        parsed.flags[spec.name] = parse_int(value, _both(spec))
    else:
        parsed.flags[spec.name] = value


def _both(spec: Flag) -> str:
    return f"-{spec.short}, --{spec.name}" if spec.short else f"--{spec.name}"


def parse_int(value: str, flag: str) -> int:
    """Go's strconv.ParseInt(value, 10, 64), with its error wording."""
    problem = "" if _INT_RE.fullmatch(value) else "invalid syntax"
    number = 0
    if not problem:
        # Convert only the significant digits: int() of thousands of digits is refused by Python.
        digits = value.lstrip("+-").lstrip("0") or "0"
        if len(digits) <= len(str(INT64_MAX)):
            number = -int(digits) if value.startswith("-") else int(digits)
        if len(digits) > len(str(INT64_MAX)) or not -INT64_MAX - 1 <= number <= INT64_MAX:
            problem = "value out of range"
    if problem:
        raise FlagError(f'invalid argument "{value}" for "{flag}" flag: strconv.ParseInt: parsing "{value}": {problem}')
    return number


_INT_RE = re.compile(r"[+-]?[0-9]+", re.ASCII)


MAX_GO_DURATION = (2**63 - 1) / 1e9
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_GO_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)([^0-9.]*)")


def parse_go_duration(value: str, flag: str) -> float:
    """pflag's DurationVar: Go's time.ParseDuration (`30s`, `1m30s`, `500ms`, `0`), in seconds."""
    text = value.lstrip("+-")
    problem = ""
    total = 0.0
    if value in ("0", "+0", "-0"):
        return 0.0
    if not text:
        problem = f"time: invalid duration {_go_quote(value)}"
    pos = 0
    while not problem and pos < len(text):
        m = _GO_DURATION_PART.match(text, pos)
        number, unit = (m.group(1), m.group(2)) if m else ("", "")
        if number in ("", "."):
            problem = f"time: invalid duration {_go_quote(value)}"
        elif not unit:
            problem = f"time: missing unit in duration {_go_quote(value)}"
        elif unit not in _GO_UNITS:
            problem = f"time: unknown unit {_go_quote(unit)} in duration {_go_quote(value)}"
        else:
            total += float(number) * _GO_UNITS[unit]
            pos = m.end() if m else len(text)
    if not problem and total > MAX_GO_DURATION:       # Go's int64 nanoseconds overflow: hundreds of digits
        problem = f"time: invalid duration {_go_quote(value)}"
    if problem:
        raise FlagError(f'invalid argument "{value}" for "{flag}" flag: {problem}')
    return -total if value.startswith("-") else total


def _go_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
