"""networking.istio.io kinds: VirtualService and DestinationRule (custom resources).

Only the parts the lessons use are modelled field by field; the rest (CORS,
redirects, TLS and TCP routes, traffic policies) are stored without checking
their inner fields.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from .base import (
    Bool,
    Float,
    Go,
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
    uri: StringMatch | None = None
    scheme: StringMatch | None = None
    method: StringMatch | None = None
    authority: StringMatch | None = None
    headers: dict[str, StringMatch | None] | None = None
    port: Int32 = None
    sourceLabels: StrMap = None
    gateways: StrList = None
    queryParams: dict[str, StringMatch | None] | None = None
    ignoreUriCase: Bool = None
    withoutHeaders: dict[str, StringMatch | None] | None = None
    sourceNamespace: Str = None
    statPrefix: Str = None


class PortSelector(IstioModel):
    number: Int32 = None


class Destination(IstioModel):
    host: Str = None
    subset: Str = None
    port: PortSelector | None = None


class HTTPRouteDestination(IstioModel):
    destination: Destination | None = None
    weight: Int32 = None
    headers: Annotated[Loose, Go("Headers")] = None


class HTTPRetry(IstioModel):
    attempts: Int32 = None
    perTryTimeout: Str = None
    retryOn: Str = None
    retryRemoteLocalities: Bool = None


class Percent(IstioModel):
    value: Float = None


class FaultDelay(IstioModel):
    fixedDelay: Str = None
    percentage: Percent | None = None
    percent: Int32 = None


class FaultAbort(IstioModel):
    httpStatus: Int32 = None
    grpcStatus: Str = None
    percentage: Percent | None = None


class HTTPFaultInjection(IstioModel):
    delay: FaultDelay | None = None
    abort: FaultAbort | None = None


class HTTPRoute(IstioModel):
    name: Str = None
    match: list[HTTPMatchRequest | None] | None = None
    route: list[HTTPRouteDestination | None] | None = None
    redirect: Annotated[Loose, Go("HTTPRedirect")] = None
    directResponse: Annotated[Loose, Go("HTTPDirectResponse")] = None
    delegate: Annotated[Loose, Go("Delegate")] = None
    rewrite: Annotated[Loose, Go("HTTPRewrite")] = None
    timeout: Str = None
    retries: HTTPRetry | None = None
    fault: HTTPFaultInjection | None = None
    mirror: Destination | None = None
    mirrors: Annotated[LooseList, Go("HTTPMirrorPolicy")] = None
    mirrorPercentage: Percent | None = None
    corsPolicy: Annotated[Loose, Go("CorsPolicy")] = None
    headers: Annotated[Loose, Go("Headers")] = None


class VirtualServiceSpec(IstioModel):
    hosts: StrList = None
    gateways: StrList = None
    http: list[HTTPRoute | None] | None = None
    tls: Annotated[LooseList, Go("TLSRoute")] = None
    tcp: Annotated[LooseList, Go("TCPRoute")] = None
    exportTo: StrList = None


class VirtualService(IstioModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: VirtualServiceSpec | None = None
    status: Any = None


class Subset(IstioModel):
    name: Str = None
    labels: StrMap = None
    trafficPolicy: Annotated[Loose, Go("TrafficPolicy")] = None


class DestinationRuleSpec(IstioModel):
    host: Str = None
    trafficPolicy: Annotated[Loose, Go("TrafficPolicy")] = None
    subsets: list[Subset | None] | None = None
    exportTo: StrList = None
    workloadSelector: Annotated[Loose, Go("WorkloadSelector")] = None


class DestinationRule(IstioModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: DestinationRuleSpec | None = None
    status: Any = None
