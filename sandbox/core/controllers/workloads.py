"""The controllers of the StatefulSet, Job, CronJob and root-CA ConfigMap objects, in the order they run.

Simulation._build_controllers places them after the DaemonSet controller: the
CronJob controller's Jobs and the Job controller's pods are then handled in the
same pass of the work queues, as the other workload controllers' are.
"""

from __future__ import annotations

from .base import Context, Controller
from .cronjob import CronJobController
from .job import JobController
from .rootcacert import RootCACertPublisher
from .statefulset import StatefulSetController
from .ttlafterfinished import TTLAfterFinishedController


def more_controllers(ctx: Context) -> list[Controller]:
    return [StatefulSetController(ctx), CronJobController(ctx), JobController(ctx), TTLAfterFinishedController(ctx),
            RootCACertPublisher(ctx)]
