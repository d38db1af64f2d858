"""Deterministic names and ids: uids and name suffixes from the seeded RNG,
pod-template-hash from the template's content (as in k/k's ComputeHash)."""

from __future__ import annotations

import json
import random
from functools import lru_cache
from typing import Any

# k8s.io/apimachinery/pkg/util/rand: no vowels, no look-alikes, so generated names spell no words.
SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


# Two letters at a time: _PAIRS[n] spells n < 27**2 in base 27, least significant letter first.
_PAIRS = [a + b for b in SAFE_ALPHABET for a in SAFE_ALPHABET]
_FIVE = len(SAFE_ALPHABET) ** 5   # 14,348,907 < 2**24: randrange draws 24 bits and redraws above it


def random_suffix(rng: random.Random, length: int = 5) -> str:
    # One draw for the whole suffix, spelled in base 27 least significant letter first, two letters per
    # step: generated names are made by the hundred thousand.
    if length == 5:   # every generated name: randrange's own rejection loop inlined (the same draws)
        n = rng.getrandbits(24)
        while n >= _FIVE:
            n = rng.getrandbits(24)
        return _PAIRS[n % 729] + _PAIRS[n // 729 % 729] + SAFE_ALPHABET[n // 531441]
    n = rng.randrange(len(SAFE_ALPHABET) ** length)
    parts = []
    for _ in range(length // 2):
        n, pair = divmod(n, len(_PAIRS))
        parts.append(_PAIRS[pair])
    if length % 2:
        parts.append(SAFE_ALPHABET[n])
    return "".join(parts)


# Version 4 and the RFC 4122 variant: the bits cleared, then set, in every uid drawn.
_UID_KEEP = ~(0xF000 << 64) & ~(0xC000 << 48)
_UID_SET = (0x4000 << 64) | (0x8000 << 48)


def new_uid(rng: random.Random) -> str:
    """A version-4 UUID drawn from the simulation's RNG."""
    h = f"{rng.getrandbits(128) & _UID_KEEP | _UID_SET:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def fnv32a(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def safe_encode(number: int) -> str:
    """k/k's rand.SafeEncodeString over the decimal digits of the hash (byte value mod 27,
    which is why real hashes look like 7d9f8c6b5d)."""
    return "".join(SAFE_ALPHABET[ord(d) % len(SAFE_ALPHABET)] for d in str(number))


def template_hash(template: dict[str, Any], collision_count: int = 0) -> str:
    """The pod-template-hash label value for a Deployment's pod template."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    if collision_count:
        data += str(collision_count).encode()
    return _hash_text(data)


@lru_cache(maxsize=1024)
def _hash_text(data: bytes) -> str:
    # Keyed by the template's bytes, so never stale: a controller's every sync hashes its unchanged template
    # again (the DaemonSet controller on each node change), and hashing byte by byte in Python is slow.
    return safe_encode(fnv32a(data))
