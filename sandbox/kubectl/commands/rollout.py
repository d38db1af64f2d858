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

from ...core.objects import KObject, condition, timestamp
from ...core.rollout import RESTARTED_AT_ANNOTATION
from ..errors import CommandError, error, flag_error
from ..parse import FlagError, Parsed, parse_go_duration
from ..printers.tabwriter import tabwrite
from ..resources import ResourceType
from ..result import CommandResult
from . import Handler, command, done
from .common import TIMED_OUT, advance_to, dry_run, find_named, list_objects, lookup, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

# Longest simulated wait for `rollout status` without --timeout, where the cluster keeps busy but
# the rollout never ends (the default progress deadline, 600 s, ends a stuck Deployment first).
STATUS_CAP = 3600.0
CHANGE_CAUSE = "kubernetes.io/change-cause"


# What kubectl's polymorphichelpers handle, by verb: StatusViewerFor, HistoryViewerFor and RollbackerFor
# (through the kind visitor of kubectl pkg/apps/kind_visitor.go), defaultObjectPauser, …Resumer, …Restarter.
WORKLOADS = ("Deployment", "DaemonSet", "StatefulSet")
KUBECTL_KINDS = {"status": WORKLOADS, "history": WORKLOADS, "undo": WORKLOADS, "pause": ("Deployment",),
                 "resume": ("Deployment",), "restart": WORKLOADS}
VISITED = (*WORKLOADS, "Job", "Pod", "ReplicaSet", "ReplicationController", "CronJob")  # kind_visitor.go


def _target(session: Session, parsed: Parsed, verb: str) -> tuple[ResourceType, KObject]:
    wanted = targets(parsed.args)
    if not wanted or wanted[0].name is None:
        raise CommandError(f"error: required resource not specified\nSee 'kubectl rollout {verb} -h' for help "
                           "and examples" if not wanted else
                           "error: resource(s) were provided, but no name was specified")
    rt = wanted[0].rt
    obj = lookup(session, rt, namespace(session, parsed), wanted[0].name or "")
    if rt.kind not in KUBECTL_KINDS[verb]:
        raise _unsupported(verb, rt, obj.name)
    if verb in ("history", "undo") and rt.kind != "Deployment":
        raise error(f"rollout {verb} of a {rt.kind} is not simulated: kubectl reads its ControllerRevisions, "
                    "which the sandbox does not keep (Deployments keep their revisions in ReplicaSets)")
    return rt, obj


def _unsupported(verb: str, rt: ResourceType, name: str) -> CommandError:
    """kubectl's words where no helper exists for the kind; `Job.batch` is schema.GroupKind's String()."""
    group_kind = f"{rt.kind}.{rt.group}" if rt.group else rt.kind
    if verb == "status":
        return error(f"no status viewer has been implemented for {group_kind}")
    if verb in ("history", "undo"):
        helper = "history viewer" if verb == "history" else "rollbacker"
        if rt.kind not in VISITED:  # GroupKindElement has no String(): %v prints the struct
            retrieving = "history" if verb == "history" else "rollbacker"
            return error(f'error retrieving {retrieving} for "{group_kind}", no visitor method exists for '
                         f"{{{rt.group} {rt.kind}}}")
        return error(f'no {helper} has been implemented for "{group_kind}"')
    return error(f'{rt.qualified_plural} "{name}" {verb[:-1] if verb.endswith("e") else verb}ing is not supported')


# ---- status ---------------------------------------------------------------------------------

@command("rollout status", flags=("timeout", "watch", "revision"), summary="Show the status of the rollout")
def status(session: Session, parsed: Parsed) -> CommandResult:
    _, obj = _target(session, parsed, "status")
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
            stop = advance_to(self.session, sim, target)
            if stop and not self.finished:
                self.lines.append(self._note(stop))
                self.failed = True
                return
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
    if obj.kind == "StatefulSet":
        return _statefulset_line(obj)
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


