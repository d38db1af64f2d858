"""ConfigMaps and Secrets a cluster holds: the root-ca-cert-publisher's `kube-root-ca.crt` in every namespace
(k/k pkg/controller/certificates/rootcacertpublisher/publisher.go), the ones kubeadm writes for CoreDNS and
kube-proxy (kubernetes/cmd/kubeadm/app/phases/addons), and the Secret API's decoding and defaults
(k/k pkg/apis/core/validation ValidateSecret, core/v1 defaults)."""

from __future__ import annotations

import base64

import pytest

from sandbox.core.controllers.rootcacert import DESCRIPTION, DESCRIPTION_ANNOTATION
from sandbox.core.errors import BadRequest, Invalid
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    return cluster(seed=11)


def test_every_namespace_gets_kube_root_ca_crt(sim):
    """The publisher creates the ConfigMap in each namespace, including ones created later."""
    namespaces = [ns.name for ns in sim.list("Namespace")]
    assert sorted(cm.namespace for cm in sim.list("ConfigMap") if cm.name == "kube-root-ca.crt") == sorted(namespaces)
    sim.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}})
    sim.advance(0.01)
    cm = sim.get("ConfigMap", "shop", "kube-root-ca.crt")
    assert cm.body["data"]["ca.crt"].startswith("-----BEGIN CERTIFICATE-----\nMIIC")
    assert cm.metadata.annotations == {DESCRIPTION_ANNOTATION: DESCRIPTION}
    assert cm.body["data"] == sim.get("ConfigMap", "default", "kube-root-ca.crt").body["data"]   # one cluster CA


def test_kube_root_ca_crt_comes_back_when_deleted_or_edited(sim):
    """syncNamespace: a missing ConfigMap is recreated; changed data or a lost annotation is put back."""
    original = sim.get("ConfigMap", "default", "kube-root-ca.crt").body["data"]
    sim.delete("ConfigMap", "default", "kube-root-ca.crt")
    sim.advance(0.01)
    assert sim.get("ConfigMap", "default", "kube-root-ca.crt").body["data"] == original
    sim.patch("ConfigMap", "default", "kube-root-ca.crt", {"data": {"ca.crt": "tampered"}})
    sim.advance(0.01)
    assert sim.get("ConfigMap", "default", "kube-root-ca.crt").body["data"] == original


def test_publishing_does_not_shift_the_names_the_cluster_draws(sim):
    """The sandbox's determinism: the publisher draws its uids from a stream of its own, so publishing takes
    nothing from the simulation's RNG and every later generated name is what it would have been."""
    sim.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "other"}})
    state = sim.rng.getstate()
    sim.advance(0.01)
    assert sim.try_get("ConfigMap", "other", "kube-root-ca.crt") is not None
    assert sim.rng.getstate() == state


def test_kubeadm_writes_the_coredns_and_kube_proxy_configmaps(sim):
    """kubeadm's CoreDNS addon (the Corefile with the kubernetes plugin) and kube-proxy's configuration."""
    corefile = sim.get("ConfigMap", "kube-system", "coredns").body["data"]["Corefile"]
    assert "kubernetes cluster.local in-addr.arpa ip6.arpa {" in corefile and "forward . /etc/resolv.conf {" in corefile
    proxy = sim.get("ConfigMap", "kube-system", "kube-proxy")
    assert sorted(proxy.body["data"]) == ["config.conf", "kubeconfig.conf"]
    assert "mode: iptables" in proxy.body["data"]["config.conf"] and proxy.metadata.labels == {"app": "kube-proxy"}


def test_a_secrets_string_data_is_stored_base64_encoded_in_data(sim):
    """stringData is write-only: merged into data on write; the type defaults to Opaque."""
    secret = sim.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
                         "data": {"user": base64.b64encode(b"admin").decode()}, "stringData": {"password": "s3cr3t"}})
    assert secret.body == {"data": {"user": "YWRtaW4=", "password": "czNjcjN0"}, "type": "Opaque"}
    assert "stringData" not in secret.to_dict() and "generation" not in secret.to_dict()["metadata"]


def test_secret_data_must_be_base64(sim):
    """[]byte decoding: Go's base64 error, at the offending byte."""
    with pytest.raises(BadRequest) as err:
        sim.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}, "data": {"password": "s3cr3t!"}})
    assert err.value.message == ('Secret in version "v1" cannot be handled as a Secret: '
                                 "illegal base64 data at input byte 6")


def test_data_keys_must_be_config_keys(sim):
    """ValidateConfigMap / ValidateSecret: IsConfigMapKey for every key."""
    with pytest.raises(Invalid) as err:
        sim.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": {"bad key": "x"}})
    assert err.value.message == (
        'ConfigMap "cfg" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of '
        "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
        "validation is '[-._a-zA-Z0-9]+')")
