"""autoscaling/v2 kinds: HorizontalPodAutoscaler."""

from __future__ import annotations

from typing import Any

from .base import Int32, K8sModel, LabelSelector, ObjectMeta, Quantity, Str


class CrossVersionObjectReference(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    name: Str = None


class MetricTarget(K8sModel):
    type: Str = None
    value: Quantity = None
    averageValue: Quantity = None
    averageUtilization: Int32 = None


class MetricIdentifier(K8sModel):
    name: Str = None
    selector: LabelSelector | None = None


class ResourceMetricSource(K8sModel):
    name: Str = None
    target: MetricTarget | None = None


class ContainerResourceMetricSource(K8sModel):
    name: Str = None
    container: Str = None
    target: MetricTarget | None = None


class PodsMetricSource(K8sModel):
    metric: MetricIdentifier | None = None
    target: MetricTarget | None = None


class ObjectMetricSource(K8sModel):
    describedObject: CrossVersionObjectReference | None = None
    metric: MetricIdentifier | None = None
    target: MetricTarget | None = None


class ExternalMetricSource(K8sModel):
    metric: MetricIdentifier | None = None
    target: MetricTarget | None = None


class MetricSpec(K8sModel):
    type: Str = None
    resource: ResourceMetricSource | None = None
    containerResource: ContainerResourceMetricSource | None = None
    pods: PodsMetricSource | None = None
    object: ObjectMetricSource | None = None
    external: ExternalMetricSource | None = None


class HPAScalingPolicy(K8sModel):
    type: Str = None
    value: Int32 = None
    periodSeconds: Int32 = None


class HPAScalingRules(K8sModel):
    stabilizationWindowSeconds: Int32 = None
    selectPolicy: Str = None
    policies: list[HPAScalingPolicy | None] | None = None


class HorizontalPodAutoscalerBehavior(K8sModel):
    scaleUp: HPAScalingRules | None = None
    scaleDown: HPAScalingRules | None = None


class HorizontalPodAutoscalerSpec(K8sModel):
    scaleTargetRef: CrossVersionObjectReference | None = None
    minReplicas: Int32 = None
    maxReplicas: Int32 = None
    metrics: list[MetricSpec | None] | None = None
    behavior: HorizontalPodAutoscalerBehavior | None = None


class HorizontalPodAutoscaler(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: HorizontalPodAutoscalerSpec | None = None
    status: Any = None
