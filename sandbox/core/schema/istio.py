"""networking.istio.io kinds: VirtualService and DestinationRule (custom resources).

Only the parts the lessons use are modelled field by field; the rest (CORS,
redirects, TLS and TCP routes, traffic policies) are stored without checking
their inner fields.
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional

from .base import (
    Bool,
    Float,
    Int32,
    K8sModel,
    Loose,
    LooseList,
    ObjectMeta,
    Str,
    StrList,
    StrMap,
)


class IstioModel(K8sModel):
    # A custom resource: its schema errors read like the CRD's OpenAPI validation, not Go's decoder.
    crd: ClassVar[bool] = True


class StringMatch(IstioModel):
    exact: Str = None
    prefix: Str = None
    regex: Str = None


class HTTPMatchRequest(IstioModel):
    name: Str = None
    uri: Optional[StringMatch] = None
    scheme: Optional[StringMatch] = None
    method: Optional[StringMatch] = None
    authority: Optional[StringMatch] = None
    headers: Optional[dict[str, Optional[StringMatch]]] = None
    port: Int32 = None
    sourceLabels: StrMap = None
    gateways: StrList = None
    queryParams: Optional[dict[str, Optional[StringMatch]]] = None
    ignoreUriCase: Bool = None
    withoutHeaders: Optional[dict[str, Optional[StringMatch]]] = None
    sourceNamespace: Str = None
    statPrefix: Str = None


class PortSelector(IstioModel):
    number: Int32 = None


class Destination(IstioModel):
    host: Str = None
    subset: Str = None
    port: Optional[PortSelector] = None


class HTTPRouteDestination(IstioModel):
    destination: Optional[Destination] = None
    weight: Int32 = None
    headers: Loose("Headers") = None


class HTTPRetry(IstioModel):
    attempts: Int32 = None
    perTryTimeout: Str = None
    retryOn: Str = None
    retryRemoteLocalities: Bool = None


class Percent(IstioModel):
    value: Float = None


class FaultDelay(IstioModel):
    fixedDelay: Str = None
    percentage: Optional[Percent] = None
    percent: Int32 = None


class FaultAbort(IstioModel):
    httpStatus: Int32 = None
    grpcStatus: Str = None
    percentage: Optional[Percent] = None


class HTTPFaultInjection(IstioModel):
    delay: Optional[FaultDelay] = None
    abort: Optional[FaultAbort] = None


class HTTPRoute(IstioModel):
    name: Str = None
    match: Optional[list[Optional[HTTPMatchRequest]]] = None
    route: Optional[list[Optional[HTTPRouteDestination]]] = None
    redirect: Loose("HTTPRedirect") = None
    directResponse: Loose("HTTPDirectResponse") = None
    delegate: Loose("Delegate") = None
    rewrite: Loose("HTTPRewrite") = None
    timeout: Str = None
    retries: Optional[HTTPRetry] = None
    fault: Optional[HTTPFaultInjection] = None
    mirror: Optional[Destination] = None
    mirrors: LooseList("HTTPMirrorPolicy") = None
    mirrorPercentage: Optional[Percent] = None
    corsPolicy: Loose("CorsPolicy") = None
    headers: Loose("Headers") = None


class VirtualServiceSpec(IstioModel):
    hosts: StrList = None
    gateways: StrList = None
    http: Optional[list[Optional[HTTPRoute]]] = None
    tls: LooseList("TLSRoute") = None
    tcp: LooseList("TCPRoute") = None
    exportTo: StrList = None


class VirtualService(IstioModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[VirtualServiceSpec] = None
    status: Any = None


class Subset(IstioModel):
    name: Str = None
    labels: StrMap = None
    trafficPolicy: Loose("TrafficPolicy") = None


class DestinationRuleSpec(IstioModel):
    host: Str = None
    trafficPolicy: Loose("TrafficPolicy") = None
    subsets: Optional[list[Optional[Subset]]] = None
    exportTo: StrList = None
    workloadSelector: Loose("WorkloadSelector") = None


class DestinationRule(IstioModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[DestinationRuleSpec] = None
    status: Any = None
