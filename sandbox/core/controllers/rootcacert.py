"""The root-ca-cert-publisher: a `kube-root-ca.crt` ConfigMap in every namespace
(k/k pkg/controller/certificates/rootcacertpublisher/publisher.go).

Pods use it to verify the API server (it is what service-account token volumes
mount as ca.crt). Deleted or edited, it is recreated or put back at once.
The certificate is made up: a stable, cluster-specific block of base64 that
looks like kubeadm's CA, not a parseable certificate.
"""

from __future__ import annotations

import base64
import hashlib
import random

from ..naming import new_uid
from ..objects import KObject, ObjectMeta
from .base import Context, Controller

NAME = "kube-root-ca.crt"
DESCRIPTION_ANNOTATION = "kubernetes.io/description"
DESCRIPTION = ("Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints "
               "such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across "
               "distributions of Kubernetes clusters.")
# The DER prefix of a kubeadm CA certificate (SEQUENCE, TBSCertificate, version 3, 8-byte serial),
# so the PEM opens like the real one: MIIC/TCCAeWgAwIBAgII…
_DER_PREFIX = bytes.fromhex("308202fd308201e5a003020102020800")


def root_ca_pem(seed: int) -> str:
    """A PEM block, stable per seed, in the shape of kubeadm's CA certificate."""
    stream = b"".join(hashlib.sha256(f"kubesandbox-ca:{seed}:{i}".encode()).digest() for i in range(24))
    der = (_DER_PREFIX + stream)[:769]
    text = base64.b64encode(der).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


class RootCACertPublisher(Controller):
    name = "root-ca-cert-publisher"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._data = {"ca.crt": root_ca_pem(ctx.config.seed)}
        # Its own uid stream, so that publishing never shifts the names the rest of the cluster draws.
        self._uids = random.Random(f"root-ca-cert-publisher:{ctx.config.seed}")
        self.store.watch("Namespace", self._on_namespace, events=("ADDED", "MODIFIED"))
        self.store.watch("ConfigMap", self._on_configmap, events=("MODIFIED", "DELETED"))

    def _on_namespace(self, _event: str, namespace: KObject, _old: object) -> None:
        self.enqueue(namespace.name)

    def _on_configmap(self, _event: str, configmap: KObject, _old: object) -> None:
        if configmap.name == NAME:
            self.enqueue(configmap.namespace)

    def sync(self, key: str) -> None:
        namespace = self.store.try_get("Namespace", "", key)
        if namespace is None or namespace.metadata.deletion_timestamp is not None:
            return
        current = self.store.try_get("ConfigMap", key, NAME)
        if current is None:
            meta = ObjectMeta(NAME, key, annotations={DESCRIPTION_ANNOTATION: DESCRIPTION})
            meta.uid = new_uid(self._uids)
            configmap = KObject("ConfigMap", meta, body={"data": dict(self._data)})
            self.store.create(configmap, self.name, f"namespace {key} has no {NAME}: published the cluster's CA")
            return
        if current.body.get("data") == self._data and current.metadata.annotations.get(DESCRIPTION_ANNOTATION):
            return
        current.body["data"] = dict(self._data)
        current.metadata.annotations[DESCRIPTION_ANNOTATION] = DESCRIPTION
        self.store.update(current, self.name, f"{NAME} in {key} was changed: put the cluster's CA back")
