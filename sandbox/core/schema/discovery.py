"""discovery.k8s.io/v1 kinds: EndpointSlice."""

from __future__ import annotations

from typing import Optional

from .base import Bool, Int32, K8sModel, Loose, ObjectMeta, Str, StrList, StrMap


class EndpointConditions(K8sModel):
    ready: Bool = None
    serving: Bool = None
    terminating: Bool = None


class Endpoint(K8sModel):
    addresses: StrList = None
    conditions: Optional[EndpointConditions] = None
    hostname: Str = None
    targetRef: Loose("v1.ObjectReference") = None
    deprecatedTopology: StrMap = None
    nodeName: Str = None
    zone: Str = None
    hints: Loose("v1.EndpointHints") = None


class EndpointPort(K8sModel):
    name: Str = None
    protocol: Str = None
    port: Int32 = None
    appProtocol: Str = None


class EndpointSlice(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    addressType: Str = None
    endpoints: Optional[list[Optional[Endpoint]]] = None
    ports: Optional[list[Optional[EndpointPort]]] = None
