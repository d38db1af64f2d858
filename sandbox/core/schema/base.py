"""Building blocks for the manifest schema: strict models that decode like the API server.

Every model forbids unknown fields and coerces nothing (strict mode), as the API
server's strict JSON decoder does. Every field is optional and accepts null,
because Go decodes a JSON null as the zero value, without error. The `Go`
marker and the model class names carry the Go type names the server prints in
its decoding errors ("... into Go struct field DeploymentSpec.spec.replicas of
type int32").
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, PlainValidator
from pydantic_core import PydanticCustomError

from ..quantity import parse_quantity


class Go:
    """The Go type name of a field, for decoding errors."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class K8sModel(BaseModel):
    """A Go API struct: strict, closed, every field optional."""

    # defer_build: a model builds its validator when first used, not when its module is imported (a
    # hundred models, most of which a session never validates, cost ~150 ms to build up front).
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    go_package: ClassVar[str] = "v1"


def _int_or_string(value: Any) -> Any:
    # intstr.IntOrString.UnmarshalJSON: a JSON string is a string, anything else must be an int32.
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)
                                  and -2**31 <= value < 2**31):
        return value
    raise PydanticCustomError("intstr", "not an int32 or a string")


QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
_QUANTITY_RE = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")


def _quantity(value: Any) -> Any:
    # resource.Quantity.UnmarshalJSON: a JSON string or number holding a quantity.
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError("quantity", QUANTITY_ERROR)
    text = value.strip() if isinstance(value, str) else repr(value)
    if not _QUANTITY_RE.match(text):
        raise PydanticCustomError("quantity", QUANTITY_ERROR)
    if not text.endswith(("n", "u")):  # nano and micro units: valid, but quantity.py does not parse them
        try:
            parse_quantity(text)
        except ValueError:
            raise PydanticCustomError("quantity", QUANTITY_ERROR) from None
    return value


_BASE64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def base64_error(src: str) -> int | None:
    """Where Go's base64.StdEncoding rejects `src` ("illegal base64 data at input byte N"), or None.

    A port of encoding/base64's decodeQuantum loop: newlines are skipped, padding is required.
    """
    si, n = 0, len(src)
    while True:
        j = 0
        while j < 4:
            if si == n:
                return None if j == 0 else si - j
            char = src[si]
            si += 1
            if char in _BASE64:
                j += 1
            elif char in "\r\n":
                continue
            elif char != "=" or j < 2:
                return si - 1
            else:
                return _after_padding(src, si, j)


def _after_padding(src: str, si: int, j: int) -> int | None:
    """The rest of a quantum that reached `=` after `j` characters: at most one more `=`, then the end."""
    n = len(src)
    if j == 2:
        while si < n and src[si] in "\r\n":
            si += 1
        if si == n:
            return n
        if src[si] != "=":
            return si - 1
        si += 1
    while si < n and src[si] in "\r\n":
        si += 1
    return si if si < n else None


def _base64(value: Any) -> Any:
    # []byte.UnmarshalJSON: a JSON string in standard base64.
    if not isinstance(value, str):
        raise PydanticCustomError("base64", "json: cannot unmarshal {kind} into Go value of type []uint8",
                                  {"kind": "number" if isinstance(value, (int, float)) else "object"})
    position = base64_error(value)
    if position is not None:
        raise PydanticCustomError("base64", "illegal base64 data at input byte {position}", {"position": position})
    return value


Str = str | None
Bool = bool | None
Int32 = Annotated[int, Ge(-2**31), Le(2**31 - 1), Go("int32")] | None
Int64 = Annotated[int, Ge(-2**63), Le(2**63 - 1), Go("int64")] | None
Float = Annotated[float, Go("float64")] | None
IntOrString = Annotated[Any, PlainValidator(_int_or_string), Go("intstr.IntOrString")] | None
Quantity = Annotated[Any, PlainValidator(_quantity), Go("resource.Quantity")] | None
StrList = list[str | None] | None
StrMap = dict[str, str | None] | None
ResourceList = Annotated[dict[str, Quantity], Go("v1.ResourceList")] | None
Base64Map = dict[str, Annotated[Any, PlainValidator(_base64), Go("[]uint8")] | None] | None
Time = Str  # metav1.Time: an RFC 3339 string; the sandbox does not parse it on input


# An object or list the sandbox stores but does not model field by field (its fields are not checked),
# named for errors with a Go marker: `Annotated[Loose, Go("v1.Affinity")]`.
Loose = dict[str, Any] | None
LooseList = list[Any] | None


class LabelSelectorRequirement(K8sModel):
    key: Str = None
    operator: Str = None
    values: StrList = None


class LabelSelector(K8sModel):
    matchLabels: StrMap = None
    matchExpressions: list[LabelSelectorRequirement | None] | None = None


class OwnerReference(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    name: Str = None
    uid: Str = None
    controller: Bool = None
    blockOwnerDeletion: Bool = None


class ObjectMeta(K8sModel):
    """metadata: the server ignores the fields it owns (uid, resourceVersion, ...) on input."""

    name: Str = None
    generateName: Str = None
    namespace: Str = None
    selfLink: Str = None
    uid: Str = None
    resourceVersion: Str = None
    generation: Int64 = None
    creationTimestamp: Time = None
    deletionTimestamp: Time = None
    deletionGracePeriodSeconds: Int64 = None
    labels: StrMap = None
    annotations: StrMap = None
    ownerReferences: list[OwnerReference | None] | None = None
    finalizers: StrList = None
    managedFields: Annotated[LooseList, Go("[]v1.ManagedFieldsEntry")] = None


class TypedLocalObjectReference(K8sModel):
    apiGroup: Str = None
    kind: Str = None
    name: Str = None
