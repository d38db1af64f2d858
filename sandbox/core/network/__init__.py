"""Cluster networking, simulated: Service addresses, endpoints, DNS, ingress
routing, NetworkPolicy, the service mesh and the request engine behind `curl`."""
