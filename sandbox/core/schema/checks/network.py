"""Services (pkg/apis/core/validation), Ingresses and NetworkPolicies (pkg/apis/networking/validation)."""

from __future__ import annotations

import ipaddress

from ..fielderrors import (
    FieldErrors,
    GoLiteral,
    check_labels,
    dns1035_label,
    dns1123_label,
    dns1123_subdomain,
    port_name,
    port_number,
)
from .common import NODE_PORT_RANGE, PROTOCOLS, Obj, check_selector


def check_service(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    stype = spec.get("type") or ""
    ports = spec.get("ports") or []
    headless = spec.get("clusterIP") == "None"
    if stype not in ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort"):
        errs.not_supported("spec.type", stype, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"])
    if stype == "ExternalName":
        if not spec.get("externalName"):
            errs.required("spec.externalName")
    elif not ports and not headless:
        errs.required("spec.ports")
    names: dict[str, bool] = {}
    for i, port in enumerate(ports):
        check_service_port(errs, port, f"spec.ports[{i}]", len(ports) > 1, names, stype)
    check_labels(errs, spec.get("selector"), "spec.selector")
    affinity = spec.get("sessionAffinity")
    if affinity not in ("ClientIP", "None"):
        errs.not_supported("spec.sessionAffinity", affinity or "", ["ClientIP", "None"])
    cluster_ip = spec.get("clusterIP")
    if cluster_ip and cluster_ip != "None" and not _is_ip(cluster_ip):
        errs.invalid("spec.clusterIPs[0]", cluster_ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")


def check_service_port(errs: FieldErrors, port: Obj, path: str, several: bool, names: dict[str, bool],
                       stype: str) -> None:
    name = port.get("name") or ""
    if several and not name:
        errs.required(f"{path}.name")
    elif name:
        for msg in dns1123_label(name):
            errs.invalid(f"{path}.name", name, msg)
        if name in names:
            errs.duplicate(f"{path}.name", name)
        names[name] = True
    number = port.get("port") or 0
    for msg in port_number(number):
        errs.invalid(f"{path}.port", number, msg)
    protocol = port.get("protocol")
    if protocol not in PROTOCOLS:
        errs.not_supported(f"{path}.protocol", protocol or "", PROTOCOLS)
    target = port.get("targetPort")
    if isinstance(target, str):
        for msg in port_name(target):
            errs.invalid(f"{path}.targetPort", target, msg)
    elif target:
        for msg in port_number(target):
            errs.invalid(f"{path}.targetPort", target, msg)
    node_port = port.get("nodePort")
    if node_port:
        if stype == "ClusterIP":
            errs.forbidden(f"{path}.nodePort", "may not be used when `type` is 'ClusterIP'")
        elif not NODE_PORT_RANGE[0] <= node_port <= NODE_PORT_RANGE[1]:
            errs.invalid(f"{path}.nodePort", node_port, "provided port is not in the valid range. "
                         f"The range of valid ports is {NODE_PORT_RANGE[0]}-{NODE_PORT_RANGE[1]}")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


INGRESS_PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]


def check_ingress(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    rules = spec.get("rules") or []
    if spec.get("defaultBackend") is None and not rules:
        errs.invalid("spec", GoLiteral("[]networking.IngressRule(nil)"),
                     "either `defaultBackend` or `rules` must be specified")
    if spec.get("defaultBackend") is not None:
        check_ingress_backend(errs, spec["defaultBackend"], "spec.defaultBackend")
    for i, rule in enumerate(rules):
        host = rule.get("host") or ""
        if host:
            for msg in dns1123_subdomain(host[2:] if host.startswith("*.") else host):
                errs.invalid(f"spec.rules[{i}].host", host, msg)
        http = rule.get("http")
        if http is None:
            continue
        paths = http.get("paths") or []
        if not paths:
            errs.required(f"spec.rules[{i}].http.paths")
        for j, path in enumerate(paths):
            check_ingress_path(errs, path, f"spec.rules[{i}].http.paths[{j}]")


def check_ingress_path(errs: FieldErrors, entry: Obj, path: str) -> None:
    """validateHTTPIngressPath."""
    path_type, text = entry.get("pathType"), entry.get("path") or ""
    if path_type is None:
        errs.required(f"{path}.pathType", "pathType must be specified")
        return
    if path_type in ("Exact", "Prefix"):
        if not text.startswith("/"):
            errs.invalid(f"{path}.path", text, "must be an absolute path")
        for seq in ("//", "/./", "/../", "%2f", "%2F"):
            if seq in text:
                errs.invalid(f"{path}.path", text, f"must not contain '{seq}'")
        for suffix in ("/..", "/."):
            if text.endswith(suffix):
                errs.invalid(f"{path}.path", text, f"cannot end with '{suffix}'")
    elif path_type == "ImplementationSpecific":
        if text and not text.startswith("/"):
            errs.invalid(f"{path}.path", text, "must be an absolute path")
    else:
        errs.not_supported(f"{path}.pathType", path_type, INGRESS_PATH_TYPES)
    check_ingress_backend(errs, entry.get("backend") or {}, f"{path}.backend")


def check_ingress_backend(errs: FieldErrors, backend: Obj, path: str) -> None:
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        errs.invalid(path, "", "cannot set both resource and service backends")
    elif resource is not None:
        return
    elif service is None:
        errs.invalid(path, "", "resource or service backend is required")
    else:
        name = service.get("name") or ""
        if not name:
            errs.required(f"{path}.service.name")
        for msg in dns1035_label(name) if name else ():
            errs.invalid(f"{path}.service.name", name, msg)
        port = service.get("port") or {}
        port_name_, number = port.get("name") or "", port.get("number") or 0
        if port_name_ and number:
            errs.invalid(path, "", "cannot set both port name & port number")
        elif port_name_:
            for msg in port_name(port_name_):
                errs.invalid(f"{path}.service.port.name", port_name_, msg)
        elif number:
            for msg in port_number(number):
                errs.invalid(f"{path}.service.port.number", number, msg)
        else:
            errs.required(path, "port name or number is required")


def check_network_policy(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    check_selector(errs, spec.get("podSelector") or {}, "spec.podSelector")
    for direction, peers_field in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(direction) or []):
            rpath = f"spec.{direction}[{i}]"
            for j, port in enumerate(rule.get("ports") or []):
                check_policy_port(errs, port, f"{rpath}.ports[{j}]")
            for j, peer in enumerate(rule.get(peers_field) or []):
                check_policy_peer(errs, peer, f"{rpath}.{peers_field}[{j}]")
    types = spec.get("policyTypes") or []
    if len(types) > 2:
        listed = ", ".join(f'"{t}"' for t in types)
        errs.invalid("spec.policyTypes", GoLiteral(f"&[]networking.PolicyType{{{listed}}}"),
                     "may not specify more than two policyTypes")
        return
    for i, ptype in enumerate(types):
        if ptype not in ("Ingress", "Egress"):
            errs.not_supported(f"spec.policyTypes[{i}]", ptype, ["Ingress", "Egress"])


def check_policy_port(errs: FieldErrors, port: Obj, path: str) -> None:
    protocol = port.get("protocol")
    if protocol is not None and protocol not in PROTOCOLS:
        errs.not_supported(f"{path}.protocol", protocol, PROTOCOLS)
    value = port.get("port")
    if isinstance(value, str):
        for msg in port_name(value):
            errs.invalid(f"{path}.port", value, msg)
    elif value is not None:
        for msg in port_number(value):
            errs.invalid(f"{path}.port", value, msg)


def check_policy_peer(errs: FieldErrors, peer: Obj, path: str) -> None:
    given = [k for k in ("podSelector", "namespaceSelector", "ipBlock") if peer.get(k) is not None]
    if not given:
        errs.required(path, "must specify a peer")
    elif len(given) > 1 and "ipBlock" in given:
        errs.forbidden(path, "may not specify both ipBlock and another peer")
    for key in ("podSelector", "namespaceSelector"):
        if peer.get(key) is not None:
            check_selector(errs, peer[key], f"{path}.{key}")
    block = peer.get("ipBlock")
    if block is not None:
        check_ip_block(errs, block, f"{path}.ipBlock")


def check_ip_block(errs: FieldErrors, block: Obj, path: str) -> None:
    cidr = block.get("cidr") or ""
    if not cidr:
        errs.required(f"{path}.cidr")
        return
    network = _network(cidr) if "/" in cidr else None
    if network is None:
        errs.invalid(f"{path}.cidr", cidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")
        return
    for i, text in enumerate(block.get("except") or []):
        epath = f"{path}.except[{i}]"
        inner = _network(text) if text and "/" in text else None
        if inner is None:
            errs.invalid(epath, text, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")
        elif not _strict_subnet(inner, network):
            errs.invalid(epath, text, "must be a strict subset of `cidr`")


def _strict_subnet(inner: ipaddress.IPv4Network | ipaddress.IPv6Network,
                   outer: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    """A narrower network inside `outer`, of the same IP version (subnet_of raises across versions)."""
    if inner.prefixlen <= outer.prefixlen:
        return False
    if isinstance(inner, ipaddress.IPv4Network) and isinstance(outer, ipaddress.IPv4Network):
        return inner.subnet_of(outer)
    if isinstance(inner, ipaddress.IPv6Network) and isinstance(outer, ipaddress.IPv6Network):
        return inner.subnet_of(outer)
    return False
