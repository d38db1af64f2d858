"""networking.k8s.io/v1 kinds: Ingress, IngressClass, NetworkPolicy."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import (
    Int32,
    IntOrString,
    K8sModel,
    LabelSelector,
    ObjectMeta,
    Str,
    StrList,
    TypedLocalObjectReference,
)


class ServiceBackendPort(K8sModel):
    name: Str = None
    number: Int32 = None


class IngressServiceBackend(K8sModel):
    name: Str = None
    port: ServiceBackendPort | None = None


class IngressBackend(K8sModel):
    service: IngressServiceBackend | None = None
    resource: TypedLocalObjectReference | None = None


class HTTPIngressPath(K8sModel):
    path: Str = None
    pathType: Str = None
    backend: IngressBackend | None = None


class HTTPIngressRuleValue(K8sModel):
    paths: list[HTTPIngressPath | None] | None = None


class IngressRule(K8sModel):
    host: Str = None
    http: HTTPIngressRuleValue | None = None


class IngressTLS(K8sModel):
    hosts: StrList = None
    secretName: Str = None


class IngressSpec(K8sModel):
    ingressClassName: Str = None
    defaultBackend: IngressBackend | None = None
    tls: list[IngressTLS | None] | None = None
    rules: list[IngressRule | None] | None = None


class Ingress(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: IngressSpec | None = None
    status: Any = None


class IngressClassParametersReference(K8sModel):
    apiGroup: Str = None
    kind: Str = None
    name: Str = None
    scope: Str = None
    namespace: Str = None


class IngressClassSpec(K8sModel):
    controller: Str = None
    parameters: IngressClassParametersReference | None = None


class IngressClass(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: IngressClassSpec | None = None


class IPBlock(K8sModel):
    cidr: Str = None
    except_: StrList = Field(None, alias="except")


class NetworkPolicyPeer(K8sModel):
    podSelector: LabelSelector | None = None
    namespaceSelector: LabelSelector | None = None
    ipBlock: IPBlock | None = None


class NetworkPolicyPort(K8sModel):
    protocol: Str = None
    port: IntOrString = None
    endPort: Int32 = None


class NetworkPolicyIngressRule(K8sModel):
    ports: list[NetworkPolicyPort | None] | None = None
    from_: list[NetworkPolicyPeer | None] | None = Field(None, alias="from")


class NetworkPolicyEgressRule(K8sModel):
    ports: list[NetworkPolicyPort | None] | None = None
    to: list[NetworkPolicyPeer | None] | None = None


class NetworkPolicySpec(K8sModel):
    podSelector: LabelSelector | None = None
    ingress: list[NetworkPolicyIngressRule | None] | None = None
    egress: list[NetworkPolicyEgressRule | None] | None = None
    policyTypes: StrList = None


class NetworkPolicy(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: NetworkPolicySpec | None = None
