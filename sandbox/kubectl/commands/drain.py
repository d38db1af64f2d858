"""`kubectl drain NODE` as the kubectl client runs it (kubectl pkg/cmd/drain and pkg/drain).

Cordon; sort the node's pods through kubectl's filters (DaemonSet pods, mirror pods, local
storage, pods no controller owns), with their words; then evict every remaining pod at once
through the eviction API. Each eviction is a loop of its own: print `evicting pod NS/NAME`,
ask; on 429 (a PodDisruptionBudget allows no disruption) print the refusal and try again 5 s
later; once accepted, poll every second until the pod is gone and print `pod/NAME evicted`.
The command returns when every loop has ended, in simulated time, or when --timeout runs out.

Where kubectl would retry for ever (nothing in the cluster can change the budget's answer) the
sandbox stops at once and says so; the node stays cordoned, as after Ctrl-C.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...core.errors import ApiError, NotFound, TooManyRequests
from ...core.objects import KObject, controller_ref
from ..errors import flag_error
from ..parse import FlagError, Parsed, parse_go_duration
from ..result import CommandResult
from . import command, done
from .common import advance_to, dry_run
from .nodes import node_named

if TYPE_CHECKING:
    from ..session import Session

RETRY_SECONDS = 5.0
POLL_SECONDS = 1.0
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
# A drain that keeps retrying while the cluster stays busy gives up after this long, with a note.
DRAIN_CAP = 3600.0

# kubectl pkg/drain/filters.go (1.32): the fatal message for unmanaged pods says "cannot delete"
# itself, and errors() prefixes every message with "cannot delete " again.
DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"


@command("drain", flags=("ignore-daemonsets", "force", "delete-emptydir-data", "grace-period", "timeout",
                         "selector", "dry-run"), summary="Drain node in preparation for maintenance")
def drain(session: Session, parsed: Parsed) -> CommandResult:
    node = node_named(session, parsed, "drain")
    try:
        timeout = parse_go_duration(parsed["timeout"] or "0s", "--timeout")
    except FlagError as err:
        raise flag_error("kubectl drain", str(err)) from None
    suffix = dry_run(parsed)
    lines = [f"node/{node.name} already cordoned" if node.spec.get("unschedulable") else
             f"node/{node.name} cordoned{suffix}"]
    if not suffix:
        session.sim.cordon(node.name, actor=session.actor)
    options = _Options(parsed["ignore-daemonsets"], parsed["force"], parsed["delete-emptydir-data"])
    pods, errors, warnings = pods_for_deletion(session, node.name, options)
    if errors:
        return _failed(node.name, lines, errors, [])
    if warnings:
        lines.append("Warning: " + "; ".join(warnings))
    if suffix:
        lines += [f"evicting pod {p.namespace}/{p.name}{suffix}" for p in pods]
        lines.append(f"node/{node.name} drained{suffix}")
        return done("\n".join(lines), node)
    grace = parsed["grace-period"]
    run = _Evictions(session, node.name, pods, timeout, None if grace < 0 else grace, lines)
    failures = run.wait()
    if failures:
        pending, _, _ = pods_for_deletion(session, node.name, options)
        return _failed(node.name, lines, failures, pending, evicted=run.evicted)
    if run.note:
        lines.append(run.note)
        return done("\n".join(lines), node, *run.evicted, exit_code=1, evicted=_keys(run.evicted))
    lines.append(f"node/{node.name} drained")
    return done("\n".join(lines), node, *run.evicted, evicted=_keys(run.evicted))


def _keys(pods: list[KObject]) -> list[str]:
    return [f"{p.namespace}/{p.name}" for p in pods]


def _failed(node: str, lines: list[str], errors: list[str], pending: list[KObject],
            evicted: list[KObject] | None = None) -> CommandResult:
    """RunDrain's report: the pending pods, `unable to drain node`, the pending nodes, then each error."""
    joined = errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
    if pending:
        lines += [f'There are pending pods in node "{node}" when an error occurred: {joined}',
                  *[f"pod/{p.name}" for p in pending]]
    lines += [f'error: unable to drain node "{node}" due to error: {joined}, continuing command...',
              "There are pending nodes to be drained:", f" {node}", *errors]
    return done("\n".join(lines), *(evicted or []), exit_code=1, evicted=_keys(evicted or []))


