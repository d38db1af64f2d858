"""Sample apps a scenario can start with: their manifests, read like `kubectl apply -f` reads them."""

from __future__ import annotations

from typing import Any

from ..core.config import ClusterConfig
from ..core.scenario import Scenario
from ..resources import shop_manifests
from .manifests import read_sources

SHOP_MANIFESTS = shop_manifests()
APPS = {"shop": SHOP_MANIFESTS}
#: the namespace each app lives in: a session started with the app works there, as after
#: `kubectl config set-context --current --namespace=shop`
APP_NAMESPACES = {"shop": "shop"}


def app_manifests(name: str) -> tuple[dict[str, Any], ...]:
    """The app's manifests in apply order (files sorted by name, documents in file order)."""
    folder = APPS[name]
    return tuple(doc.manifest for doc in read_sources([str(folder)], folder, None))


def scenario(config: ClusterConfig, app: str | None = None) -> Scenario:
    """The default cluster, with `app` deployed on it if named (and the learner in its namespace)."""
    if not app:
        return Scenario(config)
    return Scenario(config, manifests=app_manifests(app), namespace=APP_NAMESPACES.get(app, "default"))
