"""The lesson file format, validated by pydantic: data only, unknown fields refused.

A lesson is a starting cluster and steps. A step has Markdown text, a goal made of
declarative checks, hints in order, a solution (lines, waits, key presses),
anti-solutions (plays that must leave the goal unmet) and scripted events (at a
simulated time after the step starts, or the first time a check holds), and an event
may ask a prediction before it runs. lessons/README.md documents it for teachers.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator

from ..core.labels import parse_selector
from ..kubectl.durations import parse_duration
from ..kubectl.errors import CommandError
from ..kubectl.keymap import KEY_LINES


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError("a duration is a number of seconds or text such as 30s, 5m, 1h30m")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        try:
            seconds = parse_duration(value)
        except CommandError as err:
            raise ValueError(str(err).removeprefix("error: ")) from None
    if not 0 <= seconds <= 30 * 86400:
        raise ValueError("a duration must be between 0 and 30 days")
    return seconds


#: simulated seconds, written as 45, "30s", "5m" or "1h30m"
Duration = Annotated[float, BeforeValidator(_seconds)]
Op = Literal["==", "!=", ">=", "<=", ">", "<", "in", "matches", "exists"]
_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")


def _selector(text: str) -> str:
    try:
        parse_selector(text)
    except Exception as err:  # the selector parser raises its own error types
        raise ValueError(f"not a label selector: {err}") from None
    return text


Selector = Annotated[str, BeforeValidator(lambda v: _selector(v) if isinstance(v, str) else v)]


# ---- checks ----------------------------------------------------------------------

class Compared(Strict):
    """`op` and `value`: how what was seen must compare (default: equal)."""

    op: Op = "=="
    value: Any = None

    @model_validator(mode="after")
    def _value_fits_op(self) -> Compared:
        if self.op == "in" and not isinstance(self.value, list):
            raise ValueError("op 'in' needs a list as value")
        if self.op == "matches":
            if not isinstance(self.value, str):
                raise ValueError("op 'matches' needs a regular expression as value")
            re.compile(self.value)
        if self.op in (">=", "<=", ">", "<") and (isinstance(self.value, bool)
                                                   or not isinstance(self.value, (int, float))):
            raise ValueError(f"op '{self.op}' needs a number as value")
        return self


class FieldSpec(Compared):
    kind: str
    name: str
    namespace: str | None = None
    #: dotted path into the object: spec.replicas, metadata.labels["app.kubernetes.io/name"],
    #: status.conditions[type=Ready].status, spec.template.spec.containers[0].image
    path: str


class CountSpec(Compared):
    kind: str = "Pod"
    namespace: str | None = None
    all_namespaces: bool = False
    selector: Selector | None = None
    name_prefix: str | None = None
    #: kubectl's STATUS word for pods (Running, Pending, ContainerCreating, ImagePullBackOff, Terminating, ...)
    status: str | list[str] | None = None
    phase: str | None = None
    ready: bool | None = None
    node: str | None = None
    #: KIND/NAME of a controller up the ownership chain (deployment/web, replicaset/web-7d9f8c6b5d)
    owner: str | None = None
    value: int = Field(ge=0)


class RequestSpec(Strict):
    url: str
    #: send from inside a pod: pod/NAME, deploy/NAME (its first ready pod), or NAME; outside the cluster if absent
    from_: str | None = Field(None, alias="from")
    namespace: str | None = None
    headers: dict[str, str] = {}
    #: how many requests (all must pass): many show a split, a round-robin, a flaky version
    count: int = Field(1, ge=1, le=200)
    status: int | None = None
    ok: bool | None = None
    version: str | None = None
    denied_by: str | None = None
    #: dropped by a NetworkPolicy on this side, whichever policy it was: Ingress (at the receiver) or Egress
    #: (at the sender, a DNS query included)
    denied: Literal["Ingress", "Egress"] | None = None
    exit_code: int | None = None
    #: how many different pods answered the `count` requests, exactly (load balancing, a pod left out)
    pods: int | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _enough_requests(self) -> RequestSpec:
        if self.pods is not None and self.pods > self.count:
            raise ValueError(f"{self.count} request(s) cannot be answered by {self.pods} different pods: "
                             "raise count")
        return self


class RanSpec(Strict):
    """The learner ran a command of this shape during the step (typed or by key)."""

    command: str
    args: list[str] = []
    flags: dict[str, Any] = {}
    ok: bool | None = True
    source: Literal["typed", "key"] | None = None
    #: a regular expression the URL of the request the line sent must contain (curl, kubectl exec … curl)
    url: str | None = None

    @model_validator(mode="after")
    def _url_is_a_pattern(self) -> RanSpec:
        if self.url is not None:
            try:
                re.compile(self.url)
            except re.error as err:
                raise ValueError(f"url is not a regular expression: {err}") from None
        return self


class PressedSpec(Strict):
    key: str
    on: str | None = None  # KIND/NAME the key acted on


class LoggedSpec(Strict):
    """An audit entry (a change or an Event) appeared during the step."""

    actor: str | None = None
    verb: str | None = None
    kind: str | None = None
    name_prefix: str | None = None
    namespace: str | None = None
    reason: str | None = None  # an Event's reason (Scheduled, Killing, FailedScheduling, ...)
    text: str | None = None    # a regular expression the entry's text must match


class TrafficSpec(Strict):
    """A traffic stream's success so far (`sim traffic start …`): the newest stream unless `stream` names one."""

    stream: int | None = None
    #: only requests answered by this version (a pod's `version` label, else its image tag)
    version: str | None = None
    min_success: float = Field(1.0, ge=0, le=1)
    min_requests: int = Field(1, ge=0)
    #: the stream must have run to its end (or been stopped)
    finished: bool = False


