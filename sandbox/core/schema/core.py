"""Core (v1) kinds: Pod, Service, Namespace, Node, ConfigMap, Secret, Endpoints, Event.

Fields the sandbox never reads (affinity, security contexts, most volume
sources, ...) are typed `Loose`: accepted and stored, their inner fields not
checked (a simplification; a real server checks them too).
"""

from __future__ import annotations

from typing import Any, Optional

from .base import (
    Base64Map,
    Bool,
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
    valueFrom: Loose("v1.EnvVarSource") = None


class ResourceRequirements(K8sModel):
    limits: ResourceList = None
    requests: ResourceList = None
    claims: LooseList("[]v1.ResourceClaim") = None


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
    httpHeaders: Optional[list[Optional[HTTPHeader]]] = None


class TCPSocketAction(K8sModel):
    port: IntOrString = None
    host: Str = None


class ExecAction(K8sModel):
    command: StrList = None


class Probe(K8sModel):
    exec: Optional[ExecAction] = None
    httpGet: Optional[HTTPGetAction] = None
    tcpSocket: Optional[TCPSocketAction] = None
    grpc: Loose("v1.GRPCAction") = None
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
    ports: Optional[list[Optional[ContainerPort]]] = None
    envFrom: LooseList("[]v1.EnvFromSource") = None
    env: Optional[list[Optional[EnvVar]]] = None
    resources: Optional[ResourceRequirements] = None
    resizePolicy: LooseList("[]v1.ContainerResizePolicy") = None
    restartPolicy: Str = None
    volumeMounts: Optional[list[Optional[VolumeMount]]] = None
    volumeDevices: LooseList("[]v1.VolumeDevice") = None
    livenessProbe: Optional[Probe] = None
    readinessProbe: Optional[Probe] = None
    startupProbe: Optional[Probe] = None
    lifecycle: Loose("v1.Lifecycle") = None
    terminationMessagePath: Str = None
    terminationMessagePolicy: Str = None
    imagePullPolicy: Str = None
    securityContext: Loose("v1.SecurityContext") = None
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
    awsElasticBlockStore: Loose("v1.AWSElasticBlockStoreVolumeSource") = None
    azureDisk: Loose("v1.AzureDiskVolumeSource") = None
    azureFile: Loose("v1.AzureFileVolumeSource") = None
    cephfs: Loose("v1.CephFSVolumeSource") = None
    cinder: Loose("v1.CinderVolumeSource") = None
    configMap: Loose("v1.ConfigMapVolumeSource") = None
    csi: Loose("v1.CSIVolumeSource") = None
    downwardAPI: Loose("v1.DownwardAPIVolumeSource") = None
    emptyDir: Loose("v1.EmptyDirVolumeSource") = None
    ephemeral: Loose("v1.EphemeralVolumeSource") = None
    fc: Loose("v1.FCVolumeSource") = None
    flexVolume: Loose("v1.FlexVolumeSource") = None
    flocker: Loose("v1.FlockerVolumeSource") = None
    gcePersistentDisk: Loose("v1.GCEPersistentDiskVolumeSource") = None
    gitRepo: Loose("v1.GitRepoVolumeSource") = None
    glusterfs: Loose("v1.GlusterfsVolumeSource") = None
    hostPath: Loose("v1.HostPathVolumeSource") = None
    image: Loose("v1.ImageVolumeSource") = None
    iscsi: Loose("v1.ISCSIVolumeSource") = None
    nfs: Loose("v1.NFSVolumeSource") = None
    persistentVolumeClaim: Loose("v1.PersistentVolumeClaimVolumeSource") = None
    photonPersistentDisk: Loose("v1.PhotonPersistentDiskVolumeSource") = None
    portworxVolume: Loose("v1.PortworxVolumeSource") = None
    projected: Loose("v1.ProjectedVolumeSource") = None
    quobyte: Loose("v1.QuobyteVolumeSource") = None
    rbd: Loose("v1.RBDVolumeSource") = None
    scaleIO: Loose("v1.ScaleIOVolumeSource") = None
    secret: Loose("v1.SecretVolumeSource") = None
    storageos: Loose("v1.StorageOSVolumeSource") = None
    vsphereVolume: Loose("v1.VsphereVirtualDiskVolumeSource") = None


class PodSpec(K8sModel):
    volumes: Optional[list[Optional[Volume]]] = None
    initContainers: Optional[list[Optional[Container]]] = None
    containers: Optional[list[Optional[Container]]] = None
    ephemeralContainers: LooseList("[]v1.EphemeralContainer") = None
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
    securityContext: Loose("v1.PodSecurityContext") = None
    imagePullSecrets: Optional[list[Optional[LocalObjectReference]]] = None
    hostname: Str = None
    subdomain: Str = None
    affinity: Loose("v1.Affinity") = None
    schedulerName: Str = None
    tolerations: Optional[list[Optional[Toleration]]] = None
    hostAliases: LooseList("[]v1.HostAlias") = None
    priorityClassName: Str = None
    priority: Int32 = None
    dnsConfig: Loose("v1.PodDNSConfig") = None
    readinessGates: LooseList("[]v1.PodReadinessGate") = None
    runtimeClassName: Str = None
    enableServiceLinks: Bool = None
    preemptionPolicy: Str = None
    overhead: ResourceList = None
    topologySpreadConstraints: LooseList("[]v1.TopologySpreadConstraint") = None
    setHostnameAsFQDN: Bool = None
    os: Loose("v1.PodOS") = None
    hostUsers: Bool = None
    schedulingGates: LooseList("[]v1.PodSchedulingGate") = None
    resourceClaims: LooseList("[]v1.PodResourceClaim") = None
    resources: Optional[ResourceRequirements] = None


class PodTemplateSpec(K8sModel):
    metadata: Optional[ObjectMeta] = None
    spec: Optional[PodSpec] = None


class Pod(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[PodSpec] = None
    status: Any = None


class ServicePort(K8sModel):
    name: Str = None
    protocol: Str = None
    appProtocol: Str = None
    port: Int32 = None
    targetPort: IntOrString = None
    nodePort: Int32 = None


class ServiceSpec(K8sModel):
    ports: Optional[list[Optional[ServicePort]]] = None
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
    sessionAffinityConfig: Loose("v1.SessionAffinityConfig") = None
    ipFamilies: StrList = None
    ipFamilyPolicy: Str = None
    allocateLoadBalancerNodePorts: Bool = None
    loadBalancerClass: Str = None
    internalTrafficPolicy: Str = None
    trafficDistribution: Str = None


class Service(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[ServiceSpec] = None
    status: Any = None


class NamespaceSpec(K8sModel):
    finalizers: StrList = None


class Namespace(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[NamespaceSpec] = None
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
    taints: Optional[list[Optional[Taint]]] = None
    configSource: Loose("v1.NodeConfigSource") = None
    externalID: Str = None


class Node(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[NodeSpec] = None
    status: Any = None


class ConfigMap(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    immutable: Bool = None
    data: StrMap = None
    binaryData: StrMap = None


class Secret(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    immutable: Bool = None
    data: Base64Map = None
    stringData: StrMap = None
    type: Str = None


class EndpointAddress(K8sModel):
    ip: Str = None
    hostname: Str = None
    nodeName: Str = None
    targetRef: Loose("v1.ObjectReference") = None


class EndpointPort(K8sModel):
    name: Str = None
    port: Int32 = None
    protocol: Str = None
    appProtocol: Str = None


class EndpointSubset(K8sModel):
    addresses: Optional[list[Optional[EndpointAddress]]] = None
    notReadyAddresses: Optional[list[Optional[EndpointAddress]]] = None
    ports: Optional[list[Optional[EndpointPort]]] = None


class Endpoints(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    subsets: Optional[list[Optional[EndpointSubset]]] = None


class Event(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    involvedObject: Loose("v1.ObjectReference") = None
    reason: Str = None
    message: Str = None
    source: Loose("v1.EventSource") = None
    firstTimestamp: Time = None
    lastTimestamp: Time = None
    count: Int32 = None
    type: Str = None
    eventTime: Time = None
    series: Loose("v1.EventSeries") = None
    action: Str = None
    related: Loose("v1.ObjectReference") = None
    reportingComponent: Str = None
    reportingInstance: Str = None

