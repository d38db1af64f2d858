"""`kubectl version` and `kubectl cluster-info` (kubectl pkg/cmd/version, pkg/cmd/clusterinfo).

The sandbox stands for a kind cluster named `kind`: the API server answers at
https://127.0.0.1:6443 (kind with apiServerPort 6443), the nodes run Kubernetes v1.32.0,
and the client is kubectl v1.32.4. Version details are those of the official release builds.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import error
from ..parse import Parsed
from ..printers.output import to_yaml
from ..result import CommandResult
from . import command, done

if TYPE_CHECKING:
    from ..session import Session

SERVER = "https://127.0.0.1:6443"
CLUSTER = "kind-kind"  # kind names its kubeconfig cluster, user and context kind-<cluster name>
KUSTOMIZE = "v5.5.0"
CLIENT_VERSION = {"major": "1", "minor": "32", "gitVersion": "v1.32.4",
                  "gitCommit": "59526cd4867447956156ae3a602fcbac10a2c335", "gitTreeState": "clean",
                  "buildDate": "2025-04-22T16:03:58Z", "goVersion": "go1.23.6", "compiler": "gc",
                  "platform": "linux/amd64"}
SERVER_VERSION = {"major": "1", "minor": "32", "gitVersion": "v1.32.0",
                  "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53", "gitTreeState": "clean",
                  "buildDate": "2024-12-11T17:59:15Z", "goVersion": "go1.23.3", "compiler": "gc",
                  "platform": "linux/amd64"}


@command("version", flags=("client", "output"), summary="Print the client and server version information")
def version(session: Session, parsed: Parsed) -> CommandResult:
    fmt = parsed.flags.get("output") or ""
    if fmt not in ("", "yaml", "json"):
        raise error("--output must be 'yaml' or 'json'")
    info: dict[str, Any] = {"clientVersion": CLIENT_VERSION, "kustomizeVersion": KUSTOMIZE}
    if not parsed["client"]:
        info["serverVersion"] = SERVER_VERSION
    if fmt == "json":
        # json.MarshalIndent of the Version struct: field order, two-space indent
        return done(json.dumps(info, indent=2))
    if fmt == "yaml":
        # sigs.k8s.io/yaml, then Fprintln: one blank line after it
        return done(to_yaml(info) + "\n")
    lines = [f"Client Version: {CLIENT_VERSION['gitVersion']}", f"Kustomize Version: {KUSTOMIZE}"]
    if not parsed["client"]:
        lines.append(f"Server Version: {SERVER_VERSION['gitVersion']}")
    return done("\n".join(lines))


@command("cluster-info", flags=(), summary="Display cluster information")
def cluster_info(session: Session, parsed: Parsed) -> CommandResult:
    """ClusterInfoOptions.Run: the API server, then each kube-system Service labelled cluster-service=true."""
    if parsed.args[:1] == ["dump"]:
        raise error("kubectl cluster-info dump is not simulated in the sandbox; kubectl get, describe and "
                    "logs show the same objects")
    lines = [f"Kubernetes control plane is running at {SERVER}"]
    services = session.sim.list("Service", "kube-system", [("kubernetes.io/cluster-service", "=", ("true",))])
    for svc in sorted(services, key=lambda s: s.name):
        lines.append(f"{svc.metadata.labels.get('kubernetes.io/name') or svc.name} is running at {_link(svc)}")
    lines += ["", "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'."]
    return done("\n".join(lines))


def _link(svc: Any) -> str:
    ingress = (svc.status.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        ip = ingress[0].get("ip") or ingress[0].get("hostname") or ""
        return "".join(f"http://{ip}:{p.get('port')} " for p in svc.spec.get("ports") or [])
    name = svc.name
    ports = svc.spec.get("ports") or []
    if ports:
        port = ports[0]
        scheme = "https" if port.get("name") == "https" or port.get("port") == 443 else ""
        name = _join_scheme_name_port(scheme, svc.name, str(port.get("name") or ""))
    return f"{SERVER}/api/v1/namespaces/{svc.namespace}/services/{name}/proxy"


def _join_scheme_name_port(scheme: str, name: str, port: str) -> str:
    """utilnet.JoinSchemeNamePort."""
    if scheme:
        return f"{scheme}:{name}:{port}"
    return f"{name}:{port}" if port else name
