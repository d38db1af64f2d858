"""The request engine behind `curl`: requests are simulated hop by hop, never sent.

From outside the cluster a URL reaches a node's IP (a NodePort, or a hostPort such
as kind's ingress-nginx on 80/443), a LoadBalancer IP, or a host named in an
Ingress rule, which resolves to that Ingress's ADDRESS as if public DNS pointed
there. From inside a pod, names resolve through cluster DNS (which needs a Ready
coredns pod, and egress to it on UDP 53) and ClusterIPs reach ready endpoints.
Each connection to a pod asks NetworkPolicy (policy.check_connection) and each
Service hop asks the mesh (mesh.route) first. Pods then answer as their image
does (answers.py), possibly by calling further Services themselves. A connection to
localhost on a port that `kubectl port-forward` listens on is tunnelled straight into
its pod, and a pod's own localhost is the pod itself; no NetworkPolicy applies to either
(the traffic stays on the pod's loopback).

The result is a RequestTrace (trace.py): the hops with their policy verdicts, the
status, the pod and version that answered, and the text curl prints (curl.py, which
also reads curl's command line). Requests take no
simulated time; the sandbox's curl gives up connecting after 10 s (as with
`--connect-timeout 10`), which is what a packet dropped by a policy shows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..clock import Clock
from ..ingress_classes import HTTP_PORTS, ControllerKind, controller_kind_of_pod, ingresses_for
from ..leases import NodeLeases
from ..objects import KObject
from ..store import Store
from . import dns, mesh, policy
from .accesslog import AccessLog
from .answers import Answerer
from .counters import Counters, MeshState
from .curl import (
    CONNECT_TIMEOUT_MS,
    CURL_VERSION,
    CurlOptions,
    CurlUsage,
    connect_failure,
    finish,
    parse_curl,
    split_url,
    url_path,
    url_port,
)
from .exchange import REFUSED, Failure, Request, Response, Upstream, html_error, image_of, repository_and_tag
from .ingress import forwarded_request, match
from .ipam import parse_address, parse_network
from .routing import RoundRobin, ready_endpoints, service_port, target_port
from .trace import Hop, RequestTrace
from .whoami import ephemeral_port

if TYPE_CHECKING:
    from .ipam import ServiceAllocator

HOST_IP = "172.18.0.1"                 # the machine outside the cluster (kind's docker network gateway)
MAX_DEPTH = 8                          # proxies calling proxies: give up like a redirect loop would
IMAGES_WITHOUT_CURL = ("busybox", "alpine", "whoami")   # whoami is built FROM scratch
PROBE_AGENT = "kube-probe/1.32"        # the kubelet's User-Agent: kube-probe/<major>.<minor>

Result = tuple["Response | Failure", "KObject | None"]   # the answer and the pod that produced it


# ---- the engine ---------------------------------------------------------------

class RequestEngine:
    def __init__(self, store: Store, clock: Clock, leases: NodeLeases, allocator: ServiceAllocator,
                 lb_addresses: dict[str, str], mesh_state: MeshState) -> None:
        self.store = store
        self.leases = leases
        self.allocator = allocator
        self.lb_addresses = lb_addresses        # LoadBalancer IP -> Service uid (kept by the LB controller)
        self.mesh_state = mesh_state
        self.clock = clock
        self.answerer = Answerer(store, clock)
        self.access_log = AccessLog(store)
        self.round_robin = RoundRobin()
        self.sent = 0                           # requests ever sent (traffic streams tell theirs apart)

    def counters(self) -> tuple[Counters, ...]:
        """Every counter a request's outcome can depend on besides the cluster itself."""
        return self.round_robin, self.mesh_state, self.answerer.served

    def curl(self, argv: list[str], *, from_pod: KObject | None = None,
             forwards: Mapping[int, tuple[KObject, int]] | None = None) -> RequestTrace:
        self.sent += 1
        trace = RequestTrace(list(argv))
        try:
            opts = parse_curl(argv)
        except CurlUsage as usage:
            trace.error = str(usage)
            trace.exit_code = 2
            trace.output = f"{usage}\ncurl: try 'curl --help' or 'curl --manual' for more information"
            return trace
        trace.url = opts.url
        if from_pod is not None and repository_and_tag(image_of(from_pod))[0] in IMAGES_WITHOUT_CURL:
            trace.exit_code = 126
            trace.error = ('OCI runtime exec failed: exec failed: unable to start container process: '
                           'exec: "curl": executable file not found in $PATH: unknown')
            trace.output = trace.error
            return trace
        result, pod = self._run(trace, opts, from_pod, forwards or {})
        trace.pod = pod
        finish(trace, opts, result)
        trace.output = "".join(f"{warning}\n" for warning in opts.warnings) + trace.output
        return trace

    def probe(self, argv: list[str], *, from_pod: KObject | None = None, count: int = 1) -> list[RequestTrace]:
        """Requests that leave no trace: no access-log lines, and every counter and round-robin
        position as it was, so the learner's next curl answers as if the probe never ran."""
        saved = [counters.save() for counters in self.counters()]
        self.access_log.recording = False
        try:
            return [self.curl(argv, from_pod=from_pod) for _ in range(count)]
        finally:
            self.access_log.recording = True
            for counters, values in zip(self.counters(), saved, strict=True):
                counters.restore(values)

    def _run(self, trace: RequestTrace, opts: CurlOptions, from_pod: KObject | None,
             forwards: Mapping[int, tuple[KObject, int]]) -> Result:
        try:
            parts = split_url(opts.url)
            port = url_port(parts)
        except ValueError:
            return Failure(3, "URL rejected: Malformed input to a URL function"), None
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https"):
            return Failure(1, f'Protocol "{parts.scheme}" not supported'), None
        if not host:
            return Failure(3, "URL rejected: No host part in the URL"), None
        path = url_path(parts)
        headers = {"Host": host if port in (80, 443) else f"{host}:{port}", "User-Agent": f"curl/{CURL_VERSION}",
                   "Accept": "*/*", **opts.headers}
        body = "&".join(opts.data)
        if opts.data:   # curl adds these after the others
            headers.setdefault("Content-Length", str(len(body.encode())))
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = Request(opts.method, headers["Host"], path, headers, body=body)
        src = _peer(from_pod)
        trace.hops.append(Hop("client", f"pod {from_pod.namespace}/{from_pod.name}" if from_pod else
                              "your machine (outside the cluster)", src.ip, pod=from_pod))
        trace.request_headers = headers
        if host in LOCALHOST:
            if from_pod is None:
                result, pod = self._forwarded(trace, host, port, request, forwards)
            else:  # a pod's localhost is the pod itself
                result, pod = self._to_pod(trace, src, from_pod, port, request, 0, tunnelled=True)
            if isinstance(result, Failure):
                result = connect_failure(result, host, port, opts.timeout_ms)
            return result, pod
        return self._fetch(trace, src, host, port, request, 0, opts.timeout_ms)

    def probe_http(self, pod: KObject, port: int, path: str, headers: dict[str, str],
                   started_at: float) -> Response | Failure:
        """What a kubelet httpGet probe gets back. It comes from the pod's node, which NetworkPolicy always
        allows (docs: network-policies), and is answered as the app answers any request — a proxying nginx
        calls its upstream. The app's access log shows it, with kube-probe's User-Agent (not the
        ingress-nginx controller's health port, which its nginx does not serve)."""
        ip = str(pod.status.get("podIP", ""))
        request = Request("GET", f"{ip}:{port}", path, {"Host": f"{ip}:{port}", "User-Agent": PROBE_AGENT,
                                                          "Accept": "*/*", "Connection": "close", **headers})
        request.client = self._client_address(str(pod.status.get("hostIP", "")), f"{ip}:{port}")
        answer = self.answerer.answer(pod, port, request, started_at=started_at)
        if isinstance(answer, Upstream):
            upstream, _ = self._fetch(RequestTrace([]), _peer(pod), answer.host, answer.port, answer.request, 1)
            answer = answer.finish(upstream)
        if controller_kind_of_pod(pod) is None:
            self.access_log.record(pod, port, str(pod.status.get("hostIP", "")), request, answer, self.clock.now)
        return answer

    def _forwarded(self, trace: RequestTrace, host: str, port: int, request: Request,
                   forwards: Mapping[int, tuple[KObject, int]]) -> Result:
        """Your machine's localhost: only a port-forward listens there."""
        if port not in forwards:
            return REFUSED, None
        pod, target = forwards[port]
        trace.hops.append(Hop("port-forward", "kubectl port-forward", f"{host}:{port}",
                              note=f"tunnelled through the API server and the kubelet to pod {pod.namespace}/"
                                   f"{pod.name} port {target}"))
        result, producer = self._to_pod(trace, policy.Peer(pod, "127.0.0.1"), pod, target, request, 0,
                                        tunnelled=True)
        if isinstance(result, Failure):
            # kubectl accepted the connection locally; the kubelet then found nothing listening in the pod.
            return Failure(52, "Empty reply from server"), None
        return result, producer

    # ---- name resolution and connection ----------------------------------

    def _fetch(self, trace: RequestTrace, src: policy.Peer, host: str, port: int, request: Request,
               depth: int, timeout_ms: int = CONNECT_TIMEOUT_MS) -> Result:
        ip = host if _is_ip(host) else self._resolve(trace, src, host)
        if depth == 0:
            trace.address = ip
        if ip is None:
            return Failure(6, f"Could not resolve host: {host}"), None
        result, pod = self._connect(trace, src, ip, port, request, depth)
        if isinstance(result, Failure):
            result = connect_failure(result, host, port, timeout_ms)
        return result, pod

    def _resolve(self, trace: RequestTrace, src: policy.Peer, host: str) -> str | None:
        if src.pod is None:
            return self._public_dns(trace, host)
        servers = dns.dns_pods(self.store)
        if not servers:
            trace.hops.append(Hop("dns", "kube-dns", "10.96.0.10:53", note="no coredns pod is Ready: "
                                  f"the query for {host} goes unanswered"))
            return None
        server = self.round_robin.pick("kube-dns", servers)
        verdict = policy.check_connection(self.store, src, _peer(server), 53, "UDP")
        hop = Hop("dns", f"kube-dns via {server.name}", f"{server.status['podIP']}:53/UDP", verdict, pod=server)
        trace.hops.append(hop)
        if not verdict.allowed:
            hop.note = f"the DNS query for {host} is dropped"
            return None
        _svc, ips = dns.resolve(self.store, host, src.pod.namespace)
        hop.note = f"{host} → {ips[0]}" if ips else f"{host}: NXDOMAIN"
        return ips[0] if ips else None

    def _public_dns(self, trace: RequestTrace, host: str) -> str | None:
        """Outside the cluster a host resolves if an Ingress with an ADDRESS names it."""
        from .ingress import host_matches

        for ing in self.store.list("Ingress"):
            addresses = (ing.status.get("loadBalancer") or {}).get("ingress") or []
            if not addresses:
                continue
            for rule in ing.spec.get("rules") or []:
                if rule.get("host") and host_matches(rule["host"], host):
                    ip = addresses[0].get("ip") or ""
                    trace.hops.append(Hop("dns", "public DNS (simulated)", note=f"{host} → {ip}: "
                                          f"ingress {ing.namespace}/{ing.name} names this host"))
                    return ip
        return None

    def _connect(self, trace: RequestTrace, src: policy.Peer, ip: str, port: int, request: Request,
                 depth: int) -> Result:
        uid = self.allocator.ips.get(ip)
        if uid is not None:
            svc = self.store.by_uid(uid)
            if src.pod is None or svc is None:
                return Failure(28, "ClusterIPs are reachable only from inside the cluster"), None
            spec = service_port(svc, port=port)
            if spec is None:
                trace.hops.append(Hop("service", f"{svc.namespace}/{svc.name}", f"{ip}:{port}",
                                      note=f"the Service has no port {port}"))
                return REFUSED, None
            return self._via_service(trace, src, svc, spec, f"{ip}:{port}", request, depth)
        lb_uid = self.lb_addresses.get(ip)
        if lb_uid is not None and (svc := self.store.by_uid(lb_uid)) is not None:
            trace.hops.append(Hop("loadbalancer", f"{svc.namespace}/{svc.name}", f"{ip}:{port}"))
            spec = service_port(svc, port=port)
            if spec is None:
                return REFUSED, None
            return self._via_service(trace, src, svc, spec, f"{svc.spec.get('clusterIP')}:{port}", request, depth)
        node = self._node_by_ip(ip)
        if node is not None:
            return self._at_node(trace, src, node, ip, port, request, depth)
        pod = self._pod_by_ip(ip)
        if pod is not None and src.pod is not None:
            return self._to_pod(trace, src, pod, port, request, depth)
        return Failure(28, "no host answers at this address"), None

    def _at_node(self, trace: RequestTrace, src: policy.Peer, node: KObject, ip: str, port: int,
                 request: Request, depth: int) -> Result:
        hop = Hop("node", node.name, f"{ip}:{port}")
        trace.hops.append(hop)
        if not self.leases.renewing(node.name):
            hop.note = "the machine is down"
            return Failure(28, "the node does not answer"), None
        uid = self.allocator.ports.get(port)
        svc = self.store.by_uid(uid) if uid else None
        if svc is not None:
            hop.note = f"NodePort {port} of service {svc.namespace}/{svc.name}"
            spec = service_port(svc, node_port=port)
            # externalTrafficPolicy Cluster: kube-proxy SNATs to the node's IP before forwarding, to any endpoint.
            # Local: the client's address is kept and only this node's endpoints serve; with none here, kube-proxy
            # drops the packets (k/k pkg/proxy/iptables/proxier.go: "has no local endpoints", KUBE-MARK-DROP).
            local = svc.spec.get("externalTrafficPolicy") == "Local"
            return self._via_service(trace, src if local else policy.Peer(src.pod, ip), svc, spec or {},
                                     f"{svc.spec.get('clusterIP')}:{(spec or {}).get('port')}", request, depth,
                                     only_node=node.name if local else None)
        for pod in self.store.pods_on_node(node.name):
            if pod.metadata.deletion_timestamp is None and _host_port(pod, port) is not None:
                hop.note = f"hostPort {port} of pod {pod.namespace}/{pod.name}"
                return self._to_pod(trace, src, pod, _host_port(pod, port), request, depth)  # type: ignore[arg-type]
        hop.note = f"nothing listens on port {port}"
        return REFUSED, None

    # ---- Services and pods --------------------------------------------------

    def _via_service(self, trace: RequestTrace, src: policy.Peer, svc: KObject, spec: dict[str, Any], address: str,
                     request: Request, depth: int, only_node: str | None = None) -> Result:
        hop = Hop("service", f"{svc.namespace}/{svc.name}", address)
        trace.hops.append(hop)
        routed = mesh.route(self.store, svc, 0, client=src.pod, path=request.path.split("?")[0],
                            headers=request.headers, state=self.mesh_state)
        if routed is not None:
            hop.note = routed.rule
            if not routed.pods:
                headers = [("Server", "envoy"), ("Content-Length", str(len(mesh.NO_HEALTHY_UPSTREAM))),
                           ("Content-Type", "text/plain")]
                return Response(routed.status, headers,
                                mesh.NO_HEALTHY_UPSTREAM if routed.status == 503 else ""), None
            pod = self.round_robin.pick(f"{svc.uid}/{routed.subset}", routed.pods)
            target = target_port(svc, spec, pod)
            if target is None:
                return REFUSED, None
            return self._to_pod(trace, src, pod, target, request, depth)
        endpoints = ready_endpoints(self.store, svc, spec.get("name", ""))
        if not endpoints:
            hop.note = "no ready endpoints: kube-proxy rejects the connection"
            return Failure(7, "Couldn't connect to server", no_endpoints=True), None
        if only_node is not None:
            endpoints = [e for e in endpoints if e.pod.spec.get("nodeName") == only_node]
            if not endpoints:
                hop.note = f"externalTrafficPolicy Local: no ready endpoint on {only_node}; kube-proxy drops it"
                return Failure(28, "no local endpoint"), None
        endpoint = self.round_robin.pick(svc.uid, endpoints)
        hop.note = f"{len(endpoints)} ready endpoint(s): {endpoint.ip}:{endpoint.port}"
        return self._to_pod(trace, src, endpoint.pod, endpoint.port or 0, request, depth)

    def _to_pod(self, trace: RequestTrace, src: policy.Peer, pod: KObject, port: int, request: Request,
                depth: int, *, tunnelled: bool = False) -> Result:
        dst = _peer(pod)
        node = pod.spec.get("nodeName")
        if node and not self.leases.renewing(node):
            # A stopped machine answers nothing; kube-proxy keeps sending it a share of the traffic
            # until the node lifecycle controller marks its pods not Ready (k/k pkg/controller/
            # nodelifecycle: MarkPodsNotReady after the 50 s grace period).
            trace.hops.append(Hop("pod", f"{pod.namespace}/{pod.name}", f"{dst.ip}:{port}", pod=pod,
                                  note=f"its node {node} is down: nothing answers"))
            return Failure(28, "the pod's node does not answer"), None
        verdict = policy.PolicyVerdict(True, None, None, TUNNELLED) if tunnelled else \
            policy.check_connection(self.store, src, dst, port, "TCP")
        hop = Hop("pod", f"{pod.namespace}/{pod.name}", f"{dst.ip}:{port}", verdict, pod=pod)
        trace.hops.append(hop)
        if not verdict.allowed:
            return Failure(28, "dropped by a NetworkPolicy"), None
        request.client = self._client_address(src.ip, f"{dst.ip}:{port}")
        kind = controller_kind_of_pod(pod)
        if kind is not None and port in HTTP_PORTS:
            first = len(trace.hops)
            forwarded = forwarded_request(request, kind, pod, self._request_id(pod, request))
            result, producer = self._ingress(trace, pod, kind, forwarded, depth)
            self.access_log.record(pod, port, src.ip, request, result, self.clock.now, trace.upstream(first),
                                   forwarded.headers.get("X-Request-Id", ""))
            return result, producer
        answer = self.answerer.answer(pod, port, request)
        if not isinstance(answer, Upstream):
            self.access_log.record(pod, port, src.ip, request, answer, self.clock.now)
            return answer, pod if isinstance(answer, Response) else None
        if depth >= MAX_DEPTH:
            return Response(508, [], "loop detected"), pod
        upstream, producer = self._fetch(trace, dst, answer.host, answer.port, answer.request, depth + 1)
        final = answer.finish(upstream)
        self.access_log.record(pod, port, src.ip, request, final, self.clock.now)
        relayed = answer.passthrough and isinstance(upstream, Response) and isinstance(final, Response) \
            and final.status == upstream.status
        return final, producer if relayed else pod

    def _ingress(self, trace: RequestTrace, controller: KObject, kind: ControllerKind, request: Request,
                 depth: int) -> Result:
        host = request.headers.get("Host", request.host)
        found = match(ingresses_for(self.store, kind), host, request.path.split("?")[0])
        if found is None:
            trace.hops.append(Hop("ingress", kind.controller, note=f"no rule matches {host}{request.path}: "
                                  "default backend"))
            return self._controller_error(kind, 404), controller
        service = found.backend.get("service") or {}
        where = (f"ingress {found.ingress.namespace}/{found.ingress.name}: "
                 + (f"path {found.path} ({found.path_type})" if found.path else "defaultBackend"))
        trace.hops.append(Hop("ingress", kind.controller, note=f"{where} → service {service.get('name')}"))
        svc = self.store.try_get("Service", found.ingress.namespace, service.get("name", ""))
        port = service.get("port") or {}
        spec = None if svc is None else next((p for p in svc.spec.get("ports", [])
                                              if p.get("port") == port.get("number") or (
                                                  port.get("name") and p.get("name") == port.get("name"))), None)
        if svc is None or spec is None:
            return self._controller_error(kind, 503), controller
        result, producer = self._via_service(trace, _peer(controller), svc, spec,
                                             f"{svc.spec.get('clusterIP')}:{spec.get('port')}", request, depth + 1)
        if isinstance(result, Failure):
            status = 503 if result.no_endpoints else 504 if result.code == 28 else 502
            return self._controller_error(kind, status), controller
        if kind.flavor == "nginx":
            headers = [("Server", "nginx")] + [(k, v) for k, v in result.headers if k != "Server"]
            return Response(result.status, headers, result.body), producer
        return result, producer

    def _controller_error(self, kind: ControllerKind, status: int) -> Response:
        if kind.flavor == "traefik":
            body = {404: "404 page not found\n", 503: "no available server\n"}.get(status, f"{status}\n")
            return self.answerer.response(status, "", body, "text/plain; charset=utf-8")
        return self.answerer.response(status, "nginx", html_error(status, "nginx"), "text/html")

    def _client_address(self, ip: str, server: str) -> str:
        return f"{ip}:{ephemeral_port(ip, server, self.access_log.requests)}"

    def _request_id(self, controller: KObject, request: Request) -> str:
        """ingress-nginx's $req_id: the client's X-Request-ID, else a fresh random id (drawn from the
        controller and the request count, which probes leave alone)."""
        given = request.headers.get("X-Request-Id")
        return given or hashlib.md5(f"{controller.uid}/{self.access_log.requests}".encode()).hexdigest()

    # ---- lookups --------------------------------------------------------------

    def _node_by_ip(self, ip: str) -> KObject | None:
        for node in self.store.list("Node"):
            for address in node.status.get("addresses", ()):
                if address.get("address") == ip:
                    return node
        return None

    def _pod_by_ip(self, ip: str) -> KObject | None:
        """Through the node whose podCIDR holds the IP, so no scan over every pod."""
        addr = parse_address(ip)
        for node in self.store.list("Node"):
            cidr = node.spec.get("podCIDR")
            if cidr and addr in parse_network(cidr):
                return next((p for p in self.store.pods_on_node(node.name) if p.status.get("podIP") == ip), None)
        return None


LOCALHOST = ("localhost", "127.0.0.1", "::1")
TUNNELLED = "allowed: traffic on the pod's loopback interface (its own localhost, or a port-forward) is not " \
            "subject to NetworkPolicy"


def _peer(pod: KObject | None) -> policy.Peer:
    if pod is None:
        return policy.Peer(None, HOST_IP)
    return policy.Peer(pod, pod.status.get("podIP", ""))


_IPV4 = re.compile(r"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$")


def _is_ip(host: str) -> bool:
    return _IPV4.match(host) is not None


def _host_port(pod: KObject, port: int) -> int | None:
    for container in pod.spec.get("containers") or []:
        for cport in container.get("ports") or []:
            if cport.get("hostPort") == port:
                number: int | None = cport.get("containerPort")
                return number
    return None