# ---- choosing the pods (pkg/drain/filters.go) ----------------------------------------------

@dataclass(frozen=True)
class _Options:
    ignore_daemonsets: bool
    force: bool
    delete_emptydir_data: bool


@dataclass
class _Verdict:
    delete: bool
    error: str = ""
    warning: str = ""


def pods_for_deletion(session: Session, node: str, options: _Options) -> tuple[list[KObject], list[str], list[str]]:
    """GetPodsForDeletion: the pods to evict, and the errors and warnings, grouped by message."""
    pods: list[KObject] = sorted(session.sim.store.pods_on_node(node), key=lambda p: (p.namespace, p.name))
    verdicts = [(pod, _filter(session, pod, options)) for pod in pods]
    errors = [f"cannot delete {msg}: {names}" for msg, names in _grouped(verdicts, "error")]
    warnings = [f"{msg}: {names}" for msg, names in _grouped(verdicts, "warning")]
    return [pod for pod, verdict in verdicts if verdict.delete], errors, warnings


def _filter(session: Session, pod: KObject, options: _Options) -> _Verdict:
    """makeFilters: each filter in turn; the first that keeps the pod decides, else the last verdict stands."""
    terminal = pod.status.get("phase") in ("Succeeded", "Failed")
    ref = controller_ref(pod)

    def daemonset() -> _Verdict:
        if ref is None or ref.get("kind") != "DaemonSet" or terminal:
            return _Verdict(True)
        if session.sim.try_get("DaemonSet", pod.namespace, ref["name"]) is None:
            missing = f'daemonsets.apps "{ref["name"]}" not found'
            return _Verdict(True, warning=missing) if options.force else _Verdict(False, error=missing)
        if options.ignore_daemonsets:
            return _Verdict(False, warning=DAEMONSET_WARNING)
        return _Verdict(False, error=DAEMONSET_FATAL)

    def mirror() -> _Verdict:
        # The sandbox's static pods are owned by their Node; they stand for the mirror pods a kubelet makes.
        return _Verdict(MIRROR_ANNOTATION not in pod.metadata.annotations and (ref or {}).get("kind") != "Node")

    def local_storage() -> _Verdict:
        if terminal or not any("emptyDir" in v for v in pod.spec.get("volumes") or []):
            return _Verdict(True)
        if options.delete_emptydir_data:
            return _Verdict(True, warning=LOCAL_STORAGE_WARNING)
        return _Verdict(False, error=LOCAL_STORAGE_FATAL)

    def unreplicated() -> _Verdict:
        if terminal or ref is not None:
            return _Verdict(True)
        return _Verdict(True, warning=UNMANAGED_WARNING) if options.force else _Verdict(False, error=UNMANAGED_FATAL)

    verdict = _Verdict(True)
    for check in (daemonset, mirror, local_storage, unreplicated):
        verdict = check()
        if not verdict.delete:
            break
    return verdict


def _grouped(verdicts: list[tuple[KObject, _Verdict]], kind: str) -> list[tuple[str, str]]:
    """Messages with the pods they apply to, in first-seen order (kubectl groups them in a Go map)."""
    groups: dict[str, list[str]] = {}
    for pod, verdict in verdicts:
        message = getattr(verdict, kind)
        if message:
            groups.setdefault(message, []).append(f"{pod.namespace}/{pod.name}")
    return [(msg, ", ".join(names)) for msg, names in groups.items()]


# ---- evicting them (pkg/drain/drain.go, evictPods) -----------------------------------------

@dataclass
class _Loop:
    """One pod's eviction goroutine: when it acts next, and whether it is waiting for the pod to go."""

    pod: KObject
    due: float
    deleting: bool = False
    done: bool = False
    #: the cluster's resourceVersion at the last refusal, and whether a refusal came with nothing changed since
    refused_at: int = -1
    stuck: bool = False


