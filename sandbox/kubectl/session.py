"""A kubectl session on a simulated cluster: one line in, a CommandResult out, never an exception.

The session is the one way in: typed lines, keys, lesson events and scripts all become
`Session.run(line, source=…)`, and simulated time moves through `Session.advance`. Observers
(the TUI, the tutor) subscribe and hear about each command, each advance of time, and each
replacement of the cluster (reset, restore).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from ..core.config import ClusterConfig
from ..core.errors import ApiError
from ..core.scenario import Scenario
from ..core.simulation import Simulation
from .errors import CommandError, not_simulated, server_error, unknown_command, unknown_subcommand
from .inputs import is_input
from .observers import CommandStart, SessionObserver, Source

if TYPE_CHECKING:
    from ..core.network.trace import RequestTrace
    from .commands.portforward import Forward
    from .editor import EditRequest
    from .parse import Parsed
    from .printers.events import EventIndex
    from .result import CommandResult

KUBECTL_WORDS = ("kubectl", "k")
FIRST_SLICE = 1.0  # simulated seconds in the first slice of an advance
SLICE_WALL = 0.2   # wall seconds a slice aims to take (how soon a stop is heard)


class Session:
    def __init__(self, sim: Simulation | None = None, *, seed: int = 0, workers: int = 3,
                 scenario: Scenario | None = None) -> None:
        if scenario is None:
            scenario = Scenario(sim.config if sim is not None else ClusterConfig(seed=seed, workers=workers))
        self.scenario = scenario
        self.sim = sim if sim is not None else scenario.build()
        #: what `sim reset` goes back to, and how it says so (a lesson points it at the step's start)
        self.reset_to: tuple[Callable[[], Simulation], str] = (scenario.build, self._fresh_cluster_words())
        self.speed = 1.0
        self.paused = False
        #: the current context's namespace (`kubectl config set-context --current --namespace=NAME`)
        self.namespace = scenario.namespace
        #: where relative `-f` paths are resolved (the runner sets the script's folder)
        self.cwd = Path(".")
        #: a lesson's folder: a relative `-f` path not found from cwd is read from there, so a lesson's
        #: text can name the manifests it ships (`kubectl apply -f service-mesh/webserver-routes.yaml`)
        self.lesson_dir: Path | None = None
        #: who runs the current command (the audit actor)
        self.actor = "you"
        #: text standing in for standard input (`apply -f -`, the runner's heredocs)
        self.stdin: str | None = None
        #: an editor is attached (the app): `kubectl edit` and `kubectl apply -f -` hand it an EditRequest
        #: (result.data["edit"]) and `save_edit` runs what was saved; headless, they need a heredoc
        self.editor = False
        #: the last request curl sent, from outside or from a pod (`sim trace` shows its path)
        self.last_request: RequestTrace | None = None
        self._events: EventIndex | None = None
        #: running `kubectl port-forward`s, by local port (they outlive the command line, as the process would)
        self.port_forwards: dict[int, Forward] = {}
        self._observers: list[SessionObserver] = []
        #: what the command being run resolved to (filled in as it is parsed)
        self._resolved: tuple[str, list[str], dict[str, object]] = ("", [], {})
        #: the line being run and where it came from (for the observers' command_starting)
        self._running: tuple[str, Source, str] = ("", "typed", "")
        #: above 0 while the timeline replays recorded lines: observers hear nothing
        self._quiet = 0
        #: (start, target) simulated times of the advance running now (the app shows its progress), else None
        self.waiting: tuple[float, float] | None = None
        #: set by stop_waiting() (the app's esc, from another thread): the running advance ends at its next slice
        self.stop_asked = False
        #: advance in slices a stop is heard between (the app); headless, time moves in one go, which lets
        #: traffic streams add whole repeats over the longest windows (core/network/traffic.py)
        self.slice_waits = False
        from .timeline import Timeline

        #: every input on a timeline of points and branches (sim undo, rewind, diff); it hears commands first
        self.timeline = Timeline(self)
        self.subscribe(self.timeline)

    @property
    def events(self) -> EventIndex:
        """Aggregated Events, brought up to date from the audit log when a command reads them.

        Made by the first command that reads them: free play's first frame runs none.
        """
        if self._events is None:
            from .printers.events import EventIndex

            self._events = EventIndex()
        return self._events

    # ---- observers -----------------------------------------------------------

    def subscribe(self, observer: SessionObserver) -> None:
        self._observers.append(observer)

    def unsubscribe(self, observer: SessionObserver) -> None:
        if observer in self._observers:
            self._observers.remove(observer)

    def _notify(self, call: Callable[[SessionObserver], None]) -> None:
        if self._quiet:
            return
        for observer in list(self._observers):
            call(observer)

    # ---- commands ------------------------------------------------------------

    def run(self, line: str, *, source: Source = "typed", key: str = "", actor: str | None = None,
            stdin: str | None = None) -> CommandResult:
        """Run one line; observers hear of it once it has run (lesson events may run lines from there)."""
        return self._record(line, lambda: self._dispatch(line), source=source, key=key, actor=actor, stdin=stdin)

    def save_edit(self, request: EditRequest, text: str, *, source: Source = "typed", key: str = "") -> CommandResult:
        """The editor's text was saved: run the line the editor stands for with it, as kubectl would.

        `kubectl apply -f -` takes the text as standard input; `kubectl edit` patches the change from
        the object as it was first opened (so what controllers changed meanwhile is not undone).
        """
        if request.mode == "apply":
            return self.run(request.line, source=source, key=key, stdin=text)
        from .commands.edit import save

        def dispatch() -> CommandResult:
            self._resolved = ("kubectl edit", [request.kind.lower(), request.name], {"namespace": request.namespace})
            self.stdin = text  # what `kubectl edit` reads in a script's heredoc: the saved file
            result = save(self, request, text)
            self.sim.advance(0)
            return result

        return self._record(request.line, dispatch, source=source, key=key, actor=None, stdin=None)

    def use_namespace(self, name: str, *, source: Source = "key", key: str = "") -> CommandResult:
        """Work in namespace `name` from now on, through the kubectl line that does it on a real cluster
        (the app's namespace picker and `:ns NAME` both come here, so the line shows in the log)."""
        return self.run(f"kubectl config set-context --current --namespace={shlex.quote(name)}", source=source,
                        key=key)

    def _record(self, line: str, dispatch: Callable[[], CommandResult], *, source: Source, key: str,
                actor: str | None, stdin: str | None) -> CommandResult:
        # The command layer (parser, command table, results) is loaded with the first line run: free play's
        # first frame runs none.
        from .result import CommandResult

        saved = self.actor, self.stdin, self._resolved, self._running
        self.actor = actor or ("lesson" if source == "lesson" else "you")
        self.stdin, self._resolved, self._running = stdin, ("", [], {}), (line, source, key)
        audit_from = len(self.sim.audit)
        try:
            result = dispatch()
        except CommandError as err:
            result = CommandResult(line, str(err), err.exit_code)
        except ApiError as err:
            result = CommandResult(line, server_error(err), 1)
        except Exception as err:  # the layer's promise: nothing typed raises
            result = CommandResult(line, f"error: internal error: {type(err).__name__}: {err}", 1)
        result.line, result.source, result.key = line, source, key
        if self.stdin is not None:  # the line with this as its standard input runs it again (a replay)
            result.data.setdefault("stdin", self.stdin)
        result.command, result.args, result.flags = self._resolved
        result.audit_from = audit_from
        self.actor, self.stdin, self._resolved, self._running = saved
        self._notify(lambda o: o.command_ran(result))
        return result

    @property
    def line(self) -> str:
        """The line being run (a command that hands its work to the app, as `apply -f -` to the editor, names it)."""
        return self._running[0]

    def run_quietly(self, line: str, *, source: Source, key: str, actor: str, stdin: str | None) -> CommandResult:
        """Run a line without a word to the observers (the timeline replays recorded lines this way)."""
        self._quiet += 1
        try:
            return self.run(line, source=source, key=key, actor=actor, stdin=stdin)
        finally:
            self._quiet -= 1

    def _dispatch(self, line: str) -> CommandResult:
        from .parse import tokenize
        from .result import CommandResult
        from .substitution import expand

        words = tokenize(expand(line, self._dispatch))
        if not words:
            return CommandResult(line)
        if words[0] in KUBECTL_WORDS:
            words = words[1:]
            if not words:
                raise CommandError("error: a command is required: kubectl get, describe, apply, ... "
                                   "(`kubectl api-resources` lists the resource types)")
        elif words[0] in ("sim", "curl"):
            return self._execute(words[0], words[0], words[1:])
        leading, words = _leading_globals(words)
        if not words:
            raise CommandError("error: a command is required: kubectl get, describe, apply, ... "
                               "(`kubectl api-resources` lists the resource types)")
        name, rest = self._command_name(words)
        # Before a bare `--` (exec POD -- curl URL): the words after it are the container's command, not flags.
        dash = rest.index("--") if "--" in rest else len(rest)
        return self._execute(name, f"kubectl {name}", rest[:dash] + leading + rest[dash:])

    def _command_name(self, words: list[str]) -> tuple[str, list[str]]:
        """The longest registered command the words start with (`rollout status`, then `get`)."""
        from .commands import NAMES

        if len(words) > 1 and f"{words[0]} {words[1]}" in NAMES:
            return f"{words[0]} {words[1]}", words[2:]
        if words[0] in NAMES:
            return words[0], words[1:]
        groups = sorted({n.split()[0] for n in NAMES if " " in n})
        if words[0] in groups:
            subs = sorted(n.split()[1] for n in NAMES if n.startswith(words[0] + " "))
            word = words[1] if len(words) > 1 else ""
            if not word or word.startswith("-"):
                raise CommandError(f"error: kubectl {words[0]} needs a subcommand: {', '.join(subs)}\n"
                                   f"See 'kubectl {words[0]} -h' for help and examples")
            raise unknown_subcommand(word, f"kubectl {words[0]}")
        if words[0] in KUBECTL_ORDER:
            raise not_simulated(words[0])
        raise unknown_command(words[0], "kubectl", kubectl_commands())

    def _execute(self, name: str, label: str, words: list[str]) -> CommandResult:
        from .commands import get_command
        from .parse import Parsed, parse_flags

        cmd = get_command(name)
        self._resolved = (label, list(words), {})
        parsed = Parsed(list(words), {}) if cmd.raw else parse_flags(label, words, cmd.flags)
        self._resolved = (label, list(parsed.args), {f: parsed.flags[f] for f in sorted(parsed.given)})
        if parsed.flags.get("namespace") == "":
            raise CommandError("error: a namespace name must not be empty")
        label, args, flags = self._resolved
        if not is_input(label, args):
            return self._handle(cmd.handler, parsed)
        line, source, key = self._running
        start = CommandStart(line, label, args, flags, source, key, self.actor, self.stdin)
        self._notify(lambda o: o.command_starting(start))
        sim = self.sim
        # The line is a root of causes: what it writes, and the timers it sets, name it (sim why).
        with sim.clock.caused_by(sim.audit.add_root(f"{self.actor}: {line}")):
            return self._handle(cmd.handler, parsed)

    def _handle(self, handler: Callable[[Session, Parsed], CommandResult], parsed: Parsed) -> CommandResult:
        result = handler(self, parsed)
        self.sim.advance(0)  # controllers react at once (milliseconds on a real cluster)
        return result

    # ---- time and state ------------------------------------------------------

    def advance(self, seconds: float) -> float:
        """Move simulated time on, stopping at every observer's wake-up on the way (then at the end).

        Returns the seconds that passed: fewer when an observer holds time (a lesson waiting
        for the learner's prediction stops the clock until it is answered).
        """
        if seconds < 0:
            raise ValueError("cannot advance by a negative time")
        sim = self.sim
        start = sim.now
        target = start + seconds
        if self._quiet:  # a replay: no observer may stop or hold time, or act on it
            sim.advance(seconds)
            return seconds
        outer, self.waiting, self.stop_asked = self.waiting, (start, target), False
        try:
            return self._advance_to(sim, start, target)
        finally:
            self.waiting = outer

    def stop_waiting(self) -> None:
        """Ask the running advance to end at its next slice (safe from another thread: one flag is set)."""
        self.stop_asked = True

    def wait_can_stop(self) -> bool:
        """Whether stop_waiting() can end a wait now: it runs in slices, which it does not while traffic
        streams run (each slice would send a stream's last seconds for real, traffic.py; one go is quick).
        The app's running line asks while the wait runs in its thread: a flag read, no figures copied."""
        return self.slice_waits and not self.sim.traffic_running()

    def _advance_to(self, sim: Simulation, start: float, target: float) -> float:
        while True:
            if self.time_held():
                return sim.now - start
            end = target
            for observer in list(self._observers):
                wake = observer.next_wakeup()
                if wake is not None and sim.now < wake < end:
                    end = wake
            if not self.wait_can_stop():
                sim.advance(end - sim.now)
            elif not advance_in_slices(sim, end, lambda: self.stop_asked):
                end = sim.now  # stopped by the learner: observers hear of the time reached, and it ends here
                target = end

            def advanced(o: SessionObserver, now: float = sim.now) -> None:  # a def: mypy cannot type the lambda
                o.time_advanced(now)

            self._notify(advanced)
            if end == target or self.sim is not sim:  # an observer may have replaced the cluster
                return sim.now - start

    def time_held(self) -> bool:
        return any(observer.holds_time() for observer in self._observers)

    def replace_cluster(self, sim: Simulation) -> None:
        """Work on another simulation from now on (a reset, a lesson step restarted); observers rebuild."""
        self.sim = sim
        self._events = None
        self.port_forwards.clear()  # their pods belong to the old cluster
        self._notify(lambda o: o.cluster_replaced())

    def reset(self) -> str:
        """`sim reset`: the cluster goes back to where `reset_to` says; returns what to tell the learner."""
        build, words = self.reset_to
        self.replace_cluster(build())
        return words

    def _fresh_cluster_words(self) -> str:
        config = self.scenario.config
        extra = " and its app" if self.scenario.manifests else ""
        return (f"cluster reset: a fresh cluster (seed {config.seed}, {config.workers} worker nodes{extra})")

    def restore(self, snapshot: Simulation) -> None:
        """Put the cluster back as `snapshot` holds it; observers rebuild what they drew."""
        self.sim.restore(snapshot)
        self._events = None
        self.port_forwards.clear()
        self._notify(lambda o: o.cluster_replaced())

    def complete(self, line: str) -> list[str]:
        from .complete import complete

        return complete(self, line)


def advance_in_slices(sim: Simulation, end: float, stop: Callable[[], bool]) -> bool:
    """Advance `sim` to `end` in slices, asking `stop()` between them; False if it stopped first.

    Advancing in slices or at once gives the same cluster (Simulation.advance_to), so the slices are
    sized by the wall clock alone: short enough that a stop (the app's esc) is heard within a fraction
    of a second, long enough that their overhead stays small (a traffic stream re-finds its cycle and
    sends its last seconds for real in each slice): a slice quicker than SLICE_WALL doubles the next,
    one slower than twice that halves it.
    """
    step = FIRST_SLICE
    while True:
        began = perf_counter()
        sim.advance_to(min(end, sim.now + step))  # once at least: advancing by 0 runs the controllers' queues
        if sim.now >= end:
            return True
        if stop():
            return False
        took = perf_counter() - began
        if took < SLICE_WALL:
            step *= 2
        elif took > 2 * SLICE_WALL:
            step = max(FIRST_SLICE, step / 2)


def _leading_globals(words: list[str]) -> tuple[list[str], list[str]]:
    """Global flags may come before the command (`kubectl -n shop get pods`), as cobra allows."""
    leading: list[str] = []
    while words and (words[0] in ("-n", "--namespace") or words[0].startswith(("--namespace=", "-n="))):
        take = 1 if "=" in words[0] else 2
        leading += words[:take]
        words = words[take:]
    return leading, words


# kubectl's commands in the order its root command registers them; cobra suggests in this order.
KUBECTL_ORDER = ("create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale",
                 "autoscale", "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint",
                 "describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events",
                 "diff", "apply", "patch", "replace", "wait", "kustomize", "label", "annotate", "completion",
                 "alpha", "plugin", "version", "api-versions", "api-resources", "options", "config")


def kubectl_commands() -> list[str]:
    """kubectl's command words, in registration order (for suggestions)."""
    return list(KUBECTL_ORDER)
