"""Core (v1) kinds: Pod, Service, Namespace, Node, ConfigMap, Secret, Endpoints, Event.

Fields the sandbox never reads (affinity, security contexts, most volume
sources, ...) are typed `Loose`: accepted and stored, their inner fields not
checked (a simplification; a real server checks them too).
"""

from __future__ import annotations

from typing import Annotated, Any

from .base import (
    Base64Map,
    Bool,
    Go,
    Int32,
    Int64,
    IntOrString,
    K8sModel,
    Loose,
    LooseList,
    ObjectMeta,
    ResourceList,
    Str,
    StrList,
    StrMap,
    Time,
)


class ContainerPort(K8sModel):
    name: Str = None
    containerPort: Int32 = None
    hostPort: Int32 = None
    hostIP: Str = None
    protocol: Str = None


class EnvVar(K8sModel):
    name: Str = None
    value: Str = None
    valueFrom: Annotated[Loose, Go("v1.EnvVarSource")] = None


class ResourceRequirements(K8sModel):
    limits: ResourceList = None
    requests: ResourceList = None
    claims: Annotated[LooseList, Go("[]v1.ResourceClaim")] = None


class VolumeMount(K8sModel):
    name: Str = None
    mountPath: Str = None
    readOnly: Bool = None
    recursiveReadOnly: Str = None
    subPath: Str = None
    subPathExpr: Str = None
    mountPropagation: Str = None


class HTTPHeader(K8sModel):
    name: Str = None
    value: Str = None


class HTTPGetAction(K8sModel):
    path: Str = None
    port: IntOrString = None
    host: Str = None
    scheme: Str = None
    httpHeaders: list[HTTPHeader | None] | None = None


class TCPSocketAction(K8sModel):
    port: IntOrString = None
    host: Str = None


class ExecAction(K8sModel):
    command: StrList = None


class Probe(K8sModel):
    exec: ExecAction | None = None
    httpGet: HTTPGetAction | None = None
    tcpSocket: TCPSocketAction | None = None
    grpc: Annotated[Loose, Go("v1.GRPCAction")] = None
    initialDelaySeconds: Int32 = None
    timeoutSeconds: Int32 = None
    periodSeconds: Int32 = None
    successThreshold: Int32 = None
    failureThreshold: Int32 = None
    terminationGracePeriodSeconds: Int64 = None


class Container(K8sModel):
    name: Str = None
    image: Str = None
    command: StrList = None
    args: StrList = None
    workingDir: Str = None
    ports: list[ContainerPort | None] | None = None
    envFrom: Annotated[LooseList, Go("[]v1.EnvFromSource")] = None
    env: list[EnvVar | None] | None = None
    resources: ResourceRequirements | None = None
    resizePolicy: Annotated[LooseList, Go("[]v1.ContainerResizePolicy")] = None
    restartPolicy: Str = None
    volumeMounts: list[VolumeMount | None] | None = None
    volumeDevices: Annotated[LooseList, Go("[]v1.VolumeDevice")] = None
    livenessProbe: Probe | None = None
    readinessProbe: Probe | None = None
    startupProbe: Probe | None = None
    lifecycle: Annotated[Loose, Go("v1.Lifecycle")] = None
    terminationMessagePath: Str = None
    terminationMessagePolicy: Str = None
    imagePullPolicy: Str = None
    securityContext: Annotated[Loose, Go("v1.SecurityContext")] = None
    stdin: Bool = None
    stdinOnce: Bool = None
    tty: Bool = None


class Toleration(K8sModel):
    key: Str = None
    operator: Str = None
    value: Str = None
    effect: Str = None
    tolerationSeconds: Int64 = None


class LocalObjectReference(K8sModel):
    name: Str = None


