"""Cluster DNS as CoreDNS's kubernetes plugin answers it.

A pod's /etc/resolv.conf (dnsPolicy ClusterFirst) searches
`<ns>.svc.cluster.local svc.cluster.local cluster.local`, so `web`, `web.default`,
`web.default.svc` and `web.default.svc.cluster.local` all name the Service `web`
in `default`. A Service resolves to its ClusterIP; a headless one to its ready
endpoints' IPs, and `web-0.web.default.svc.cluster.local` to the ready endpoint
whose hostname is `web-0` (a StatefulSet's pod); `10-244-1-5.<ns>.pod.cluster.local`
to that pod IP. Nothing
resolves while no coredns pod is Ready: the resolver's queries go unanswered.
"""

from __future__ import annotations

from ..objects import KObject, pod_is_ready
from ..store import Store

CLUSTER_DOMAIN = "cluster.local"
DNS_NAMESPACE = "kube-system"
DNS_SELECTOR = [("k8s-app", "=", ("kube-dns",))]


def dns_pods(store: Store) -> list[KObject]:
    """The coredns pods that answer queries: Ready and not terminating."""
    return [p for p in store.list("Pod", DNS_NAMESPACE, DNS_SELECTOR)
            if pod_is_ready(p) and p.metadata.deletion_timestamp is None and p.status.get("podIP")]


def search_names(name: str, namespace: str) -> list[str]:
    """The fully qualified names a ClusterFirst resolver tries, in order (ndots:5)."""
    name = name.rstrip(".").lower()
    searched = [f"{name}.{suffix}" for suffix in
                (f"{namespace}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}", CLUSTER_DOMAIN)]
    return [*searched, name] if name.count(".") < 5 else [name, *searched]


def lookup(store: Store, fqdn: str) -> tuple[KObject | None, list[str]]:
    """One cluster name: (the Service it names, if any; its A records)."""
    suffix = f".svc.{CLUSTER_DOMAIN}"
    if fqdn.endswith(suffix):
        parts = fqdn[: -len(suffix)].split(".")
        if len(parts) == 3:
            return _endpoint_hostname(store, *parts)
        if len(parts) != 2:
            return None, []
        svc = store.try_get("Service", parts[1], parts[0])
        if svc is None or svc.spec.get("type") == "ExternalName":
            return None, []
        ip = svc.spec.get("clusterIP")
        if ip and ip != "None":
            return svc, [ip]
        return svc, _headless_ips(store, svc)
    pod_suffix = f".pod.{CLUSTER_DOMAIN}"
    if fqdn.endswith(pod_suffix):
        parts = fqdn[: -len(pod_suffix)].split(".")
        if len(parts) == 2 and parts[0].count("-") == 3:
            return None, [parts[0].replace("-", ".")]
    return None, []


def resolve(store: Store, name: str, namespace: str) -> tuple[KObject | None, list[str]]:
    """Resolve as a pod in `namespace` would (caller checks that DNS is up)."""
    for fqdn in search_names(name, namespace):
        svc, ips = lookup(store, fqdn)
        if ips:
            return svc, ips
    return None, []


def _endpoint_hostname(store: Store, hostname: str, service: str, namespace: str) -> tuple[KObject | None, list[str]]:
    """CoreDNS answers `<hostname>.<service>.<ns>.svc` for a headless Service's ready endpoint with that hostname."""
    from ..controllers.endpointslice import SERVICE_NAME_LABEL

    svc = store.try_get("Service", namespace, service)
    if svc is None or svc.spec.get("clusterIP") != "None":
        return None, []
    ips = [ep["addresses"][0]
           for slc in store.list("EndpointSlice", namespace, [(SERVICE_NAME_LABEL, "=", (service,))])
           for ep in slc.body.get("endpoints") or []
           if ep.get("hostname") == hostname and ep.get("conditions", {}).get("ready", True)]
    return (svc, ips) if ips else (None, [])


def _headless_ips(store: Store, svc: KObject) -> list[str]:
    from .routing import ready_endpoints

    return [ep.ip for ep in ready_endpoints(store, svc, None)]
