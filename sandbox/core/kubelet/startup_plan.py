"""A pod's start-up, planned ahead: image pulls (each image once per node), then Created/Started,
each step with the simulated time it happens."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..audit import shared_text
from ..images import Image, go_duration, lookup, normalize, pull_error
from ..objects import KObject

PULL_FAIL_SECONDS = 1.0                   # registry round trip before "not found"
REPULL_SECONDS = 0.4                      # imagePullPolicy Always with the image present: digest check only
RUN = "run"                               # the end of a plan whose containers all started

Event = tuple[str, str, str]   # (type, reason, message) of an Event the kubelet records
# (time, the Events recorded then, end): end is None but in the last step, where it is RUN or a failed
# pull's (container name, reason, message, image ref).
Step = tuple[float, tuple[Event, ...], Any]


def plan_startup(pod: KObject, present: dict[str, float], now: float) -> list[Step]:
    """Every start-up step with its time: pulls (each image once per node), then Created/Started; last
    first, so that the kubelet pops the next one off the end. `present` is the node's image ref -> time
    it is (or will be) present; planned pulls are added to it."""
    spec = pod.spec
    inits = spec.get("initContainers")
    containers = spec.get("containers") or ()
    return plan_containers([*inits, *containers] if inits else containers, present, now)


def plan_containers(containers: Iterable[dict[str, Any]], present: dict[str, float], now: float) -> list[Step]:
    """The steps that start `containers` one after another (a pod's start-up, or the containers restarted
    because their image changed): each one's pull, then Created/Started; the last step ends in RUN, or in
    the first failed pull."""
    steps: list[Step] = []
    t = now
    for container in containers:
        ref = str(container.get("image", ""))
        image = lookup(ref)
        done = _plan_pull(steps, present, container, ref, image, t)
        if done is None:
            break
        assert image is not None
        t = done + image.start_seconds
        steps.append((t, _start_events(container.get("name", "")), None))
    else:
        steps.append((t, (), RUN))
    steps.reverse()
    return steps


@lru_cache(maxsize=1024)
def _start_events(name: str) -> tuple[Event, Event]:
    """The Created and Started events of a container named `name` (the same few names on every pod)."""
    return (("Normal", "Created", shared_text(f"Created container: {name}")),
            ("Normal", "Started", shared_text(f"Started container {name}")))


@lru_cache(maxsize=1024)
def _present_event(ref: str) -> tuple[Event]:
    return (("Normal", "Pulled", shared_text(f'Container image "{ref}" already present on machine')),)


@lru_cache(maxsize=1024)
def _pulling_event(ref: str) -> tuple[Event]:
    return (("Normal", "Pulling", shared_text(f'Pulling image "{ref}"')),)


@lru_cache(maxsize=1024)
def _pulled_event(ref: str, took: float, waited: float, size: int) -> tuple[Event]:
    """The Pulled event; one text for every pod of a node waiting for the same pull."""
    return (("Normal", "Pulled", shared_text(f'Successfully pulled image "{ref}" in {go_duration(took)} '
                                             f"({go_duration(waited)} including waiting). Image size: {size} bytes.")),)


def _plan_pull(steps: list[Step], present: dict[str, float], container: dict[str, Any], ref: str,
               image: Image | None, t: float) -> float | None:
    """Plan the pull of one container's image per imagePullPolicy; returns the time it is done, or None
    if it fails (the plan's last step)."""
    policy = container.get("imagePullPolicy") or "IfNotPresent"
    full = normalize(ref)
    ready_at = present.get(full)
    if policy != "Always" and ready_at is not None and ready_at <= t:
        steps.append((t, _present_event(ref), None))
        return t
    if policy == "Never":
        message = f'Container image "{ref}" is not present with pull policy of Never'
        steps.append((t, (), (container.get("name", ""), "ErrImageNeverPull", message, ref)))
        return None
    steps.append((t, _pulling_event(ref), None))
    if image is None:
        steps.append((t + PULL_FAIL_SECONDS, (), (container.get("name", ""), "ErrImagePull", pull_error(ref), ref)))
        return None
    if ready_at is not None and ready_at > t:          # another pod is pulling it: wait for that pull
        took, done = REPULL_SECONDS, ready_at + REPULL_SECONDS
    elif ready_at is not None:                         # Always, already present: only the digest check
        took, done = REPULL_SECONDS, t + REPULL_SECONDS
    else:
        took, done = image.pull_seconds, t + image.pull_seconds
        present[full] = done
    steps.append((done, _pulled_event(ref, took, done - t, image.size), None))
    return done
