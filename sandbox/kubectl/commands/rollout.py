"""`kubectl rollout status|history|undo|pause|resume|restart`.

`status` watches the object as kubectl does (kubectl pkg/cmd/rollout/rollout_status.go): it
prints the status viewer's line for the object as listed, then again for every change the
API server reports, until the rollout is done, its progress deadline passes, or --timeout
runs out — all in simulated time. A real kubectl would wait for ever where nothing can change
any more (a paused Deployment with a new template, a cluster with nothing left to do); the
sandbox stops there at once and says so, instead of letting simulated time run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.objects import KObject, condition
from ..errors import CommandError, error, flag_error
from ..parse import FlagError, Parsed, parse_go_duration
from ..printers.tabwriter import tabwrite
from ..resources import ResourceType
from . import command, done
from .common import dry_run, lookup, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

# Longest simulated wait for `rollout status` without --timeout, where the cluster keeps busy but
# the rollout never ends (the default progress deadline, 600 s, ends a stuck Deployment first).
STATUS_CAP = 3600.0
CHANGE_CAUSE = "kubernetes.io/change-cause"
TIMED_OUT = "error: timed out waiting for the condition"


def _target(session: Session, parsed: Parsed, verb: str,
            kinds: tuple[str, ...] = ("Deployment",)) -> tuple[ResourceType, KObject]:
    wanted = targets(parsed.args)
    if not wanted or wanted[0].name is None:
        raise CommandError(f"error: required resource not specified\nSee 'kubectl rollout {verb} -h' for help "
                           "and examples" if not wanted else
                           "error: resource(s) were provided, but no name was specified")
    rt = wanted[0].rt
    obj = lookup(session, rt, namespace(session, parsed), wanted[0].name or "")
    if rt.kind not in kinds:
        raise error(f"no {_viewer(verb)} has been implemented for {rt.qualified_plural.split('.')[0]}")
    return rt, obj


def _viewer(verb: str) -> str:
    return {"status": "status viewer", "history": "history viewer", "undo": "rollbacker"}.get(verb, "pauser")


# ---- status ---------------------------------------------------------------------------------

@command("rollout status", flags=("timeout", "watch", "revision"), summary="Show the status of the rollout")
def status(session: Session, parsed: Parsed):
    _, obj = _target(session, parsed, "status", ("Deployment", "DaemonSet"))
    try:
        timeout = parse_go_duration(parsed["timeout"] or "0s", "--timeout")
    except FlagError as err:
        raise flag_error("kubectl rollout status", str(err)) from None
    watch = parsed["watch"] or "watch" not in parsed.given
    waiter = _StatusWatch(session, obj, parsed["revision"])
    waiter.observe(obj)
    if not waiter.finished and watch:
        waiter.wait(timeout)
    return done("\n".join(waiter.lines), obj, exit_code=1 if waiter.failed else 0,
                waited=session.sim.now - waiter.start)


class _StatusWatch:
    """The status viewer's line for the listed object, then for each change to it (a watch)."""

    def __init__(self, session: Session, obj: KObject, revision: int) -> None:
        self.session, self.obj, self.revision = session, obj, revision
        self.start = session.sim.now
        self.lines: list[str] = []
        self.finished = self.failed = False

    def observe(self, obj: KObject) -> None:
        if self.finished:
            return
        try:
            message, self.finished = status_line(obj, self.revision)
        except CommandError as err:
            message, self.finished, self.failed = str(err), True, True
        self.lines.append(message)

    def _on_event(self, event: str, obj: KObject, _old: object) -> None:
        if obj.metadata.uid != self.obj.metadata.uid or self.finished:
            return
        if event == "DELETED":
            self.lines.append("error: object has been deleted")
            self.finished = self.failed = True
        else:
            self.observe(obj)

    def wait(self, timeout: float) -> None:
        sim = self.session.sim
        store = sim.store
        store.watch(self.obj.kind, self._on_event)
        try:
            self._advance(timeout)
        finally:
            store.unwatch(self.obj.kind, self._on_event)

    def _advance(self, timeout: float) -> None:
        sim = self.session.sim
        deadline = self.start + timeout if timeout else None
        while not self.finished:
            stuck = self._stuck()
            due = None if stuck else sim.clock.next_due()
            if due is None and deadline is None:
                self.lines.append(stuck or self._note("nothing in the cluster is left to change it"))
                self.failed = True
                return
            limit = deadline if deadline is not None else self.start + STATUS_CAP
            target = limit if due is None else min(due, limit)
            sim.advance(max(0.0, target - sim.now))
            if not self.finished and sim.now >= limit:
                self.lines.append(TIMED_OUT if deadline is not None else
                                  self._note(f"it has waited {int(STATUS_CAP) // 60}m of simulated time"))
                self.failed = True
                return

    def _stuck(self) -> str:
        """Why the rollout can never finish by itself: a paused Deployment keeps scaling, but neither
        brings up new replicas nor takes old ones down; only pods becoming available still move it."""
        obj, st = self.obj, self.obj.status
        if obj.kind != "Deployment" or not obj.spec.get("paused"):
            return ""
        updated = st.get("updatedReplicas", 0)
        if updated >= obj.spec.get("replicas", 1) and st.get("replicas", 0) <= updated:
            return ""
        return self._note(f"deployment \"{obj.name}\" is paused, so its new template is not rolled out until "
                          f"`kubectl rollout resume deployment/{obj.name}`")

    def _note(self, why: str) -> str:
        return (f"(the sandbox stops waiting here: {why}; kubectl would keep waiting until the rollout finishes, "
                "--timeout passes or you press Ctrl-C)")


