"""`kubectl describe` for the networking kinds: Service, Endpoints, EndpointSlice, Ingress,
NetworkPolicy, PodDisruptionBudget (k/k staging/src/k8s.io/kubectl/pkg/describe/describe.go)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ...core.objects import EPOCH, KObject
from ...core.simulation import Simulation
from .describe import Writer, annotations_multiline, header, labels_multiline
from .tables import format_selector

MAX_ENDPOINTS = 3   # formatEndpointSlices shows three, then "+ N more..."


def label_selector(selector: dict[str, Any] | None) -> str:
    """metav1.FormatLabelSelector: `<none>` for an empty selector."""
    return format_selector(selector or {}) or "<none>"


def _slices(sim: Simulation, namespace: str, service: str) -> list[KObject]:
    found = sim.list("EndpointSlice", namespace, [("kubernetes.io/service-name", "=", (service,))])
    return sorted(found, key=lambda s: s.name)


def format_endpoint_slices(slices: list[KObject], port_name: str | None) -> str:
    """formatEndpointSlices: ready addresses with the named port, three at most."""
    if not slices:
        return "<none>"
    shown: list[str] = []
    count = 0
    for eps in slices:
        ports = eps.body.get("ports") or []
        for port in ports or [None]:
            if port is not None and port_name is not None and (port.get("name") or "") != port_name:
                continue
            for ep in eps.body.get("endpoints") or []:
                if (ep.get("conditions") or {}).get("ready") is False or not ep.get("addresses"):
                    continue
                if len(shown) < MAX_ENDPOINTS:
                    address = ep["addresses"][0]
                    shown.append(address if port is None else f"{address}:{port.get('port')}")
                count += 1
    text = ",".join(shown)
    return f"{text} + {count - MAX_ENDPOINTS} more..." if count > MAX_ENDPOINTS else text


def describe_service(sim: Simulation, svc: KObject, w: Writer) -> None:
    spec = svc.spec
    header(w, svc, timestamp=False)
    selector = spec.get("selector") or {}
    w.write(0, "Selector:\t" + ",".join(f"{k}={v}" for k, v in sorted(selector.items())) + "\n")
    w.write(0, f"Type:\t{spec.get('type', 'ClusterIP')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    ingress = (svc.status.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(0, "LoadBalancer Ingress:\t" + ", ".join(str(i.get("ip") or i.get("hostname") or "")
                                                      for i in ingress) + "\n")
    slices = _slices(sim, svc.namespace, svc.name)
    for port in spec.get("ports") or []:
        name, proto = port.get("name") or "<unset>", port.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{port.get('port')}/{proto}\n")
        w.write(0, f"TargetPort:\t{port.get('targetPort', port.get('port'))}/{proto}\n")
        if port.get("appProtocol"):
            w.write(0, f"AppProtocol:\t{port['appProtocol']}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{format_endpoint_slices(slices, port.get('name') or '')}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', 'None')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")


def describe_endpoints(sim: Simulation, ep: KObject, w: Writer) -> None:
    header(w, ep, timestamp=False)
    w.write(0, "Subsets:\n")
    for subset in ep.body.get("subsets") or []:
        ready = ",".join(a.get("ip", "") for a in subset.get("addresses") or [])
        not_ready = ",".join(a.get("ip", "") for a in subset.get("notReadyAddresses") or [])
        w.write(1, f"Addresses:\t{ready or '<none>'}\n")
        w.write(1, f"NotReadyAddresses:\t{not_ready or '<none>'}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(2, f"{port.get('name') or '<unset>'}\t{port.get('port')}\t{port.get('protocol', 'TCP')}\n")
        w.write(0, "\n")


def describe_endpoint_slice(sim: Simulation, eps: KObject, w: Writer) -> None:
    header(w, eps, timestamp=False)
    w.write(0, f"AddressType:\t{eps.body.get('addressType', '')}\n")
    ports = eps.body.get("ports") or []
    if not ports:
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in ports:
            number = port.get("port")
            w.write(1, f"{port.get('name') or '<unset>'}\t{'<unset>' if number is None else number}\t"
                       f"{port.get('protocol', 'TCP')}\n")
    endpoints = eps.body.get("endpoints") or []
    if not endpoints:
        w.write(0, "Endpoints: <none>\n")
        return
    w.write(0, "Endpoints:\n")
    for ep in endpoints:
        w.write(1, f"- Addresses:\t{', '.join(ep.get('addresses') or []) or '<none>'}\n")
        w.write(2, "Conditions:\n")
        ready = (ep.get("conditions") or {}).get("ready")
        w.write(3, f"Ready:\t{'<unset>' if ready is None else str(bool(ready)).lower()}\n")
        w.write(2, f"Hostname:\t{ep.get('hostname', '<unset>')}\n")
        ref = ep.get("targetRef")
        if ref:
            w.write(2, f"TargetRef:\t{ref.get('kind')}/{ref.get('name')}\n")
        w.write(2, f"NodeName:\t{ep.get('nodeName', '<unset>')}\n")
        w.write(2, f"Zone:\t{ep.get('zone', '<unset>')}\n")


def _backend(sim: Simulation, namespace: str, backend: dict[str, Any]) -> str:
    """describeBackendV1: `service:port (endpoints)`, or `<error: …>` when the Service is missing."""
    service = backend.get("service")
    if isinstance(service, dict):
        port = service.get("port") or {}
        text = f"{service.get('name')}:{port.get('number') if port.get('number') else port.get('name', '')}"
        svc = sim.try_get("Service", namespace, str(service.get("name", "")))
        if svc is None:
            return f'{text} (<error: services "{service.get("name")}" not found>)'
        port_name = ""
        for sp in svc.spec.get("ports") or []:
            if (port.get("number") and port["number"] == sp.get("port")) or \
                    (port.get("name") and port["name"] == sp.get("name")):
                port_name = sp.get("name") or ""
        return f"{text} ({format_endpoint_slices(_slices(sim, namespace, svc.name), port_name)})"
    resource = backend.get("resource")
    if isinstance(resource, dict):
        return (f"APIGroup: {resource.get('apiGroup') or '<none>'}, Kind: {resource.get('kind')}, "
                f"Name: {resource.get('name')}")
    return ""


def describe_ingress(sim: Simulation, ing: KObject, w: Writer) -> None:
    spec = ing.spec
    w.write(0, f"Name:\t{ing.name}\n")
    labels_multiline(w, "Labels", ing.metadata.labels)
    w.write(0, f"Namespace:\t{ing.namespace}\n")
    addresses = (ing.status.get("loadBalancer") or {}).get("ingress") or []
    w.write(0, "Address:\t" + ",".join(str(a.get("ip") or a.get("hostname") or "") for a in addresses) + "\n")
    w.write(0, f"Ingress Class:\t{spec.get('ingressClassName') or '<none>'}\n")
    default = _backend(sim, ing.namespace, spec["defaultBackend"]) if spec.get("defaultBackend") else "<default>"
    w.write(0, f"Default backend:\t{default}\n")
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for tls in spec["tls"]:
            hosts = ",".join(tls.get("hosts") or [])
            w.write(1, f"{tls['secretName']} terminates {hosts}\n" if tls.get("secretName")
                    else f"SNI routes {hosts}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        http = rule.get("http")
        if not http:
            continue
        count += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in http.get("paths") or []:
            w.write(2, f"\t{path.get('path', '')} \t{_backend(sim, ing.namespace, path.get('backend') or {})}\n")
    if count == 0:
        w.write(1, f"*\t*\t{default}\n")
    annotations_multiline(w, "Annotations", ing.metadata.annotations)


def go_time(seconds: float) -> str:
    """metav1.Time printed with %s (Go's time.Time.String()): `2026-01-01 00:00:05 +0000 UTC`."""
    return (EPOCH + timedelta(seconds=int(seconds))).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def policy_types(spec: dict[str, Any]) -> list[str]:
    """The API server defaults policyTypes: Ingress always, Egress when there are egress rules."""
    types = spec.get("policyTypes")
    if types:
        return list(types)
    return ["Ingress"] + (["Egress"] if spec.get("egress") else [])


def describe_network_policy(sim: Simulation, np: KObject, w: Writer) -> None:
    spec = np.spec
    w.write(0, f"Name:\t{np.name}\n")
    w.write(0, f"Namespace:\t{np.namespace}\n")
    w.write(0, f"Created on:\t{go_time(np.metadata.creation_timestamp)}\n")
    labels_multiline(w, "Labels", np.metadata.labels)
    annotations_multiline(w, "Annotations", np.metadata.annotations)
    w.write(0, "Spec:\n")
    w.write(1, "PodSelector: ")
    selector = spec.get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(2, f"{label_selector(selector)}\n")
    types = policy_types(spec)
    for direction, field, peers in (("ingress", "ingress", "from"), ("egress", "egress", "to")):
        if direction.capitalize() in types:
            w.write(1, f"Allowing {direction} traffic:\n")
            _policy_rules(w, spec.get(field) or [], direction, peers)
        else:
            w.write(1, f"Not affecting {direction} traffic\n")
    w.write(1, f"Policy Types: {', '.join(types) or '<none>'}\n")


def _policy_rules(w: Writer, rules: list[dict[str, Any]], direction: str, peers_field: str) -> None:
    indent = "    "
    if not rules:
        w.write(0, f"{indent}<none> (Selected pods are isolated for {direction} connectivity)\n")
        return
    word = "From" if peers_field == "from" else "To"
    for i, rule in enumerate(rules):
        ports = rule.get("ports") or []
        if not ports:
            w.write(0, f"{indent}To Port: <any> (traffic allowed to all ports)\n")
        for port in ports:
            proto = port.get("protocol") or "TCP"
            if port.get("endPort") is None:
                w.write(0, f"{indent}To Port: {port.get('port', '<nil>')}/{proto}\n")
            else:
                w.write(0, f"{indent}To Port Range: {port.get('port')}-{port['endPort']}/{proto}\n")
        peers = rule.get(peers_field) or []
        if not peers:
            unrestricted = "source" if word == "From" else "destination"
            w.write(0, f"{indent}{word}: <any> (traffic not restricted by {unrestricted})\n")
        for peer in peers:
            w.write(0, f"{indent}{word}:\n")
            if peer.get("namespaceSelector") is not None:
                w.write(1, f"{indent}NamespaceSelector: {label_selector(peer['namespaceSelector'])}\n")
            if peer.get("podSelector") is not None:
                w.write(1, f"{indent}PodSelector: {label_selector(peer['podSelector'])}\n")
            if peer.get("podSelector") is None and peer.get("namespaceSelector") is None and peer.get("ipBlock"):
                block = peer["ipBlock"]
                w.write(1, f"{indent}IPBlock:\n")
                w.write(2, f"{indent}CIDR: {block.get('cidr', '')}\n")
                w.write(2, f"{indent}Except: {', '.join(block.get('except') or [])}\n")
        if i != len(rules) - 1:
            w.write(0, f"{indent}----------\n")


def describe_pdb(sim: Simulation, pdb: KObject, w: Writer) -> None:
    spec, st = pdb.spec, pdb.status
    w.write(0, f"Name:\t{pdb.name}\n")
    w.write(0, f"Namespace:\t{pdb.namespace}\n")
    if spec.get("minAvailable") is not None:
        w.write(0, f"Min available:\t{spec['minAvailable']}\n")
    elif spec.get("maxUnavailable") is not None:
        w.write(0, f"Max unavailable:\t{spec['maxUnavailable']}\n")
    selector = spec.get("selector")
    w.write(0, f"Selector:\t{label_selector(selector) if selector is not None else '<unset>'}\n")
    w.write(0, "Status:\n")
    w.write(2, f"Allowed disruptions:\t{st.get('disruptionsAllowed', 0)}\n")
    w.write(2, f"Current:\t{st.get('currentHealthy', 0)}\n")
    w.write(2, f"Desired:\t{st.get('desiredHealthy', 0)}\n")
    w.write(2, f"Total:\t{st.get('expectedPods', 0)}\n")