class Volume(K8sModel):
    """A volume: its name, and one source (sources are stored, not modelled)."""

    name: Str = None
    awsElasticBlockStore: Annotated[Loose, Go("v1.AWSElasticBlockStoreVolumeSource")] = None
    azureDisk: Annotated[Loose, Go("v1.AzureDiskVolumeSource")] = None
    azureFile: Annotated[Loose, Go("v1.AzureFileVolumeSource")] = None
    cephfs: Annotated[Loose, Go("v1.CephFSVolumeSource")] = None
    cinder: Annotated[Loose, Go("v1.CinderVolumeSource")] = None
    configMap: Annotated[Loose, Go("v1.ConfigMapVolumeSource")] = None
    csi: Annotated[Loose, Go("v1.CSIVolumeSource")] = None
    downwardAPI: Annotated[Loose, Go("v1.DownwardAPIVolumeSource")] = None
    emptyDir: Annotated[Loose, Go("v1.EmptyDirVolumeSource")] = None
    ephemeral: Annotated[Loose, Go("v1.EphemeralVolumeSource")] = None
    fc: Annotated[Loose, Go("v1.FCVolumeSource")] = None
    flexVolume: Annotated[Loose, Go("v1.FlexVolumeSource")] = None
    flocker: Annotated[Loose, Go("v1.FlockerVolumeSource")] = None
    gcePersistentDisk: Annotated[Loose, Go("v1.GCEPersistentDiskVolumeSource")] = None
    gitRepo: Annotated[Loose, Go("v1.GitRepoVolumeSource")] = None
    glusterfs: Annotated[Loose, Go("v1.GlusterfsVolumeSource")] = None
    hostPath: Annotated[Loose, Go("v1.HostPathVolumeSource")] = None
    image: Annotated[Loose, Go("v1.ImageVolumeSource")] = None
    iscsi: Annotated[Loose, Go("v1.ISCSIVolumeSource")] = None
    nfs: Annotated[Loose, Go("v1.NFSVolumeSource")] = None
    persistentVolumeClaim: Annotated[Loose, Go("v1.PersistentVolumeClaimVolumeSource")] = None
    photonPersistentDisk: Annotated[Loose, Go("v1.PhotonPersistentDiskVolumeSource")] = None
    portworxVolume: Annotated[Loose, Go("v1.PortworxVolumeSource")] = None
    projected: Annotated[Loose, Go("v1.ProjectedVolumeSource")] = None
    quobyte: Annotated[Loose, Go("v1.QuobyteVolumeSource")] = None
    rbd: Annotated[Loose, Go("v1.RBDVolumeSource")] = None
    scaleIO: Annotated[Loose, Go("v1.ScaleIOVolumeSource")] = None
    secret: Annotated[Loose, Go("v1.SecretVolumeSource")] = None
    storageos: Annotated[Loose, Go("v1.StorageOSVolumeSource")] = None
    vsphereVolume: Annotated[Loose, Go("v1.VsphereVirtualDiskVolumeSource")] = None


class PodSpec(K8sModel):
    volumes: list[Volume | None] | None = None
    initContainers: list[Container | None] | None = None
    containers: list[Container | None] | None = None
    ephemeralContainers: Annotated[LooseList, Go("[]v1.EphemeralContainer")] = None
    restartPolicy: Str = None
    terminationGracePeriodSeconds: Int64 = None
    activeDeadlineSeconds: Int64 = None
    dnsPolicy: Str = None
    nodeSelector: StrMap = None
    serviceAccountName: Str = None
    serviceAccount: Str = None
    automountServiceAccountToken: Bool = None
    nodeName: Str = None
    hostNetwork: Bool = None
    hostPID: Bool = None
    hostIPC: Bool = None
    shareProcessNamespace: Bool = None
    securityContext: Annotated[Loose, Go("v1.PodSecurityContext")] = None
    imagePullSecrets: list[LocalObjectReference | None] | None = None
    hostname: Str = None
    subdomain: Str = None
    affinity: Annotated[Loose, Go("v1.Affinity")] = None
    schedulerName: Str = None
    tolerations: list[Toleration | None] | None = None
    hostAliases: Annotated[LooseList, Go("[]v1.HostAlias")] = None
    priorityClassName: Str = None
    priority: Int32 = None
    dnsConfig: Annotated[Loose, Go("v1.PodDNSConfig")] = None
    readinessGates: Annotated[LooseList, Go("[]v1.PodReadinessGate")] = None
    runtimeClassName: Str = None
    enableServiceLinks: Bool = None
    preemptionPolicy: Str = None
    overhead: ResourceList = None
    topologySpreadConstraints: Annotated[LooseList, Go("[]v1.TopologySpreadConstraint")] = None
    setHostnameAsFQDN: Bool = None
    os: Annotated[Loose, Go("v1.PodOS")] = None
    hostUsers: Bool = None
    schedulingGates: Annotated[LooseList, Go("[]v1.PodSchedulingGate")] = None
    resourceClaims: Annotated[LooseList, Go("[]v1.PodResourceClaim")] = None
    resources: ResourceRequirements | None = None


