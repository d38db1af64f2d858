"""A pod's start-up, planned ahead: image pulls (each image once per node), then Created/Started,
each step with the simulated time it happens."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..audit import shared_text
from ..images import Image, go_duration, lookup, normalize, pull_error
from ..objects import KObject

PULL_FAIL_SECONDS = 1.0                   # registry round trip before "not found"
REPULL_SECONDS = 0.4                      # imagePullPolicy Always with the image present: digest check only

Step = tuple[float, str, Any]   # (time, what, detail): what is event, fail or run


def plan_startup(pod: KObject, present: dict[str, float], now: float) -> list[Step]:
    """Every start-up step with its time: pulls (each image once per node), then Created/Started; last
    first, so that the kubelet pops the next one off the end. `present` is the node's image ref -> time
    it is (or will be) present; planned pulls are added to it."""
    steps: list[Step] = []
    t = now
    spec = pod.spec
    inits = spec.get("initContainers")
    containers = spec.get("containers") or ()
    for container in [*inits, *containers] if inits else containers:
        ref = str(container.get("image", ""))
        image = lookup(ref)
        t, failed = _plan_pull(steps, present, container, ref, image, t)
        if failed:
            break
        assert image is not None
        t += image.start_seconds
        created, started = _start_events(container.get("name", ""))
        steps.append((t, "event", created))
        steps.append((t, "event", started))
    else:
        steps.append((t, "run", None))
    steps.reverse()
    return steps


@lru_cache(maxsize=1024)
def _start_events(name: str) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """The Created and Started events of a container named `name` (the same few names on every pod)."""
    return (("Normal", "Created", shared_text(f"Created container: {name}")),
            ("Normal", "Started", shared_text(f"Started container {name}")))


@lru_cache(maxsize=1024)
def _present_event(ref: str) -> tuple[str, str, str]:
    return "Normal", "Pulled", shared_text(f'Container image "{ref}" already present on machine')


@lru_cache(maxsize=1024)
def _pulling_event(ref: str) -> tuple[str, str, str]:
    return "Normal", "Pulling", shared_text(f'Pulling image "{ref}"')


@lru_cache(maxsize=1024)
def _pulled_event(ref: str, took: float, waited: float, size: int) -> tuple[str, str, str]:
    """The Pulled event; one text for every pod of a node waiting for the same pull."""
    return "Normal", "Pulled", shared_text(f'Successfully pulled image "{ref}" in {go_duration(took)} '
                                           f"({go_duration(waited)} including waiting). Image size: {size} bytes.")


def _plan_pull(steps: list[Step], present: dict[str, float], container: dict[str, Any], ref: str,
               image: Image | None, t: float) -> tuple[float, bool]:
    """Plan the pull of one container's image per imagePullPolicy; returns (time done, failed)."""
    policy = container.get("imagePullPolicy") or "IfNotPresent"
    full = normalize(ref)
    ready_at = present.get(full)
    if policy != "Always" and ready_at is not None and ready_at <= t:
        steps.append((t, "event", _present_event(ref)))
        return t, False
    if policy == "Never":
        message = f'Container image "{ref}" is not present with pull policy of Never'
        steps.append((t, "fail", (container.get("name", ""), "ErrImageNeverPull", message, ref)))
        return t, True
    steps.append((t, "event", _pulling_event(ref)))
    if image is None:
        steps.append((t + PULL_FAIL_SECONDS, "fail", (container.get("name", ""), "ErrImagePull",
                                                      pull_error(ref), ref)))
        return t, True
    if ready_at is not None and ready_at > t:          # another pod is pulling it: wait for that pull
        took, done = REPULL_SECONDS, ready_at + REPULL_SECONDS
    elif ready_at is not None:                         # Always, already present: only the digest check
        took, done = REPULL_SECONDS, t + REPULL_SECONDS
    else:
        took, done = image.pull_seconds, t + image.pull_seconds
        present[full] = done
    steps.append((done, "event", _pulled_event(ref, took, done - t, image.size)))
    return done, False
