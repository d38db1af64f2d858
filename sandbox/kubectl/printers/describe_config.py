"""`kubectl describe` for ConfigMap and Secret (k/k staging/src/k8s.io/kubectl/pkg/describe/describe.go).

Keys are listed in sorted order (Go ranges over the maps in random order). A
Secret's values are never printed, only their sizes in bytes.
"""

from __future__ import annotations

import base64
import binascii

from ...core.objects import KObject
from ...core.simulation import Simulation
from .describe import Writer, annotations_multiline, labels_multiline


def describe_configmap(sim: Simulation, configmap: KObject, w: Writer) -> None:
    w.write(0, f"Name:\t{configmap.name}\n")
    w.write(0, f"Namespace:\t{configmap.namespace}\n")
    labels_multiline(w, "Labels", configmap.metadata.labels)
    annotations_multiline(w, "Annotations", configmap.metadata.annotations)
    w.write(0, "\nData\n====\n")
    data = configmap.body.get("data") or {}
    for key in sorted(data):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{data[key]}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = configmap.body.get("binaryData") or {}
    for key in sorted(binary):
        w.write(0, f"{key}: {len(_decoded(binary[key]))} bytes\n")
    w.write(0, "\n")


def describe_secret(sim: Simulation, secret: KObject, w: Writer) -> None:
    w.write(0, f"Name:\t{secret.name}\n")
    w.write(0, f"Namespace:\t{secret.namespace}\n")
    labels_multiline(w, "Labels", secret.metadata.labels)
    annotations_multiline(w, "Annotations", secret.metadata.annotations)
    w.write(0, f"\nType:\t{secret.body.get('type', '')}\n")
    w.write(0, "\nData\n====\n")
    data = secret.body.get("data") or {}
    service_account_token = secret.body.get("type") == "kubernetes.io/service-account-token"
    for key in sorted(data):
        value = _decoded(data[key])
        if key == "token" and service_account_token:
            w.write(0, f"{key}:\t{value.decode(errors='replace')}\n")
        else:
            w.write(0, f"{key}:\t{len(value)} bytes\n")


def _decoded(text: str) -> bytes:
    try:
        return base64.b64decode(text)
    except (binascii.Error, ValueError):
        return text.encode()