class PodTemplateSpec(K8sModel):
    metadata: ObjectMeta | None = None
    spec: PodSpec | None = None


class Pod(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: PodSpec | None = None
    status: Any = None


class ServicePort(K8sModel):
    name: Str = None
    protocol: Str = None
    appProtocol: Str = None
    port: Int32 = None
    targetPort: IntOrString = None
    nodePort: Int32 = None


class ServiceSpec(K8sModel):
    ports: list[ServicePort | None] | None = None
    selector: StrMap = None
    clusterIP: Str = None
    clusterIPs: StrList = None
    type: Str = None
    externalIPs: StrList = None
    sessionAffinity: Str = None
    loadBalancerIP: Str = None
    loadBalancerSourceRanges: StrList = None
    externalName: Str = None
    externalTrafficPolicy: Str = None
    healthCheckNodePort: Int32 = None
    publishNotReadyAddresses: Bool = None
    sessionAffinityConfig: Annotated[Loose, Go("v1.SessionAffinityConfig")] = None
    ipFamilies: StrList = None
    ipFamilyPolicy: Str = None
    allocateLoadBalancerNodePorts: Bool = None
    loadBalancerClass: Str = None
    internalTrafficPolicy: Str = None
    trafficDistribution: Str = None


class Service(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: ServiceSpec | None = None
    status: Any = None


class NamespaceSpec(K8sModel):
    finalizers: StrList = None


class Namespace(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: NamespaceSpec | None = None
    status: Any = None


class Taint(K8sModel):
    key: Str = None
    value: Str = None
    effect: Str = None
    timeAdded: Time = None


class NodeSpec(K8sModel):
    podCIDR: Str = None
    podCIDRs: StrList = None
    providerID: Str = None
    unschedulable: Bool = None
    taints: list[Taint | None] | None = None
    configSource: Annotated[Loose, Go("v1.NodeConfigSource")] = None
    externalID: Str = None


class Node(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: NodeSpec | None = None
    status: Any = None


class ConfigMap(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    immutable: Bool = None
    data: StrMap = None
    binaryData: StrMap = None


class Secret(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    immutable: Bool = None
    data: Base64Map = None
    stringData: StrMap = None
    type: Str = None


class EndpointAddress(K8sModel):
    ip: Str = None
    hostname: Str = None
    nodeName: Str = None
    targetRef: Annotated[Loose, Go("v1.ObjectReference")] = None


class EndpointPort(K8sModel):
    name: Str = None
    port: Int32 = None
    protocol: Str = None
    appProtocol: Str = None


class EndpointSubset(K8sModel):
    addresses: list[EndpointAddress | None] | None = None
    notReadyAddresses: list[EndpointAddress | None] | None = None
    ports: list[EndpointPort | None] | None = None


class Endpoints(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    subsets: list[EndpointSubset | None] | None = None


class Event(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    involvedObject: Annotated[Loose, Go("v1.ObjectReference")] = None
    reason: Str = None
    message: Str = None
    source: Annotated[Loose, Go("v1.EventSource")] = None
    firstTimestamp: Time = None
    lastTimestamp: Time = None
    count: Int32 = None
    type: Str = None
    eventTime: Time = None
    series: Annotated[Loose, Go("v1.EventSeries")] = None
    action: Str = None
    related: Annotated[Loose, Go("v1.ObjectReference")] = None
    reportingComponent: Str = None
    reportingInstance: Str = None

