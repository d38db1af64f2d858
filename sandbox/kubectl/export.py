"""`sim export DIR`: the learner's workloads as clean manifests a real cluster accepts.

Server-set fields (status, uid, resourceVersion, creationTimestamp, generation,
ownerReferences, allocated cluster IPs and node ports, revision annotations) are
removed, as they would be for `kubectl apply` on a fresh kind or minikube cluster.

Only the learner's own objects are exported: not those of the system namespaces, not
what addons installed (created by the addon manager), not what controllers own; `--all`
exports every object that no controller owns.

The folder is written safely. A hidden index (INDEX_FILE) records what the sandbox last
wrote there; a file that differs from that record (the learner edited it, or the sandbox
never wrote it) is not overwritten without `--force`. Every file is written atomically
(sandbox/fileio.py); all new texts are staged as temp files before any is renamed into
place, so a folder that refuses a write is left as it was. Files the sandbox wrote earlier
for objects that are gone are removed, unless they were changed since.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.controllers.rootcacert import NAME as ROOT_CA_CONFIGMAP
from ..core.objects import REVISION_ANNOTATION, KObject
from ..core.scenario.addons import ACTOR as ADDON_ACTOR
from ..core.simulation import Simulation
from ..fileio import discard, fsync_folder, read_capped, write_atomic, write_temp
from .errors import CommandError, error
from .printers.output import to_yaml

EXPORTED_KINDS = ("ConfigMap", "Deployment", "DaemonSet", "Service", "Ingress", "NetworkPolicy",
                  "PodDisruptionBudget")
SYSTEM_NAMESPACES = ("kube-node-lease", "kube-public", "kube-system")
SERVER_METADATA = ("creationTimestamp", "generation", "managedFields", "ownerReferences", "resourceVersion", "uid",
                   "deletionTimestamp", "deletionGracePeriodSeconds")
SERVER_ANNOTATIONS = (REVISION_ANNOTATION, "kubectl.kubernetes.io/last-applied-configuration")
INDEX_FILE = ".kubesandbox-export"   # no .json/.yaml suffix: `kubectl apply -f DIR` must skip it
MAX_NAME_BYTES = 200          # file names stay well under NAME_MAX (255 bytes on common file systems)
MAX_COMPARED_BYTES = 4_000_000


def user_objects(sim: Simulation, *, everything: bool = False) -> list[KObject]:
    """Objects to export: the learner's own, or (`everything`) all that no controller owns."""
    installed = set() if everything else _installed_by_addons(sim)
    objects = []
    for kind in EXPORTED_KINDS:
        for obj in sim.list(kind):
            if obj.metadata.owner_references:
                continue
            if not everything and (obj.namespace in SYSTEM_NAMESPACES or (kind, obj.namespace, obj.name) in installed
                                   or (kind == "Service" and obj.namespace == "default" and obj.name == "kubernetes")):
                continue
            if kind == "ConfigMap" and obj.name == ROOT_CA_CONFIGMAP:  # every cluster publishes its own
                continue
            objects.append(obj)
    return sorted(objects, key=lambda o: (o.namespace, o.kind, o.name))


def _installed_by_addons(sim: Simulation) -> set[tuple[str, str, str]]:
    """Objects whose latest creation the audit log credits to the addon manager."""
    creators: dict[tuple[str, str, str], str] = {}
    for entry in sim.audit:
        if entry.verb == "create" and entry.kind in EXPORTED_KINDS:
            creators[(entry.kind, entry.namespace, entry.name)] = entry.actor
    return {key for key, actor in creators.items() if actor == ADDON_ACTOR}


def clean(obj: KObject) -> dict[str, Any]:
    data = obj.to_dict()
    data.pop("status", None)
    meta = data["metadata"]
    for key in SERVER_METADATA:
        meta.pop(key, None)
    annotations = {k: v for k, v in meta.pop("annotations", {}).items() if k not in SERVER_ANNOTATIONS}
    if annotations:
        meta["annotations"] = annotations
    if obj.kind == "Service":
        _clean_service(data["spec"])
    return data


def _clean_service(spec: dict[str, Any]) -> None:
    """Cluster IPs and node ports are allocated by the cluster the manifest lands on."""
    spec.pop("clusterIP", None)
    spec.pop("clusterIPs", None)
    for port in spec.get("ports") or []:
        port.pop("nodePort", None)


def manifests(objects: list[KObject]) -> dict[str, str]:
    """File name -> text, in the order they are written (namespaces first)."""
    files: dict[str, str] = {}
    namespaces = sorted({o.namespace for o in objects if o.namespace and o.namespace != "default"})
    if namespaces:
        docs = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}} for ns in namespaces]
        files["00-namespaces.yaml"] = "\n---\n".join(to_yaml(d) for d in docs) + "\n"
    for obj in objects:
        files[file_name(obj)] = to_yaml(clean(obj)) + "\n"
    return files


def file_name(obj: KObject) -> str:
    """`NAMESPACE--KIND-NAME.yaml`; a name too long for a file system is cut and made unique by a hash."""
    base = f"{obj.namespace or 'cluster'}--{obj.kind.lower()}-{obj.name}"
    if len(base.encode()) > MAX_NAME_BYTES:
        digest = hashlib.sha256(base.encode()).hexdigest()[:12]
        base = base.encode()[:MAX_NAME_BYTES - 13].decode("utf-8", "ignore") + "-" + digest
    return base + ".yaml"


