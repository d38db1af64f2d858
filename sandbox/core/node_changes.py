"""Which nodes changed since a view last looked: for a map of thousands of nodes that redraws
only the cells that moved instead of re-checking every node on each frame.

A node's cell can change with a write to the Node, a write to any pod bound to it (its count,
requests and phases make the node's load), or its machine starting or stopping (a lease, not an
API write). The tracker hears all three through watches and keeps the names; take() hands them
over. It holds only names, so a simulation that carries one still pickles (timeline checkpoints).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .objects import KObject
    from .simulation import Simulation


class NodeChanges:
    def __init__(self, sim: Simulation) -> None:
        self._dirty: set[str] = set()
        self._membership = True  # nodes were added or removed (or nothing was taken yet)
        sim.store.watch("Pod", self._on_pod)
        sim.store.watch("Node", self._on_node)
        sim.leases.watch(self._on_lease)

    def take(self) -> tuple[bool, set[str]]:
        """(whether nodes came or went, the names of nodes whose cell may have changed) since the last take."""
        membership, dirty = self._membership, self._dirty
        self._membership, self._dirty = False, set()
        return membership, dirty

    def _on_pod(self, _event: str, pod: KObject, _old: object) -> None:
        node = pod.spec.get("nodeName")
        if node:
            self._dirty.add(node)

    def _on_lease(self, node: str) -> None:
        self._dirty.add(node)

    def _on_node(self, event: str, node: KObject, _old: object) -> None:
        if event != "MODIFIED":
            self._membership = True
        self._dirty.add(node.name)
