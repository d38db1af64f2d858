"""`kubectl rollout status|history|undo|pause|resume|restart`.

`status` waits in simulated time: it advances the clock a second at a time and
prints kubectl's progress line whenever it changes, until the rollout is done
or its progress deadline passes (exit code 1), as `kubectl rollout status` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.objects import KObject, condition
from ..errors import CommandError, error
from ..parse import Parsed
from ..printers.tabwriter import tabwrite
from ..resources import ResourceType
from ..result import CommandResult
from . import Handler, command, done
from .common import lookup, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

# Longest simulated wait for `rollout status` without --timeout (the default deadline is 600 s).
STATUS_CAP = 3600.0
CHANGE_CAUSE = "kubernetes.io/change-cause"


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


@command("rollout status", flags=("timeout", "watch", "revision"), summary="Show the status of the rollout")
def status(session: Session, parsed: Parsed) -> CommandResult:
    _, obj = _target(session, parsed, "status", ("Deployment", "DaemonSet"))
    cap = _timeout(parsed["timeout"]) or STATUS_CAP
    sim, start = session.sim, session.sim.now
    lines: list[str] = []
    while True:
        message, finished = status_line(obj)
        if not lines or lines[-1] != message:
            lines.append(message)
        if finished or sim.now - start >= cap or not session.advance(1):
            break
    if message.startswith("error:"):
        return done("\n".join(lines), obj, exit_code=1)
    if not finished:
        lines.append("error: timed out waiting for the condition")
        return done("\n".join(lines), obj, exit_code=1)
    return done("\n".join(lines), obj, waited=sim.now - start)


def _timeout(text: str) -> float:
    from ..durations import parse_duration

    return parse_duration(text or "0s")


def status_line(obj: KObject) -> tuple[str, bool]:
    """kubectl's DeploymentStatusViewer / DaemonSetStatusViewer messages."""
    st, name = obj.status, obj.name
    if obj.metadata.generation > st.get("observedGeneration", 0):
        what = "deployment" if obj.kind == "Deployment" else "daemon set"
        return f"Waiting for {what} spec update to be observed...", False
    if obj.kind == "DaemonSet":
        return _daemonset_line(obj)
    progressing = condition(st, "Progressing")
    if progressing and progressing.get("reason") == "ProgressDeadlineExceeded":
        return f'error: deployment "{name}" exceeded its progress deadline', True
    replicas, updated = obj.spec.get("replicas", 1), st.get("updatedReplicas", 0)
    if updated < replicas:
        return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {replicas} new replicas '
                "have been updated..."), False
    if st.get("replicas", 0) > updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {st.get("replicas", 0) - updated} old replicas '
                "are pending termination..."), False
    if st.get("availableReplicas", 0) < updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {st.get("availableReplicas", 0)} of {updated} '
                "updated replicas are available..."), False
    return f'deployment "{name}" successfully rolled out', True


def _daemonset_line(obj: KObject) -> tuple[str, bool]:
    st, name = obj.status, obj.name
    desired = st.get("desiredNumberScheduled", 0)
    if st.get("updatedNumberScheduled", 0) < desired:
        return (f'Waiting for daemon set "{name}" rollout to finish: {st.get("updatedNumberScheduled", 0)} out of '
                f"{desired} new pods have been updated..."), False
    if st.get("numberAvailable", 0) < desired:
        return (f'Waiting for daemon set "{name}" rollout to finish: {st.get("numberAvailable", 0)} of {desired} '
                "updated pods are available..."), False
    return f'daemon set "{name}" successfully rolled out', True


@command("rollout history", flags=("revision",), summary="View rollout history")
def history(session: Session, parsed: Parsed) -> CommandResult:
    rt, obj = _target(session, parsed, "history")
    revisions = session.sim.rollout_history(obj.namespace, obj.name)
    wanted = parsed["revision"]
    if wanted:
        match = [rs for rev, rs in revisions if rev == wanted]
        if not match:
            raise error("unable to find the specified revision")
        from ..printers.describe import Writer, pod_template

        w = Writer()
        pod_template(w, match[0].spec.get("template") or {})
        return done(f"{rt.qualified}/{obj.name} with revision #{wanted}\n{w.text()}\n", obj)
    rows = "REVISION\tCHANGE-CAUSE\n" + "".join(
        f"{rev}\t{rs.metadata.annotations.get(CHANGE_CAUSE) or '<none>'}\n" for rev, rs in revisions)
    return done(f"{rt.qualified}/{obj.name} \n{tabwrite(rows, minwidth=0, padding=2)}", obj)


@command("rollout undo", flags=("to-revision", "dry-run"), summary="Undo a previous rollout")
def undo(session: Session, parsed: Parsed) -> CommandResult:
    rt, obj = _target(session, parsed, "undo")
    to = parsed["to-revision"] or None
    try:
        session.sim.rollout_undo(obj.namespace, obj.name, to_revision=to, actor=session.actor)
    except (ValueError, LookupError) as err:
        raise error(str(err)) from None
    return done(f"{rt.qualified}/{obj.name} rolled back", obj)


def _simple(verb: str, method: str, past: str) -> Handler:
    def handler(session: Session, parsed: Parsed) -> CommandResult:
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
