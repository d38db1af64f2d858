"""discovery.k8s.io/v1 kinds: EndpointSlice."""

from __future__ import annotations

from typing import Annotated

from .base import Bool, Go, Int32, K8sModel, Loose, ObjectMeta, Str, StrList, StrMap


class EndpointConditions(K8sModel):
    ready: Bool = None
    serving: Bool = None
    terminating: Bool = None


class Endpoint(K8sModel):
    addresses: StrList = None
    conditions: EndpointConditions | None = None
    hostname: Str = None
    targetRef: Annotated[Loose, Go("v1.ObjectReference")] = None
    deprecatedTopology: StrMap = None
    nodeName: Str = None
    zone: Str = None
    hints: Annotated[Loose, Go("v1.EndpointHints")] = None


class EndpointPort(K8sModel):
    name: Str = None
    protocol: Str = None
    port: Int32 = None
    appProtocol: Str = None


class EndpointSlice(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    addressType: Str = None
    endpoints: list[Endpoint | None] | None = None
    ports: list[EndpointPort | None] | None = None
