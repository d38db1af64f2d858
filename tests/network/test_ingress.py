
"""Ingress: controllers, classes, ADDRESS, and the path-matching table of the Ingress docs.

The table is the "Examples" table of kubernetes.io/docs/concepts/services-networking/ingress;
the ADDRESS follows ingress-nginx's status sync (internal/ingress/status), the default class the
ingressclass.kubernetes.io/is-default-class annotation.
"""

import pytest

from sandbox.core.network.ingress import host_matches, match
from sandbox.core.objects import KObject, ObjectMeta
from sandbox.core.scenario import addons
from tests.builders import deploy_and_expose, pods


def ingress_obj(*paths, host="", default_backend=None):
    rule = {"http": {"paths": [{"path": p, "pathType": t, "backend": {"service": {"name": s, "port": {"number": 80}}}}
                               for p, t, s in paths]}}
    if host:
        rule["host"] = host
    spec = {"rules": [rule]}
    if default_backend:
        spec["defaultBackend"] = {"service": {"name": default_backend, "port": {"number": 80}}}
    return KObject("Ingress", ObjectMeta("ing", "default"), spec)


# The "Examples" table of the Ingress docs: (kind, paths, request path, matches?)
DOCS_TABLE = [
    ("Prefix", ["/"], "/anything/at/all", True),
    ("Exact", ["/foo"], "/foo", True),
    ("Exact", ["/foo"], "/bar", False),
    ("Exact", ["/foo"], "/foo/", False),
    ("Exact", ["/foo/"], "/foo", False),
    ("Prefix", ["/foo"], "/foo", True),
    ("Prefix", ["/foo"], "/foo/", True),
    ("Prefix", ["/foo/"], "/foo", True),
    ("Prefix", ["/foo/"], "/foo/", True),
    ("Prefix", ["/aaa/bb"], "/aaa/bbb", False),
    ("Prefix", ["/aaa/bbb"], "/aaa/bbb", True),
    ("Prefix", ["/aaa/bbb/"], "/aaa/bbb", True),
    ("Prefix", ["/aaa/bbb"], "/aaa/bbb/", True),
    ("Prefix", ["/aaa/bbb"], "/aaa/bbb/ccc", True),
    ("Prefix", ["/aaa/bbb"], "/aaa/bbbxyz", False),
    ("Prefix", ["/", "/aaa"], "/aaa/ccc", "/aaa"),
    ("Prefix", ["/", "/aaa", "/aaa/bbb"], "/aaa/bbb", "/aaa/bbb"),
    ("Prefix", ["/", "/aaa", "/aaa/bbb"], "/ccc", "/"),
    ("Prefix", ["/aaa"], "/ccc", False),
]


@pytest.mark.parametrize("kind,paths,request_path,expected", DOCS_TABLE)
def test_ingress_path_matching_follows_the_docs_table(kind, paths, request_path, expected):
    found = match([ingress_obj(*[(p, kind, "svc") for p in paths])], "", request_path)
    if expected is False:
        assert found is None
    else:
        assert found is not None and found.path == (paths[0] if expected is True else expected)


def test_exact_beats_prefix_on_a_tie():
    found = match([ingress_obj(("/foo", "Prefix", "prefix-svc"), ("/foo", "Exact", "exact-svc"))], "", "/foo")
    assert found.backend["service"]["name"] == "exact-svc"


def test_exact_is_case_sensitive():
    assert match([ingress_obj(("/Foo", "Exact", "svc"))], "", "/foo") is None


def test_no_match_goes_to_default_backend():
    found = match([ingress_obj(("/aaa", "Prefix", "svc"), default_backend="fallback")], "", "/ccc")
    assert found.path is None and found.backend["service"]["name"] == "fallback"


def test_wildcard_host_covers_exactly_one_label():
    assert host_matches("*.example.com", "shop.example.com")
    assert not host_matches("*.example.com", "example.com")
    assert not host_matches("*.example.com", "a.shop.example.com")
    exact = ingress_obj(("/", "Prefix", "exact"), host="shop.example.com")
    wild = ingress_obj(("/", "Prefix", "wild"), host="*.example.com")
    assert match([wild, exact], "shop.example.com", "/").backend["service"]["name"] == "exact"
    assert match([wild, exact], "blog.example.com", "/").backend["service"]["name"] == "wild"


def web_ingress(name="web", class_name=None, host="web.example.com"):
    spec = {"rules": [{"host": host, "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {
        "service": {"name": "web", "port": {"number": 80}}}}]}}]}
    if class_name:
        spec["ingressClassName"] = class_name
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name}, "spec": spec}


def address(sim, name="web"):
    return sim.get("Ingress", "default", name).status.get("loadBalancer", {}).get("ingress")


def test_ingress_without_controller_has_no_address(sim):
    deploy_and_expose(sim)
    sim.apply(web_ingress(class_name="nginx"))
    sim.settle()
    assert not address(sim)
    trace = sim.curl(["http://web.example.com/"])
    assert trace.output == "curl: (6) Could not resolve host: web.example.com"


def test_controller_writes_address_once_its_pod_is_ready(sim):
    deploy_and_expose(sim)
    sim.apply(web_ingress(class_name="nginx"))
    addons.enable(sim, "ingress-nginx")
    sim.advance(1)
    assert not address(sim)                      # pulled and scheduled, not Ready yet
    sim.settle()
    [controller] = pods(sim, "ingress-nginx", **{"app.kubernetes.io/component": "controller"})
    assert address(sim) == [{"ip": controller.status["hostIP"]}]
    sync = [e for e in sim.audit.events() if e.event_reason == "Sync" and e.name == "web"]
    assert sync and sync[0].reason == "Scheduled for sync" and sync[0].actor == "nginx-ingress-controller"