class UnchangedSpec(Strict):
    """Objects nobody touched since the step began: same uid, spec, labels; and their pods not replaced."""

    kind: str
    namespace: str | None = None
    names: list[str] = Field(min_length=1)


class HeldSpec(Strict):
    check: Check
    for_: Duration = Field(alias="for")


class FieldCheck(Strict):
    field: FieldSpec
    label: str | None = None


class CountCheck(Strict):
    count: CountSpec
    label: str | None = None


class RequestCheck(Strict):
    request: RequestSpec
    label: str | None = None


class RanCheck(Strict):
    ran: RanSpec
    label: str | None = None


class PressedCheck(Strict):
    pressed: PressedSpec
    label: str | None = None


class LoggedCheck(Strict):
    logged: LoggedSpec
    label: str | None = None


class HeldCheck(Strict):
    held: HeldSpec
    label: str | None = None


class TrafficCheck(Strict):
    traffic: TrafficSpec
    label: str | None = None


class UnchangedCheck(Strict):
    unchanged: UnchangedSpec
    label: str | None = None


class AllCheck(Strict):
    all: list[Check] = Field(min_length=1)
    label: str | None = None


class AnyCheck(Strict):
    any: list[Check] = Field(min_length=1)
    label: str | None = None


class NotCheck(Strict):
    not_: Check = Field(alias="not")
    label: str | None = None


CHECK_KINDS = ("field", "count", "request", "ran", "pressed", "logged", "traffic", "unchanged", "held", "all", "any",
               "not")


def _check_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return next(k for k in CHECK_KINDS if k in type(value).model_fields or f"{k}_" in type(value).model_fields)
    if not isinstance(value, dict):
        return None
    keys = [k for k in value if k != "label"]
    return keys[0] if len(keys) == 1 and keys[0] in CHECK_KINDS else None


Check = Annotated[
    Annotated[FieldCheck, Tag("field")] | Annotated[CountCheck, Tag("count")]
    | Annotated[RequestCheck, Tag("request")] | Annotated[RanCheck, Tag("ran")]
    | Annotated[PressedCheck, Tag("pressed")] | Annotated[LoggedCheck, Tag("logged")]
    | Annotated[TrafficCheck, Tag("traffic")] | Annotated[UnchangedCheck, Tag("unchanged")]
    | Annotated[HeldCheck, Tag("held")] | Annotated[AllCheck, Tag("all")] | Annotated[AnyCheck, Tag("any")]
    | Annotated[NotCheck, Tag("not")],
    Discriminator(_check_kind, custom_error_type="unknown_check",
                  custom_error_message="a check is one of: " + ", ".join(CHECK_KINDS)
                                       + " (with an optional label)"),
]


# ---- what the learner (or the proof) does ---------------------------------------

class Wait(Strict):
    wait: Duration


