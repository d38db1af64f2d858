"""networking.k8s.io/v1 kinds: Ingress, IngressClass, NetworkPolicy."""

from __future__ import annotations

from typing import Any, Optional

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
    port: Optional[ServiceBackendPort] = None


class IngressBackend(K8sModel):
    service: Optional[IngressServiceBackend] = None
    resource: Optional[TypedLocalObjectReference] = None


class HTTPIngressPath(K8sModel):
    path: Str = None
    pathType: Str = None
    backend: Optional[IngressBackend] = None


class HTTPIngressRuleValue(K8sModel):
    paths: Optional[list[Optional[HTTPIngressPath]]] = None


class IngressRule(K8sModel):
    host: Str = None
    http: Optional[HTTPIngressRuleValue] = None


class IngressTLS(K8sModel):
    hosts: StrList = None
    secretName: Str = None


class IngressSpec(K8sModel):
    ingressClassName: Str = None
    defaultBackend: Optional[IngressBackend] = None
    tls: Optional[list[Optional[IngressTLS]]] = None
    rules: Optional[list[Optional[IngressRule]]] = None


class Ingress(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[IngressSpec] = None
    status: Any = None


class IngressClassParametersReference(K8sModel):
    apiGroup: Str = None
    kind: Str = None
    name: Str = None
    scope: Str = None
    namespace: Str = None


class IngressClassSpec(K8sModel):
    controller: Str = None
    parameters: Optional[IngressClassParametersReference] = None


class IngressClass(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[IngressClassSpec] = None


class IPBlock(K8sModel):
    cidr: Str = None
    except_: StrList = Field(None, alias="except")


class NetworkPolicyPeer(K8sModel):
    podSelector: Optional[LabelSelector] = None
    namespaceSelector: Optional[LabelSelector] = None
    ipBlock: Optional[IPBlock] = None


class NetworkPolicyPort(K8sModel):
    protocol: Str = None
    port: IntOrString = None
    endPort: Int32 = None


class NetworkPolicyIngressRule(K8sModel):
    ports: Optional[list[Optional[NetworkPolicyPort]]] = None
    from_: Optional[list[Optional[NetworkPolicyPeer]]] = Field(None, alias="from")


class NetworkPolicyEgressRule(K8sModel):
    ports: Optional[list[Optional[NetworkPolicyPort]]] = None
    to: Optional[list[Optional[NetworkPolicyPeer]]] = None


class NetworkPolicySpec(K8sModel):
    podSelector: Optional[LabelSelector] = None
    ingress: Optional[list[Optional[NetworkPolicyIngressRule]]] = None
    egress: Optional[list[Optional[NetworkPolicyEgressRule]]] = None
    policyTypes: StrList = None


class NetworkPolicy(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[NetworkPolicySpec] = None