@dataclass
class _Evictions:
    session: Session
    node: str
    pods: list[KObject]
    timeout: float
    grace: int | None
    lines: list[str]
    evicted: list[KObject] = field(default_factory=list)
    note: str = ""

    def wait(self) -> list[str]:
        """Run every pod's loop to its end; the errors they return, in the order they ended."""
        sim = self.session.sim
        start = sim.now
        deadline = start + self.timeout if self.timeout else None
        loops = [_Loop(pod, start) for pod in self.pods]
        failures: list[str] = []
        while True:
            active = [loop for loop in loops if not loop.done]
            if not active:
                return failures
            now = sim.now
            for loop in [loop for loop in active if loop.due <= now]:
                failure = self._step(loop, deadline)
                if failure:
                    failures.append(failure)
            active = [loop for loop in loops if not loop.done]
            if not active:
                return failures
            if not self._can_progress(active, deadline, start):
                return failures
            stop = advance_to(self.session, sim, min(loop.due for loop in active))
            if stop:
                self.note = self._stop_note(stop)
                return failures

    def _can_progress(self, active: list[_Loop], deadline: float | None, start: float) -> bool:
        """False (with a note) where kubectl would wait for ever: an eviction refused twice with nothing
        written in between and nothing left to happen in the cluster, or an evicted pod on a stopped
        machine (only its kubelet could confirm that it stopped)."""
        sim = self.session.sim
        if deadline is None and sim.now - start >= DRAIN_CAP:
            # Also while waiting for pods to go: a pod evicted from a failed node stays Terminating for ever.
            self.note = self._stop_note(f"it has retried for {int(DRAIN_CAP) // 60}m of simulated time")
            return False
        if deadline is not None:
            return True
        if all(loop.deleting for loop in active) and not sim.node_is_up(self.node):
            self.note = self._stop_note(f"{self.node}'s machine is down, so nothing will confirm that its "
                                        "evicted pods stopped", waiting=True)
            return False
        if any(loop.deleting for loop in active):
            return True
        if sim.clock.next_due() is None and all(loop.stuck for loop in active):
            self.note = self._stop_note("nothing in the cluster can change the disruption budget's answer")
            return False
        return True

    def _stop_note(self, why: str, *, waiting: bool = False) -> str:
        if waiting:
            return (f"(the sandbox stops waiting here: {why}; kubectl would wait until --timeout passes or you "
                    f"press Ctrl-C, and node/{self.node} stays cordoned)")
        return (f"(the sandbox stops retrying here: {why}; kubectl would retry every {RETRY_SECONDS:.0f}s until "
                f"--timeout passes or you press Ctrl-C, and node/{self.node} stays cordoned)")

    def _step(self, loop: _Loop, deadline: float | None) -> str:
        pod, now = loop.pod, self.session.sim.now
        if loop.deleting:
            return self._poll(loop)
        self.lines.append(f"evicting pod {pod.namespace}/{pod.name}")
        if deadline is not None and now >= deadline:
            loop.done = True
            return f'error when evicting pods/"{pod.name}" -n "{pod.namespace}": global timeout reached: ' \
                   f"{go_duration(self.timeout)}"
        try:
            self.session.sim.evict(pod.namespace, pod.name, actor=self.session.actor, grace_period=self.grace)
        except NotFound:
            loop.done = True
            return ""
        except TooManyRequests as err:
            self.lines.append(f'error when evicting pods/"{pod.name}" -n "{pod.namespace}" '
                              f"(will retry after {RETRY_SECONDS:.0f}s): {err.message}")
            loop.due = now + RETRY_SECONDS
            version = self.session.sim.store.resource_version
            loop.stuck, loop.refused_at = loop.refused_at == version, version
            return ""
        except ApiError as err:
            loop.done = True
            return f'error when evicting pods/"{pod.name}" -n "{pod.namespace}": {err.message}'
        loop.deleting = True
        return self._poll(loop)

    def _poll(self, loop: _Loop) -> str:
        """waitForDelete: gone (or replaced by a pod of the same name) means evicted."""
        pod = loop.pod
        current = self.session.sim.try_get("Pod", pod.namespace, pod.name)
        if current is None or current.metadata.uid != pod.metadata.uid:
            self.lines.append(f"pod/{pod.name} evicted")
            self.evicted.append(pod)
            loop.done = True
        else:
            loop.due = self.session.sim.now + POLL_SECONDS
        return ""


def go_duration(seconds: float) -> str:
    """Go's time.Duration.String for whole seconds: 30s, 1m0s, 1h0m0s."""
    s = int(seconds)
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"