class Run(Strict):
    """A line that is meant to fail (`{run: kubectl drain node-1, fails: true}`): the proof expects the error."""

    run: str
    fails: bool = True


class Press(Strict):
    """A key pressed with something selected: `{key: c, on: node/node-2}`; `value` answers the key's prompt."""

    key: str
    on: str
    value: int | None = None

    @model_validator(mode="after")
    def _known_key(self) -> Press:
        if self.key not in KEY_LINES:
            raise ValueError(f"the key {self.key!r} runs no command; keys that do: {', '.join(KEY_LINES)}")
        if "/" not in self.on:
            raise ValueError("'on' names what is selected as KIND/NAME (node/node-2, deployment/web)")
        if self.key == "s" and self.value is None:
            raise ValueError("the key 's' needs 'value': the replicas typed in its prompt")
        return self


def _play_kind(value: Any) -> str:
    if isinstance(value, str | Wait | Press | Run):
        return {str: "line", Wait: "wait", Press: "key", Run: "run"}[type(value)]
    if isinstance(value, dict):
        return next((k for k in ("wait", "key", "run") if k in value), "bad")
    return "bad"


Play = Annotated[
    Annotated[str, Tag("line")] | Annotated[Wait, Tag("wait")] | Annotated[Press, Tag("key")]
    | Annotated[Run, Tag("run")],
    Discriminator(_play_kind, custom_error_type="unknown_play",
                  custom_error_message="a solution item is a command line, {wait: DURATION}, "
                                       "{key: KEY, on: KIND/NAME} or {run: LINE, fails: true}"),
]


class Predict(Strict):
    """Asked before its event runs; simulated time waits for the answer."""

    question: str
    choices: list[str] = Field(min_length=2, max_length=6)
    answer: int = Field(ge=1)  # 1-based
    explain: str

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> Predict:
        if self.answer > len(self.choices):
            raise ValueError(f"answer {self.answer} is not one of the {len(self.choices)} choices")
        return self


class Event(Strict):
    at: Duration | None = None
    when: Check | None = None
    run: list[str] = Field(min_length=1)
    #: a line for the event log, in the lesson's voice ("node-2's machine has just lost power")
    say: str | None = None
    predict: Predict | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_line_is_a_list(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("run"), str):
            return {**data, "run": [data["run"]]}
        return data

    @model_validator(mode="after")
    def _one_trigger(self) -> Event:
        if (self.at is None) == (self.when is None):
            raise ValueError("an event has exactly one trigger: 'at' (time after the step starts) or 'when' (a check)")
        return self


class Step(Strict):
    title: str
    text: str
    goal: Check | None = None
    #: shown once the goal is met: what just happened and why
    done: str | None = None
    hints: list[str] = []
    solution: list[Play] = []
    #: other plays that must meet the goal too, each from the step's start (a challenge with several answers)
    more_solutions: list[list[Play]] = []
    anti_solutions: list[list[Play]] = []
    events: list[Event] = []

    @model_validator(mode="after")
    def _provable(self) -> Step:
        if self.goal is not None and not self.anti_solutions:
            raise ValueError("a step with a goal needs at least one anti-solution (a play that must not pass)")
        if self.goal is None and self.anti_solutions:
            raise ValueError("anti_solutions need a goal to leave unmet")
        return self


class Cluster(Strict):
    nodes: int = Field(3, ge=1, le=50)  # worker nodes
    seed: int = 0
    #: manifest files or folders, relative to the lesson file
    manifests: list[str] = []
    addons: list[str] = []
    #: lines run (as the lesson) before the learner arrives
    setup: list[str] = []
    #: let the cluster run this long after the setup, so the learner arrives to a settled cluster
    settle: Duration = 60.0
    namespace: str = "default"


class Lesson(Strict):
    id: str
    title: str
    summary: str
    concepts: list[str] = []
    minutes: int = Field(ge=1, le=60)
    order: int
    cluster: Cluster = Field(default_factory=lambda: Cluster.model_validate({}))
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _id_is_a_name(self) -> Lesson:
        if not _NAME.fullmatch(self.id):
            raise ValueError(f"id {self.id!r} must be lower-case letters, digits and dashes")
        return self


HeldSpec.model_rebuild()
for _model in (AllCheck, AnyCheck, NotCheck, Event, Step, Lesson):
    _model.model_rebuild()