def _statefulset_line(obj: KObject) -> tuple[str, bool]:
    """StatefulSetStatusViewer: with a rollingUpdate block (the API server always defaults one, partition 0)
    the rollout counts as partitioned, so a plain StatefulSet ends with `partitioned roll out complete`."""
    st, replicas = obj.status, obj.spec.get("replicas")
    strategy = obj.spec.get("updateStrategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        raise error("rollout status is only available for RollingUpdate strategy type")
    observed = st.get("observedGeneration", 0)
    if observed == 0 or obj.metadata.generation > observed:
        return "Waiting for statefulset spec update to be observed...", False
    if replicas is not None and st.get("readyReplicas", 0) < replicas:
        return f"Waiting for {replicas - st.get('readyReplicas', 0)} pods to be ready...", False
    updated, rolling = st.get("updatedReplicas", 0), strategy.get("rollingUpdate")
    if rolling is not None:
        partition = rolling.get("partition")
        if replicas is not None and partition is not None and updated < replicas - partition:
            return (f"Waiting for partitioned roll out to finish: {updated} out of {replicas - partition} new pods "
                    "have been updated..."), False
        return f"partitioned roll out complete: {updated} new pods have been updated...", True
    if st.get("updateRevision") != st.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {updated} pods at revision "
                f"{st.get('updateRevision', '')}..."), False
    return (f"statefulset rolling update complete {st.get('currentReplicas', 0)} pods at revision "
            f"{st.get('currentRevision', '')}..."), True


# ---- history and undo -----------------------------------------------------------------------

@command("rollout history", flags=("revision",), summary="View rollout history")
def history(session: Session, parsed: Parsed) -> CommandResult:
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
def undo(session: Session, parsed: Parsed) -> CommandResult:
    from .rollback import rollback

    rt, obj = _target(session, parsed, "undo")
    suffix = dry_run(parsed)
    mode = parsed.flags.get("dry-run") or "none"
    operation = rollback(session, obj, parsed["to-revision"], mode)
    return done(f"{rt.qualified}/{obj.name} {operation}{suffix}", obj)


# ---- pause, resume, restart -----------------------------------------------------------------

def _simple(verb: str, method: str, past: str) -> Handler:
    """pause, resume and restart of the object named."""
    def handler(session: Session, parsed: Parsed) -> CommandResult:
        rt, obj = _target(session, parsed, verb)
        return done(_change(session, verb, method, past, rt, obj), obj)
    return handler


def _change(session: Session, verb: str, method: str, past: str, rt: ResourceType, obj: KObject) -> str:
    """Patch the object as kubectl's ObjectPauser, ObjectResumer and ObjectRestarter (polymorphichelpers)
    compute it; their errors name the object (pkg/cmd/rollout/rollout_restart.go)."""
    paused = bool(obj.spec.get("paused"))
    problem = ""
    if verb == "pause" and paused:
        problem = "is already paused"
    elif verb == "resume" and not paused:
        problem = "is not paused"
    elif verb == "restart" and paused:
        problem = "can't restart paused deployment (run rollout resume first)"
    if problem:
        raise error(f'{rt.qualified_plural} "{obj.name}" {problem}')
    if verb == "restart" and _restarted_at(obj) == timestamp(session.sim.now):
        raise error(f"failed to create patch for {obj.name}: if restart has already been triggered within the "
                    "past second, please wait before attempting to trigger another")
    getattr(session.sim, method)(obj.namespace, obj.name, actor=session.actor,
                                 **({"kind": rt.kind} if verb == "restart" else {}))
    return f"{rt.qualified}/{obj.name} {past}"


def _restarted_at(obj: KObject) -> str:
    annotations = ((obj.spec.get("template") or {}).get("metadata") or {}).get("annotations") or {}
    return str(annotations.get(RESTARTED_AT_ANNOTATION) or "")


command("rollout pause", summary="Mark the provided resource as paused")(_simple("pause", "rollout_pause", "paused"))
command("rollout resume", summary="Resume a paused resource")(_simple("resume", "rollout_resume", "resumed"))


@command("rollout restart", flags=("selector",), summary="Restart a resource")
def restart(session: Session, parsed: Parsed) -> CommandResult:
    """The objects named, or with a type alone every one of it in the namespace (filtered by -l):
    rollout_restart.go builds with ResourceTypeOrNameArgs(true, …), so `kubectl rollout restart deployment
    -n shop` restarts them all in list order; one it cannot restart is reported after the others."""
    wanted = targets(parsed.args)
    if len(wanted) <= 1 and (not wanted or wanted[0].name):
        return _simple("restart", "rollout_restart", "restarted")(session, parsed)
    if any(t.name is None for t in wanted):
        found = [(t.rt, o) for t in wanted for o in list_objects(session, parsed, t.rt)]
        errors: list[str] = []
    else:
        found, errors = find_named(session, parsed, wanted)
    lines = []
    for rt, obj in found:
        if rt.kind not in KUBECTL_KINDS["restart"]:
            errors.append(str(_unsupported("restart", rt, obj.name)))
            continue
        try:
            lines.append(_change(session, "restart", "rollout_restart", "restarted", rt, obj))
        except CommandError as err:
            errors.append(str(err))
    return done("\n".join(lines + errors), *[o for _, o in found], exit_code=1 if errors else 0)

