"""The kubelet: one controller acting for every node's kubelet (actor `kubelet/<node>`).

A pod bound to a running machine goes Pending/ContainerCreating (sandbox and IP,
then image pulls) → Running → Ready; crashing containers restart with the
CrashLoopBackOff back-off (0, 10 s, 20 s … 300 s); unknown images give
ErrImagePull/ImagePullBackOff; a pod marked for deletion has its containers
stopped and is then removed. A stopped machine (its lease no longer renewed)
does nothing at all: its timers lapse and its pods stay as they are until it
comes back, when it posts Ready again and resumes every pod bound to it.

Progress is driven by timers on the simulated clock (bound methods with the pod
uid and a token; a token that no longer matches means the timer is stale).
Heartbeats are implied by the node leases (leases.py), so there is no per-node timer.

Simplifications (shown where the learner looks): commands are not executed (see
images.exit_behaviour and exec_probe.py); containers of one pod are pulled and
started one after another, and a failed pull restarts the pod's start-up from
its first container.

The package: lifecycle.py (the Kubelet controller: watches, running pods and
termination), startup.py and restarts.py (its start-up and restart stages),
pod_run.py (what it remembers per pod), startup_plan.py (pulls and container
starts, planned ahead), probes.py (readiness, liveness and startup probes),
exec_probe.py (what an exec probe's command finds), container_status.py (status
and conditions it writes), backoff.py, addresses.py (pod IPs) and
node_status.py (posting the node Ready).
"""

from .lifecycle import Kubelet

__all__ = ["Kubelet"]
