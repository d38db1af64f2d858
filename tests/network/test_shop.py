"""The shop app of assets/shop: manifests, requests hop by hop, the new webserver's failures."""

import kubernetes_validate
import pytest

from tests.builders import load_shop, node_ip, pods, shop_manifests


@pytest.mark.parametrize("manifest", shop_manifests(), ids=lambda m: f"{m['kind']}/{m['metadata']['name']}")
def test_shop_manifests_pass_kubernetes_validate(manifest):
    kubernetes_validate.validate(manifest, "1.32", strict=True)


def shop_url(sim, path="/"):
    return f"http://{node_ip(sim)}:31080{path}"


def test_shop_runs_and_lb_is_pending_without_provider(sim):
    load_shop(sim)
    shop_pods = pods(sim, "shop")
    assert len(shop_pods) == 7 and all(p.status["phase"] == "Running" for p in shop_pods)
    shop = sim.get("Service", "shop", "shop")
    assert shop.spec["type"] == "LoadBalancer" and shop.spec["ports"][0]["nodePort"] == 31080
    assert shop.status == {"loadBalancer": {}}


def test_shop_request_goes_hop_by_hop_to_mysql(sim):
    load_shop(sim)
    trace = sim.curl([shop_url(sim, "/api/products")])
    assert trace.status == 200 and '"Kubernetes mug"' in trace.body
    services = [h.name for h in trace.hops if h.kind == "service"]
    assert services == ["shop/shop", "shop/webserver", "shop/frontend", "shop/mysql"]
    assert trace.pod.metadata.labels["app"] == "frontend"


def test_shop_webserver_v1_answers_every_request(sim):
    load_shop(sim)
    traces = [sim.curl([shop_url(sim)]) for _ in range(20)]
    assert all(t.status == 200 and t.version == "v1" for t in traces)


def test_shop_new_webserver_fails_part_of_requests(sim):
    load_shop(sim)
    sim.patch("Service", "shop", "webserver", {"spec": {"selector": {"app": "webserver", "version": "v2"}}})
    sim.settle()
    traces = [sim.curl([shop_url(sim)]) for _ in range(100)]
    assert {t.version for t in traces} == {"v2"}
    failed = [t for t in traces if t.status == 500]
    assert len(failed) == 30 and all(t.status == 200 for t in traces if t not in failed)
    assert "http2_push_preload" in failed[0].body and "nginx/1.25.5" in failed[0].body
    # Back to Container1: everything answers again.
    sim.patch("Service", "shop", "webserver", {"spec": {"selector": {"app": "webserver", "version": "v1"}}})
    sim.settle()
    assert all(sim.curl([shop_url(sim)]).status == 200 for _ in range(20))
