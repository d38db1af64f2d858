"""Resource quantities and label selectors parse like the API server's."""

import random

import pytest

from sandbox.core.labels import SelectorError, format_selector, parse_selector, selector_matches
from sandbox.core.naming import SAFE_ALPHABET, random_suffix, template_hash
from sandbox.core.quantity import format_memory, memory_bytes, milli_cpu


@pytest.mark.parametrize("text,millis", [("250m", 250), ("1", 1000), ("1.5", 1500), ("0.1", 100), (2, 2000)])
def test_cpu_quantities(text, millis):
    assert milli_cpu(text) == millis


@pytest.mark.parametrize("text,size", [("128Mi", 128 * 2**20), ("1Gi", 2**30), ("1G", 10**9), ("500", 500)])
def test_memory_quantities(text, size):
    assert memory_bytes(text) == size


def test_bad_quantity_is_rejected():
    with pytest.raises(ValueError, match="quantities must match"):
        milli_cpu("lots")


def test_memory_formats_back():
    assert format_memory(8 * 2**30) == "8Gi" and format_memory(70 * 2**20) == "70Mi"


def test_unbalanced_selector_is_an_error():
    with pytest.raises(SelectorError):
        parse_selector("env in (a,b")


def test_api_selector_round_trips_to_kubectl_text():
    sel = {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["a", "b"]}]}
    assert format_selector(sel) == "app=web,tier in (a,b)"
    assert selector_matches(sel, {"app": "web", "tier": "b"})
    assert not selector_matches(sel, {"app": "web", "tier": "c"})
    assert not selector_matches(None, {"app": "web"})


def test_template_hash_is_stable_and_content_dependent():
    a = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "n", "image": "nginx:1.24"}]}}
    same = {"spec": {"containers": [{"image": "nginx:1.24", "name": "n"}]}, "metadata": {"labels": {"app": "web"}}}
    b = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "n", "image": "nginx:1.25"}]}}
    # The value is pinned: ReplicaSet and pod names (and so the golden transcripts) are built from it.
    assert template_hash(a) == template_hash(same) == "7d44b5f78d"
    assert template_hash(b) != template_hash(a) != template_hash(a, collision_count=1)  # as k/k ComputeHash
    assert set(template_hash(a)) <= set("bcdfghjklmnpqrstvwxz2456789")  # rand.SafeEncodeString's alphabet


@pytest.mark.parametrize("length", [5, 3, 4])
def test_random_suffix_spells_one_randrange_draw(length):
    # A name suffix is one randrange draw spelled in base 27, least significant letter first (the five-letter
    # fast path must draw exactly as randrange does, or every seeded cluster's names would change).
    ours, reference = random.Random(7), random.Random(7)
    for _ in range(2000):
        n = reference.randrange(len(SAFE_ALPHABET) ** length)
        expected = "".join(SAFE_ALPHABET[n // len(SAFE_ALPHABET) ** i % len(SAFE_ALPHABET)] for i in range(length))
        assert random_suffix(ours, length) == expected
