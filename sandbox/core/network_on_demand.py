"""The request engine and the traffic streams, built on first use.

Importing the network's modules is a tenth of the app's start-up, and a new engine holds nothing an
unused one would not (no log line, counter or round-robin position), so building it late changes no
answer. They are held here rather than by the Simulation so that the kubelet's prober, which asks for
the engine whenever an httpGet probe runs, refers to this holder and not back to the Simulation: the
timeline frees a cluster it replaces by reference counting, which a reference back would defeat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .clock import Clock
    from .controllers.loadbalancer import LoadBalancerController
    from .leases import NodeLeases
    from .network.counters import MeshState
    from .network.ipam import ServiceAllocator
    from .network.requests import RequestEngine
    from .network.traffic import TrafficStreams
    from .store import Store


class NetworkOnDemand:
    def __init__(self, store: Store, clock: Clock, leases: NodeLeases, service_ips: ServiceAllocator,
                 balancer: LoadBalancerController, mesh_state: MeshState) -> None:
        self._parts = (store, clock, leases, service_ips, balancer, mesh_state)
        self.engine: RequestEngine | None = None
        self.streams: TrafficStreams | None = None

    def requests(self) -> RequestEngine:
        if self.engine is None:
            from .network.requests import RequestEngine

            store, clock, leases, service_ips, balancer, mesh_state = self._parts
            self.engine = RequestEngine(store, clock, leases, service_ips, balancer.addresses, mesh_state)
        return self.engine

    def traffic(self) -> TrafficStreams:
        if self.streams is None:
            from .network.traffic import TrafficStreams

            store, clock, leases = self._parts[:3]
            self.streams = TrafficStreams(clock, store, leases, self.requests())
        return self.streams
