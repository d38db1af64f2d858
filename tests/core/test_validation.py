"""Strict decoding and validation of manifests: the API server's exact words.

The messages are those of k/k staging/src/k8s.io/apimachinery (strict JSON decoding, field
errors in pkg/util/validation/field) and of pkg/apis/*/validation for each kind.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.core.errors import ApiError, BadRequest, Invalid, NoKindMatch
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import deployment, service


@pytest.fixture(scope="module")
def sim() -> Simulation:
    return cluster(seed=7, workers=1)


def container(manifest: dict) -> dict:
    return manifest["spec"]["template"]["spec"]["containers"][0]


def message(sim: Simulation, manifest, error=ApiError) -> str:
    with pytest.raises(error) as info:
        sim.apply(manifest)
    return info.value.message


CANNOT = 'Deployment in version "v1" cannot be handled as a Deployment: '


def test_unknown_field_is_a_strict_decoding_error(sim):
    assert message(sim, deployment(replica=3), BadRequest) == \
        CANNOT + 'strict decoding error: unknown field "spec.replica"'


def test_several_unknown_fields_are_listed_in_document_order_with_indexes(sim):
    manifest = deployment(replica=3)
    container(manifest)["imagePullPolicyy"] = "Always"
    manifest["metadata"]["lables"] = {}
    assert message(sim, manifest, BadRequest) == CANNOT + (
        'strict decoding error: unknown field "metadata.lables", unknown field "spec.replica", '
        'unknown field "spec.template.spec.containers[0].imagePullPolicyy"')


def test_wrong_type_is_a_json_unmarshal_error(sim):
    assert message(sim, deployment(replicas="3"), BadRequest) == CANNOT + (
        "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")


def test_int32_overflow_is_a_json_unmarshal_error(sim):
    assert message(sim, deployment(replicas=2**31), BadRequest) == CANNOT + (
        "json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32")


def test_list_given_an_object_names_the_slice_type(sim):
    manifest = deployment()
    manifest["spec"]["template"]["spec"]["containers"] = {"name": "x"}
    assert message(sim, manifest, BadRequest) == CANNOT + (
        "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers "
        "of type []v1.Container")


def test_malformed_quantity_is_a_decoding_error(sim):
    manifest = deployment()
    container(manifest)["resources"] = {"limits": {"cpu": "lots"}}
    assert message(sim, manifest, BadRequest) == CANNOT + (
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


def test_negative_replicas_are_invalid(sim):
    assert message(sim, deployment(replicas=-1), Invalid) == (
        'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0')


def test_missing_selector_lists_every_cause(sim):
    manifest = deployment()
    del manifest["spec"]["selector"]
    manifest["spec"]["template"]["metadata"]["labels"] = {"app": "x"}
    assert message(sim, manifest, Invalid) == (
        'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: '
        'Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`]')


def test_selector_must_match_template_labels_for_daemonsets(sim):
    manifest = deployment(selector={"matchLabels": {"app": "other"}})
    manifest["kind"] = "DaemonSet"
    del manifest["spec"]["replicas"]
    assert message(sim, manifest, Invalid) == (
        'DaemonSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: '
        'map[string]string{"app":"web"}: `selector` does not match template `labels`')


def test_max_surge_and_max_unavailable_may_not_both_be_zero(sim):
    manifest = deployment(strategy={"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}})
    assert message(sim, manifest, Invalid) == (
        'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: '
        'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0')


def test_max_surge_must_be_a_percent_string(sim):
    manifest = deployment(strategy={"rollingUpdate": {"maxSurge": "lots"}})
    assert message(sim, manifest, Invalid) == (
        'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: '
        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"lots"}: a valid percent string must be a numeric string '
        "followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")


def test_revision_history_limit_must_not_be_negative(sim):
    assert message(sim, deployment(revisionHistoryLimit=-2), Invalid) == (
        'Deployment.apps "web" is invalid: spec.revisionHistoryLimit: Invalid value: -2: '
        "must be greater than or equal to 0")


def test_name_must_be_a_dns_subdomain(sim):
    manifest = deployment()
    manifest["metadata"]["name"] = "Web"
    assert message(sim, manifest, Invalid) == (
        'Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain '
        "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
        "alphanumeric character (e.g. 'example.com', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")


def test_label_values_follow_the_label_rules(sim):
    manifest = deployment()
    manifest["metadata"]["labels"] = {"tier": "front end"}
    assert message(sim, manifest, Invalid) == (
        'Deployment.apps "web" is invalid: metadata.labels: Invalid value: "front end": a valid label must be an '
        "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


def test_containers_need_a_name_and_an_image(sim):
    manifest = deployment()
    manifest["spec"]["template"]["spec"]["containers"] = [{}]
    assert message(sim, manifest, Invalid) == (
        'Deployment.apps "web" is invalid: [spec.template.spec.containers[0].name: Required value, '
        "spec.template.spec.containers[0].image: Required value]")


def test_container_port_must_be_in_range(sim):
    manifest = deployment()
    container(manifest)["ports"] = [{"containerPort": 70000}]
    assert message(sim, manifest, Invalid) == (
        'Deployment.apps "web" is invalid: spec.template.spec.containers[0].ports[0].containerPort: '
        "Invalid value: 70000: must be between 1 and 65535, inclusive")


def test_requests_may_not_exceed_limits(sim):
    manifest = deployment()
    container(manifest)["resources"] = {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}
    assert message(sim, manifest, Invalid) == (
        'Deployment.apps "web" is invalid: spec.template.spec.containers[0].resources.requests: '
        'Invalid value: "2": must be less than or equal to cpu limit of 1')


def test_service_type_is_an_enum(sim):
    assert message(sim, service(type="Public"), Invalid) == (
        'Service "web" is invalid: spec.type: Unsupported value: "Public": supported values: '
        '"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"')


def test_service_node_port_must_be_in_the_node_port_range(sim):
    assert message(sim, service(type="NodePort", ports=[{"port": 80, "nodePort": 80}]), Invalid) == (
        'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the '
        "valid range. The range of valid ports is 30000-32767")


def test_service_port_is_required_and_in_range(sim):
    assert message(sim, service(ports=[{"targetPort": 80}]), Invalid) == (
        'Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive')


def ingress(path: dict) -> dict:
    entry = {"path": "/", "backend": {"service": {"name": "web", "port": {"number": 80}}}} | path
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"},
            "spec": {"rules": [{"http": {"paths": [entry]}}]}}


def test_ingress_path_type_is_required(sim):
    assert message(sim, ingress({}), Invalid) == (
        'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: '
        "pathType must be specified")


def test_ingress_path_type_is_an_enum_and_paths_are_absolute(sim):
    assert message(sim, ingress({"pathType": "Glob"}), Invalid) == (
        'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: '
        '"Glob": supported values: "Exact", "ImplementationSpecific", "Prefix"')
    assert message(sim, ingress({"pathType": "Prefix", "path": "shop"}), Invalid) == (
        'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "shop": '
        "must be an absolute path")


def network_policy(spec: dict) -> dict:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny"},
            "spec": {"podSelector": {}} | spec}


def test_network_policy_types_are_an_enum(sim):
    assert message(sim, network_policy({"policyTypes": ["ingress"]}), Invalid) == (
        'NetworkPolicy.networking.k8s.io "deny" is invalid: spec.policyTypes[0]: Unsupported value: "ingress": '
        'supported values: "Ingress", "Egress"')


def test_ip_block_needs_a_valid_cidr_and_except_inside_it(sim):
    peer = {"ipBlock": {"cidr": "10.0.0.0/16", "except": ["10.1.0.0/24"]}}
    assert message(sim, network_policy({"ingress": [{"from": [peer]}]}), Invalid) == (
        'NetworkPolicy.networking.k8s.io "deny" is invalid: spec.ingress[0].from[0].ipBlock.except[0]: '
        'Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`')
    peer = {"ipBlock": {"cidr": "10.0.0.300/16"}}
    assert message(sim, network_policy({"egress": [{"to": [peer]}]}), Invalid) == (
        'NetworkPolicy.networking.k8s.io "deny" is invalid: spec.egress[0].to[0].ipBlock.cidr: Invalid value: '
        '"10.0.0.300/16": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')


def test_pdb_min_available_and_max_unavailable_are_exclusive(sim):
    pdb = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"},
           "spec": {"minAvailable": 1, "maxUnavailable": 1, "selector": {"matchLabels": {"app": "web"}}}}
    text = message(sim, pdb, Invalid)
    assert text.startswith('PodDisruptionBudget.policy "web" is invalid: spec: Invalid value: '
                           "policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(")
    assert text.endswith(": minAvailable and maxUnavailable cannot be both set")


def test_api_version_must_serve_the_kind(sim):
    manifest = deployment()
    manifest["apiVersion"] = "apps/v2"
    with pytest.raises(NoKindMatch) as info:
        sim.apply(manifest)
    assert info.value.message == 'no matches for kind "Deployment" in version "apps/v2"'
    assert info.value.kubectl_text("STDIN").startswith(
        'error: resource mapping not found for name: "web" namespace: "" from "STDIN": '
        'no matches for kind "Deployment" in version "apps/v2"')


def test_unknown_kind_is_a_no_kind_match(sim):
    with pytest.raises(NoKindMatch, match='no matches for kind "Deploymnet" in version "apps/v1"'):
        sim.apply(deployment() | {"kind": "Deploymnet"})


def test_istio_type_errors_read_like_crd_schema_errors(sim):
    vs = {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "web"},
          "spec": {"hosts": ["web"], "http": [{"timeout": 5, "route": [{"destination": {"host": "web"}}]}]}}
    assert message(sim, vs, Invalid) == (
        'VirtualService.networking.istio.io "web" is invalid: spec.http[0].timeout: Invalid value: "integer": '
        'spec.http[0].timeout in body must be of type string: "integer"')


def test_get_yaml_output_can_be_reapplied(sim):
    """Server fields (uid, resourceVersion, status, defaults) are accepted and change nothing.

    kubectl reports "configured" here, as a real cluster does: the last-applied
    annotation now records the defaulted fields too. The spec stays as it was.
    """
    live = sim.apply(deployment() | {"metadata": {"name": "roundtrip"}}).obj
    spec, generation = dict(live.spec), live.metadata.generation
    stored = live.to_dict()
    stored["status"] = {"replicas": 2}
    sim.apply(stored)
    assert (live.spec, live.metadata.generation) == (spec, generation)
    assert sim.apply(stored).action == "unchanged"


def test_nulls_are_dropped_like_go_zero_values(sim):
    manifest = deployment(strategy=None, minReadySeconds=None)
    manifest["metadata"] |= {"name": "nulls", "labels": None}
    assert sim.apply(manifest).action == "created"


def test_null_list_items_become_go_zero_values(sim):
    """encoding/json leaves a null slice element at its zero value: "" in a []string."""
    manifest = deployment()
    manifest["metadata"]["name"] = "null-items"
    container(manifest)["args"] = [None, "x"]
    sim.apply(manifest)
    assert container(sim.store.get("Deployment", "default", "null-items").to_dict())["args"] == ["", "x"]


def test_loose_field_error_names_its_go_type(sim):
    """A field stored without a field-by-field schema still names its Go type (k8s.io/api core/v1 Affinity)."""
    manifest = deployment()
    manifest["spec"]["template"]["spec"]["affinity"] = "zone-a"
    assert message(sim, manifest, BadRequest) == CANNOT + (
        "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.affinity of type v1.Affinity")


def test_selector_is_immutable(sim):
    sim.apply(deployment() | {"metadata": {"name": "fixed"}})
    changed = deployment(selector={"matchLabels": {"app": "web", "v": "2"}})
    changed["metadata"]["name"] = "fixed"
    changed["spec"]["template"]["metadata"]["labels"]["v"] = "2"
    assert message(sim, changed, Invalid) == (
        'Deployment.apps "fixed" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
        'map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: '
        "field is immutable")


def test_service_cluster_ip_is_immutable(sim):
    sim.apply(service(clusterIP="10.96.0.50") | {"metadata": {"name": "pinned"}})
    assert message(sim, service(clusterIP="10.96.0.51") | {"metadata": {"name": "pinned"}}, Invalid) == (
        'Service "pinned" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.51"}: '
        "may not change once set")


def test_pod_updates_may_change_only_images(sim):
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "solo"},
           "spec": {"containers": [{"name": "app", "image": "nginx:1.24"}]}}
    sim.apply(pod)
    pod["spec"]["containers"][0]["image"] = "nginx:1.25"
    assert sim.apply(pod).action == "configured"
    pod["spec"]["restartPolicy"] = "Never"
    text = message(sim, pod, Invalid)
    assert text.startswith('Pod "solo" is invalid: spec: Forbidden: pod updates may not change fields other than '
                           "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,")


# ---- property: any JSON-like input gives an ApiError and leaves the store alone ------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**40, max_value=2**40) | st.floats(allow_nan=True)
    | st.text(max_size=8) | st.sampled_from(["web", "app", "80", "25%", "100m", "\x00", "Prefix", "v1"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["name", "image", "spec", "metadata", "replicas", "selector", "template", "containers",
                         "labels", "matchLabels", "ports", "port", "strategy", "rollingUpdate", "maxSurge",
                         "rules", "http", "paths", "pathType", "resources", "limits", "cpu", "x"])
        | st.text(max_size=4),
        children, max_size=5),
    max_leaves=30)

KINDS = ["Deployment", "ReplicaSet", "DaemonSet", "Pod", "Service", "Ingress", "NetworkPolicy",
         "PodDisruptionBudget", "VirtualService", "DestinationRule", "ConfigMap", "Node", "Namespace", "Nope"]
VERSIONS = {"Deployment": "apps/v1", "ReplicaSet": "apps/v1", "DaemonSet": "apps/v1", "Ingress": "networking.k8s.io/v1",
            "NetworkPolicy": "networking.k8s.io/v1", "PodDisruptionBudget": "policy/v1",
            "VirtualService": "networking.istio.io/v1", "DestinationRule": "networking.istio.io/v1"}


@st.composite
def manifests(draw):
    if draw(st.booleans()):
        return draw(json_values)
    kind = draw(st.sampled_from(KINDS))
    manifest = {"apiVersion": VERSIONS.get(kind, "v1"), "kind": kind,
                "metadata": draw(st.none() | st.fixed_dictionaries({"name": st.sampled_from(["p", "Q", ""])})),
                "spec": draw(json_values)}
    manifest.update(draw(st.dictionaries(st.sampled_from(["status", "extra", "data"]), json_values, max_size=2)))
    return manifest


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifests())
def test_any_input_raises_only_api_errors_and_leaves_the_store_unchanged(manifest):
    sim = _property_sim()
    version, audit = sim.store.resource_version, len(sim.audit)
    try:
        sim.apply(manifest)
    except ApiError:
        assert (sim.store.resource_version, len(sim.audit)) == (version, audit)


_SIM: list[Simulation] = []


def _property_sim() -> Simulation:
    if not _SIM:
        _SIM.append(cluster(seed=3, workers=1))
    return _SIM[0]


def test_deep_nesting_is_a_bad_request(sim):
    nested: dict = {}
    for _ in range(5000):
        nested = {"x": nested}
    manifest = deployment()
    container(manifest)["securityContext"] = nested
    with pytest.raises(BadRequest, match="exceeded max depth"):
        sim.apply(manifest)
