"""The Deployment controller: roll a pod template out through ReplicaSets.

Follows k/k pkg/controller/deployment (sync.go, rolling.go, recreate.go,
progress.go) and deployment/util/deployment_util.go. It reads
ReplicaSet status written by the ReplicaSet controller and only ever changes
ReplicaSets' size and annotations; pods are the ReplicaSet controller's business.
"""

from .controller import DeploymentController
from .progress import deployment_complete
from .util import (
    ANNOTATIONS_TO_SKIP,
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
    REVISION_HISTORY_ANNOTATION,
    equal_ignore_hash,
    max_surge,
    max_unavailable,
    resolve_fenceposts,
    revision,
    template_without_hash,
)

__all__ = [
    "ANNOTATIONS_TO_SKIP", "DESIRED_REPLICAS_ANNOTATION", "MAX_REPLICAS_ANNOTATION", "REVISION_HISTORY_ANNOTATION",
    "DeploymentController", "deployment_complete", "equal_ignore_hash", "max_surge",
    "max_unavailable", "resolve_fenceposts", "revision", "template_without_hash",
]
