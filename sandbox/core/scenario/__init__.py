"""Scenarios: starting clusters, built on an empty Simulation (which knows nothing of them).

The default cluster, `play --app shop`, `sim reset` and every lesson's starting cluster are
scenarios: node count and sizes, seed, add-ons, and manifests applied on top (an app such as the
shop). Building one twice gives the same cluster, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..config import ClusterConfig
from ..simulation import Simulation
from .kubeadm import bootstrap_cluster


@dataclass(frozen=True)
class Scenario:
    """A starting cluster: its config, add-ons and manifests (free play, a sample app, a lesson step)."""

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
        bootstrap_cluster(sim, system_workloads=self.config.system_workloads)
        if self.addons:
            from .addons import enable as enable_addon  # late: the default cluster has none (the app starts sooner)

            for addon in self.addons:
                enable_addon(sim, addon, actor=self.actor)
        for manifest in self.manifests:
            sim.apply(manifest, actor=self.actor, namespace=manifest.get("metadata", {}).get("namespace") or "default")
        if self.settle:
            sim.advance(self.settle)
        return sim

    def with_config(self, **changes: Any) -> Scenario:
        return replace(self, config=replace(self.config, **changes))


def cluster(config: ClusterConfig | None = None, **overrides: Any) -> Simulation:
    """The default cluster, as `kind create cluster` makes it: a control plane and `workers` nodes, settled."""
    return Scenario(replace(config or ClusterConfig(), **overrides)).build()