def status_line(obj: KObject, revision: int = 0) -> tuple[str, bool]:
    """kubectl's DeploymentStatusViewer / DaemonSetStatusViewer (polymorphichelpers/rollout_status.go);
    the errors it returns raise CommandError."""
    st, name = obj.status, obj.name
    if obj.kind == "DaemonSet":
        return _daemonset_line(obj)
    if revision > 0:
        current = int(obj.metadata.annotations.get("deployment.kubernetes.io/revision", "0") or 0)
        if revision != current:
            raise error(f"desired revision ({revision}) is different from the running revision ({current})")
    if obj.metadata.generation > st.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...", False
    progressing = condition(st, "Progressing")
    if progressing and progressing.get("reason") == "ProgressDeadlineExceeded":
        raise error(f'deployment "{name}" exceeded its progress deadline')
    replicas, updated = obj.spec.get("replicas", 1), st.get("updatedReplicas", 0)
    waiting = f'Waiting for deployment "{name}" rollout to finish: '
    if updated < replicas:
        return f"{waiting}{updated} out of {replicas} new replicas have been updated...", False
    if st.get("replicas", 0) > updated:
        return f"{waiting}{st.get('replicas', 0) - updated} old replicas are pending termination...", False
    if st.get("availableReplicas", 0) < updated:
        return f"{waiting}{st.get('availableReplicas', 0)} of {updated} updated replicas are available...", False
    return f'deployment "{name}" successfully rolled out', True


def _daemonset_line(obj: KObject) -> tuple[str, bool]:
    st, name = obj.status, obj.name
    if (obj.spec.get("updateStrategy") or {}).get("type", "RollingUpdate") != "RollingUpdate":
        raise error("rollout status is only available for RollingUpdate strategy type")
    if obj.metadata.generation > st.get("observedGeneration", 0):
        return "Waiting for daemon set spec update to be observed...", False
    desired = st.get("desiredNumberScheduled", 0)
    waiting = f'Waiting for daemon set "{name}" rollout to finish: '
    if st.get("updatedNumberScheduled", 0) < desired:
        return f"{waiting}{st.get('updatedNumberScheduled', 0)} out of {desired} new pods have been updated...", False
    if st.get("numberAvailable", 0) < desired:
        return f"{waiting}{st.get('numberAvailable', 0)} of {desired} updated pods are available...", False
    return f'daemon set "{name}" successfully rolled out', True


# ---- history and undo -----------------------------------------------------------------------

@command("rollout history", flags=("revision",), summary="View rollout history")
def history(session: Session, parsed: Parsed):
    from .rollback import template_text

    rt, obj = _target(session, parsed, "history")
    revisions = session.sim.rollout_history(obj.namespace, obj.name)
    if not revisions:
        return done(f"{rt.qualified}/{obj.name} \nNo rollout history found.", obj)
    wanted = parsed["revision"]
    if wanted:
        match = [rs for rev, rs in revisions if rev == wanted]
        if not match:
            raise error("unable to find the specified revision")
        return done(f"{rt.qualified}/{obj.name} with revision #{wanted}\n"
                    f"{template_text(match[0].spec.get('template') or {})}", obj)
    rows = "REVISION\tCHANGE-CAUSE\n" + "".join(
        f"{rev}\t{rs.metadata.annotations.get(CHANGE_CAUSE) or '<none>'}\n" for rev, rs in revisions)
    return done(f"{rt.qualified}/{obj.name} \n{tabwrite(rows, minwidth=0, padding=2)}", obj)


@command("rollout undo", flags=("to-revision", "dry-run"), summary="Undo a previous rollout")
def undo(session: Session, parsed: Parsed):
    from .rollback import rollback

    rt, obj = _target(session, parsed, "undo")
    suffix = dry_run(parsed)
    mode = parsed.flags.get("dry-run") or "none"
    operation = rollback(session, obj, parsed["to-revision"], mode)
    return done(f"{rt.qualified}/{obj.name} {operation}{suffix}", obj)


# ---- pause, resume, restart -----------------------------------------------------------------

def _simple(verb: str, method: str, past: str):
    def handler(session: Session, parsed: Parsed):
        rt, obj = _target(session, parsed, verb)
        paused = bool(obj.spec.get("paused"))
        if verb == "pause" and paused:
            raise error(f'{rt.qualified_plural} "{obj.name}" is already paused')
        if verb == "resume" and not paused:
            raise error(f'{rt.qualified_plural} "{obj.name}" is not paused')
        getattr(session.sim, method)(obj.namespace, obj.name, actor=session.actor)
        return done(f"{rt.qualified}/{obj.name} {past}", obj)
    return handler


command("rollout pause", summary="Mark the provided resource as paused")(_simple("pause", "rollout_pause", "paused"))
command("rollout resume", summary="Resume a paused resource")(_simple("resume", "rollout_resume", "resumed"))
command("rollout restart", summary="Restart a resource")(_simple("restart", "rollout_restart", "restarted"))