@dataclass
class ExportReport:
    folder: Path
    wrote: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)       # stale files the learner changed: left alone

    def lines(self) -> list[str]:
        out = [f"wrote {self.folder / n}" for n in self.wrote]
        out += [f"unchanged {self.folder / n}" for n in self.unchanged]
        out += [f"removed {self.folder / n} (written by an earlier export; no longer exported)" for n in self.removed]
        out += [f"kept {self.folder / n}: no longer exported, but changed since the sandbox wrote it"
                for n in self.kept]
        return out


def export_workloads(sim: Simulation, folder: Path, *, force: bool = False, everything: bool = False,
                     label: str | None = None) -> ExportReport:
    """Write the manifests into `folder` (see the module docstring); raises CommandError, changing nothing."""
    label = label or str(folder)
    files = manifests(user_objects(sim, everything=everything))
    _prepare(folder, label)
    index = _read_index(folder)
    report = ExportReport(folder)
    to_write = _plan(folder, label, files, index, force, report)
    staged = _stage(folder, label, to_write)
    try:
        for name in to_write:
            os.replace(staged[name], folder / name)
            index[name] = _digest(to_write[name])
            report.wrote.append(name)
    except OSError as err:
        raise _partial(err, folder, label, index, report) from None
    finally:
        for temp in staged.values():
            discard(temp)
    _remove_stale(folder, files, index, report)
    fsync_folder(folder)
    try:
        write_atomic(folder / INDEX_FILE, json.dumps({"files": dict(sorted(index.items()))}, indent=2) + "\n")
    except OSError as err:
        raise error(f'sim export: wrote {len(report.wrote)} file(s) into "{label}" but could not record them in '
                    f"{INDEX_FILE}: {_reason(err)}") from None
    return report


def _prepare(folder: Path, label: str) -> None:
    if folder.resolve() == Path(folder.resolve().anchor):
        raise error(f'sim export: the sandbox will not write into the file system root ("{label}"); name a folder')
    try:
        if folder.exists() and not folder.is_dir():
            raise error(f'sim export: "{label}" is a file, not a folder; name a folder to write the manifests into')
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise error(f'sim export: cannot create the folder "{label}": {_reason(err)}') from None


def _plan(folder: Path, label: str, files: dict[str, str], index: dict[str, str], force: bool,
          report: ExportReport) -> dict[str, str]:
    """The files that need writing; refuses (before any write) to replace a file the sandbox did not leave."""
    to_write: dict[str, str] = {}
    conflicts = []
    for name, text in files.items():
        current = _current_digest(folder / name, label)
        if current == _digest(text):
            report.unchanged.append(name)
            index[name] = current
            continue
        if current is not None and current != index.get(name) and not force:
            conflicts.append(name)
        to_write[name] = text
    if conflicts:
        shown = ", ".join(conflicts[:5]) + (f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else "")
        raise error(f'sim export: nothing written: {shown} in "{label}" changed since the sandbox wrote it '
                    "(or the sandbox did not write it); use --force to overwrite, or export into another folder")
    return to_write


def _stage(folder: Path, label: str, to_write: dict[str, str]) -> dict[str, Path]:
    """Every new text as a synced temp file, or none at all (the folder stays as it was)."""
    staged: dict[str, Path] = {}
    try:
        for name, text in to_write.items():
            staged[name] = write_temp(folder / name, text)
    except OSError as err:
        for temp in staged.values():
            discard(temp)
        raise error(f'sim export: nothing written: cannot write into "{label}": {_reason(err)}') from None
    return staged


def _partial(err: OSError, folder: Path, label: str, index: dict[str, str], report: ExportReport) -> CommandError:
    """A rename failed after others succeeded: record what was written, and say so."""
    try:
        write_atomic(folder / INDEX_FILE, json.dumps({"files": dict(sorted(index.items()))}, indent=2) + "\n")
    except OSError:
        pass
    done = ", ".join(report.wrote) or "none"
    return error(f'sim export: stopped in "{label}": {_reason(err)}; written before the error: {done}')


def _remove_stale(folder: Path, files: dict[str, str], index: dict[str, str], report: ExportReport) -> None:
    for name in sorted(set(index) - set(files)):
        path = folder / name
        current = _current_digest(path, str(folder))
        if current is None:
            del index[name]
        elif current == index[name]:
            try:
                path.unlink()
            except OSError:
                report.kept.append(name)
                continue
            del index[name]
            report.removed.append(name)
        else:
            report.kept.append(name)


def _read_index(folder: Path) -> dict[str, str]:
    """What the sandbox last wrote here: {file name: sha256}; an unreadable index counts as empty."""
    try:
        data = json.loads(read_capped(folder / INDEX_FILE, MAX_COMPARED_BYTES))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str) and _plain_name(k)}


def _plain_name(name: str) -> bool:
    """Index entries name files in the folder itself, never paths elsewhere."""
    return name not in ("", ".", "..", INDEX_FILE) and "/" not in name and "\\" not in name and "\x00" not in name


def _current_digest(path: Path, label: str) -> str | None:
    """sha256 of the file now at `path`, None when there is none."""
    try:
        if path.is_dir():
            raise error(f'sim export: nothing written: "{path.name}" in "{label}" is a folder')
        return _digest_bytes(read_capped(path, MAX_COMPARED_BYTES))
    except FileNotFoundError:
        return None
    except ValueError:
        return "(too large to compare)"
    except OSError as err:
        raise error(f'sim export: nothing written: cannot read "{path.name}" in "{label}": {_reason(err)}') from None


def _digest(text: str) -> str:
    return _digest_bytes(text.encode())


def _digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _reason(err: OSError) -> str:
    return err.strerror or str(err)
