"""Field errors worded like k8s.io/apimachinery/pkg/util/validation/field, and its value checks.

`FieldErrors` collects "spec.replicas: Invalid value: -1: must be greater than
or equal to 0" lines; `invalid()` turns them into the API server's 422
message, `Deployment.apps "web" is invalid: [a, b]`. Values print as Go's
%v / %q / %#v would print them; `GoLiteral` carries a pre-formatted %#v.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Invalid


class GoLiteral(str):
    """A value already written the way Go's %#v writes it (`map[string]string{"app":"x"}`)."""


def go_quote(text: str) -> str:
    """Go's strconv.Quote, for the characters manifests contain."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def go_value(value: Any) -> str:
    if isinstance(value, GoLiteral):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_quote(value)
    return str(value)


def go_string_map(mapping: dict[str, Any] | None) -> GoLiteral:
    if mapping is None:
        return GoLiteral("map[string]string(nil)")
    pairs = ", ".join(f"{go_quote(str(k))}:{go_quote(str(mapping[k]))}" for k in sorted(mapping, key=str))
    return GoLiteral(f"map[string]string{{{pairs}}}")


def go_int_or_string(value: int | str) -> GoLiteral:
    if isinstance(value, str):
        return GoLiteral(f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{go_quote(value)}}}")
    return GoLiteral(f'intstr.IntOrString{{Type:0, IntVal:{value}, StrVal:""}}')


def _go_string_slice(values: list[Any] | None) -> str:
    if not values:
        return "[]string(nil)"
    return "[]string{" + ", ".join(go_quote(str(v)) for v in values) + "}"


def go_label_selector(selector: dict[str, Any]) -> GoLiteral:
    labels = selector.get("matchLabels")
    exprs = selector.get("matchExpressions")
    if exprs:
        items = ", ".join(
            f"v1.LabelSelectorRequirement{{Key:{go_quote(str(e.get('key') or ''))}, "
            f"Operator:{go_quote(str(e.get('operator') or ''))}, Values:{_go_string_slice(e.get('values'))}}}"
            for e in exprs)
        exprs_text = f"[]v1.LabelSelectorRequirement{{{items}}}"
    else:
        exprs_text = "[]v1.LabelSelectorRequirement(nil)"
    labels_text = go_string_map(labels) if labels else "map[string]string(nil)"
    return GoLiteral(f"v1.LabelSelector{{MatchLabels:{labels_text}, MatchExpressions:{exprs_text}}}")


class FieldErrors:
    """A field.ErrorList: the causes of one 422 Invalid response, in the order found."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def _add(self, text: str, detail: str) -> None:
        self.items.append(f"{text}: {detail}" if detail else text)

    def required(self, path: str, detail: str = "") -> None:
        self._add(f"{path}: Required value", detail)

    def forbidden(self, path: str, detail: str) -> None:
        self._add(f"{path}: Forbidden", detail)

    def invalid(self, path: str, value: Any, detail: str) -> None:
        self._add(f"{path}: Invalid value: {go_value(value)}", detail)

    def duplicate(self, path: str, value: Any, detail: str = "") -> None:
        self._add(f"{path}: Duplicate value: {go_value(value)}", detail)

    def not_supported(self, path: str, value: Any, supported: list[str]) -> None:
        self._add(f"{path}: Unsupported value: {go_value(value)}",
                  "supported values: " + ", ".join(go_quote(s) for s in supported))

    def to_error(self, qualified_kind: str, name: str) -> Invalid:
        """errors.NewInvalid: one cause bare, several as `[a, b]`; identical causes once (ToAggregate)."""
        causes = list(dict.fromkeys(self.items))
        body = causes[0] if len(causes) == 1 else "[" + ", ".join(causes) + "]"
        return Invalid(f"{qualified_kind} {go_quote(name)} is invalid: {body}", causes)


# ---- k8s.io/apimachinery/pkg/util/validation ------------------------------------------------

def _regex_error(msg: str, fmt: str, *examples: str) -> str:
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def _max_len(n: int) -> str:
    return f"must be no more than {n} characters"


_DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN_FMT = _DNS1123_LABEL_FMT + r"(\." + _DNS1123_LABEL_FMT + ")*"
_DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE_FMT = f"({_QUALIFIED_NAME_FMT})?"
_PERCENT_FMT = "[0-9]+%"
_RE = {fmt: re.compile(fmt) for fmt in (_DNS1123_LABEL_FMT, _DNS1123_SUBDOMAIN_FMT, _DNS1035_LABEL_FMT,
                                                _QUALIFIED_NAME_FMT, _LABEL_VALUE_FMT, _PERCENT_FMT)}


def _full(fmt: str, text: str) -> bool:
    return _RE[fmt].fullmatch(text) is not None


def dns1123_label(value: str) -> list[str]:
    errs = [_max_len(63)] if len(value) > 63 else []
    if not _full(_DNS1123_LABEL_FMT, value):
        errs.append(_regex_error("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
                                 "'-', and must start and end with an alphanumeric character",
                                 _DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def dns1123_subdomain(value: str) -> list[str]:
    errs = [_max_len(253)] if len(value) > 253 else []
    if not _full(_DNS1123_SUBDOMAIN_FMT, value):
        errs.append(_regex_error("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                                 " '-' or '.', and must start and end with an alphanumeric character",
                                 _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def dns1035_label(value: str) -> list[str]:
    errs = [_max_len(63)] if len(value) > 63 else []
    if not _full(_DNS1035_LABEL_FMT, value):
        errs.append(_regex_error("a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                                 "start with an alphabetic character, and end with an alphanumeric character",
                                 _DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def qualified_name(value: str) -> list[str]:
    """IsQualifiedName: label and annotation keys (`app`, `example.com/tier`)."""
    name_msg = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                "alphanumeric character")
    parts = value.split("/")
    errs: list[str] = []
    if len(parts) > 2:
        return ["a qualified name " + _regex_error(name_msg, _QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    name = parts[-1]
    if len(parts) == 2:
        if not parts[0]:
            errs.append("prefix part must be non-empty")
        else:
            errs += ["prefix part " + m for m in dns1123_subdomain(parts[0])]
    if not name:
        errs.append("name part must be non-empty")
    elif len(name) > 63:
        errs.append("name part " + _max_len(63))
    if not _full(_QUALIFIED_NAME_FMT, name):
        errs.append("name part " + _regex_error(name_msg, _QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"))
    return errs


def label_value(value: str) -> list[str]:
    errs = [_max_len(63)] if len(value) > 63 else []
    if not _full(_LABEL_VALUE_FMT, value):
        errs.append(_regex_error("a valid label must be an empty string or consist of alphanumeric characters, "
                                 "'-', '_' or '.', and must start and end with an alphanumeric character",
                                 _LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def percent(value: str) -> list[str]:
    if _full(_PERCENT_FMT, value):
        return []
    return [_regex_error("a valid percent string must be a numeric string followed by an ending '%'",
                         _PERCENT_FMT, "1%", "93%")]


_CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+"
_RE[_CONFIG_KEY_FMT] = re.compile(_CONFIG_KEY_FMT)


def config_key(value: str) -> list[str]:
    """IsConfigMapKey: the keys of a ConfigMap's or a Secret's data."""
    errs = [_max_len(253)] if len(value) > 253 else []
    if not _full(_CONFIG_KEY_FMT, value):
        errs.append(_regex_error("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                                 _CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    if value == ".":
        errs.append("must not be '.'")
    elif value == "..":
        errs.append("must not be '..'")
    elif value.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def port_number(value: int) -> list[str]:
    return [] if 1 <= value <= 65535 else ["must be between 1 and 65535, inclusive"]


def port_name(value: str) -> list[str]:
    errs = [_max_len(15)] if len(value) > 15 else []
    if not re.fullmatch("[-a-z0-9]+", value):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search("[a-z]", value):
        errs.append("must contain at least one letter (a-z)")
    if "--" in value:
        errs.append("must not contain consecutive hyphens")
    if value and (value[0] == "-" or value[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def check_labels(errs: FieldErrors, labels: dict[str, str] | None, path: str) -> None:
    """ValidateLabels, in key order (Go's map order is random; sorted is the deterministic choice)."""
    labels = labels or {}
    for key in sorted(labels):
        for msg in qualified_name(key):
            errs.invalid(path, key, msg)
        for msg in label_value(labels[key]):
            errs.invalid(path, labels[key], msg)


def check_nonnegative(errs: FieldErrors, value: int | None, path: str) -> None:
    if value is not None and value < 0:
        errs.invalid(path, value, "must be greater than or equal to 0")