def test_address_cleared_when_controller_goes(sim):
    deploy_and_expose(sim)
    sim.apply(web_ingress(class_name="nginx"))
    addons.enable(sim, "ingress-nginx")
    sim.settle()
    assert address(sim)
    addons.disable(sim, "ingress-nginx")
    sim.settle()
    assert not address(sim)


def test_default_ingress_class_claims_unnamed_ingress(sim):
    deploy_and_expose(sim)
    addons.enable(sim, "ingress-nginx")
    sim.settle()
    sim.apply(web_ingress())
    sim.settle()
    assert sim.get("Ingress", "default", "web").spec["ingressClassName"] == "nginx"
    assert address(sim)


def test_two_controllers_side_by_side(sim):
    deploy_and_expose(sim)
    addons.enable(sim, "ingress-nginx")
    addons.enable(sim, "traefik")
    sim.apply(web_ingress("via-nginx", "nginx", "nginx.example.com"))
    sim.apply(web_ingress("via-traefik", "traefik", "traefik.example.com"))
    sim.settle()
    nginx_ip, traefik_ip = address(sim, "via-nginx")[0]["ip"], address(sim, "via-traefik")[0]["ip"]
    assert nginx_ip != traefik_ip
    one = sim.curl(["-i", "http://nginx.example.com/"])
    two = sim.curl(["-i", "http://traefik.example.com/"])
    assert one.status == two.status == 200
    assert [h.name for h in one.hops if h.kind == "ingress"] == ["k8s.io/ingress-nginx"]
    assert [h.name for h in two.hops if h.kind == "ingress"] == ["traefik.io/ingress-controller"]
    # Each controller serves only its own class: nginx knows nothing of traefik's host.
    wrong = sim.curl(["-H", "Host: traefik.example.com", f"http://{nginx_ip}/"])
    assert wrong.status == 404 and "<center>nginx</center>" in wrong.body


# ---- ingress classes -------------------------------------------------

def test_ingress_made_before_any_default_class_keeps_no_class_and_is_not_served(sim):
    """plugin/pkg/admission/network/defaultingressclass sets spec.ingressClassName only when the Ingress is
    created; ingress-nginx (store.go GetIngressClass) ignores an Ingress without a class unless started with
    --watch-ingress-without-class, which minikube's addon for networking.k8s.io/v1 does not pass."""
    deploy_and_expose(sim)
    sim.apply(web_ingress())
    addons.enable(sim, "ingress-nginx")
    sim.settle()
    ing = sim.get("Ingress", "default", "web")
    assert "ingressClassName" not in ing.spec and not address(sim)
    assert sim.curl(["http://web.example.com/"]).output == "curl: (6) Could not resolve host: web.example.com"
    [controller] = pods(sim, "ingress-nginx", **{"app.kubernetes.io/component": "controller"})
    node_address = controller.status["hostIP"]
    assert sim.curl(["-H", "Host: web.example.com", f"http://{node_address}/"]).status == 404
    sim.patch("Ingress", "default", "web", {"spec": {"ingressClassName": "nginx"}})
    sim.settle()
    assert address(sim) == [{"ip": node_address}]
    assert sim.curl(["http://web.example.com/"]).status == 200


def test_default_class_is_set_only_at_creation(sim):
    """The admission plugin never updates existing Ingresses: taking the default mark off the class changes
    nothing for them, and new Ingresses get no class."""
    deploy_and_expose(sim)
    addons.enable(sim, "ingress-nginx")
    sim.settle()
    sim.apply(web_ingress("first"))
    sim.patch("IngressClass", "", "nginx", {"metadata": {"annotations": {
        "ingressclass.kubernetes.io/is-default-class": "false"}}})
    sim.apply(web_ingress("second", host="second.example.com"))
    sim.settle()
    assert sim.get("Ingress", "default", "first").spec["ingressClassName"] == "nginx"
    assert "ingressClassName" not in sim.get("Ingress", "default", "second").spec
    assert address(sim, "first") and not address(sim, "second")


def test_several_default_classes_pick_the_newest(sim):
    """getDefaultClass (1.25+): with more than one default IngressClass the newest is chosen, ties by name."""
    def ingress_class(name):
        return {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                "metadata": {"name": name, "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
                "spec": {"controller": "example.com/ingress"}}

    sim.apply(ingress_class("zeta"))
    sim.apply(ingress_class("alpha"))
    sim.apply(web_ingress("tie"))
    sim.advance(5)
    sim.apply(ingress_class("newest"))
    sim.apply(web_ingress("later", host="later.example.com"))
    assert sim.get("Ingress", "default", "tie").spec["ingressClassName"] == "alpha"
    assert sim.get("Ingress", "default", "later").spec["ingressClassName"] == "newest"


def test_traefik_serves_class_less_ingresses(sim):
    """Traefik's Kubernetes Ingress provider processes Ingresses without a class unless configured with an
    ingressClass (doc.traefik.io, providers/kubernetes-ingress); ingress-nginx does not."""
    deploy_and_expose(sim)
    sim.apply(web_ingress())
    addons.enable(sim, "ingress-nginx")
    addons.enable(sim, "traefik")
    sim.settle()
    [traefik] = pods(sim, "traefik", **{"app.kubernetes.io/name": "traefik"})
    assert sim.get("Ingress", "default", "web").status["loadBalancer"]["ingress"][0]["ip"]
    served = sim.curl(["-i", "http://web.example.com/"])
    assert served.status == 200 and [h.name for h in served.hops if h.kind == "ingress"] == [
        "traefik.io/ingress-controller"]
    assert traefik.status["phase"] == "Running"
