"""Scenarios: starting clusters. The default cluster, `play --app shop`, `sim reset` and every
lesson's starting cluster are scenarios: node count and sizes, seed, add-ons, and manifests
applied on top (an app such as the shop). Building one twice gives the same cluster, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .config import ClusterConfig
from .simulation import Simulation


@dataclass(frozen=True)
class Scenario:
    config: ClusterConfig = field(default_factory=ClusterConfig)
    addons: tuple[str, ...] = ()
    #: applied in order after the add-ons (a Namespace before what lives in it)
    manifests: tuple[dict[str, Any], ...] = ()
    #: who applies the manifests, in the audit log
    actor: str = "you"
    #: simulated seconds to let the cluster run once everything is applied
    settle: float = 0.0
    #: the namespace the learner starts in (the kubeconfig context's namespace), e.g. the app's own
    namespace: str = "default"

    def build(self) -> Simulation:
        sim = Simulation(self.config)
        for addon in self.addons:
            sim.addon_enable(addon, actor=self.actor)
        for manifest in self.manifests:
            sim.apply(manifest, actor=self.actor, namespace=manifest.get("metadata", {}).get("namespace") or "default")
        if self.settle:
            sim.advance(self.settle)
        return sim

    def with_config(self, **changes: Any) -> Scenario:
        return replace(self, config=replace(self.config, **changes))
