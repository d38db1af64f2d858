"""The store as an API server: resourceVersions, uids, names, indexes, watches, audit."""

import random

import pytest

from sandbox.core.audit import AuditLog
from sandbox.core.clock import Clock
from sandbox.core.errors import AlreadyExists, NotFound
from sandbox.core.labels import parse_selector
from sandbox.core.objects import KObject, ObjectMeta, owner_reference
from sandbox.core.store import Store


def make_store(seed: int = 1) -> Store:
    return Store(Clock(), AuditLog(), random.Random(seed))


def pod(name: str = "", labels: dict | None = None, node: str | None = None, generate: str = "") -> KObject:
    spec = {"containers": [{"name": "c", "image": "nginx:1.25"}]}
    if node:
        spec["nodeName"] = node
    return KObject("Pod", ObjectMeta(name, "default", labels=labels or {}, generate_name=generate), spec)


def test_create_assigns_uid_resource_version_and_creation_time():
    store = make_store()
    store.clock.now = 42
    obj = store.create(pod("a"), "you", "test")
    assert obj.metadata.uid and len(obj.metadata.uid) == 36
    assert obj.metadata.resource_version == 1
    assert obj.metadata.creation_timestamp == 42
    assert obj.to_dict()["metadata"]["creationTimestamp"] == "2026-01-01T00:00:42Z"


def test_uids_and_generated_names_repeat_with_the_seed():
    names = []
    for _ in range(2):
        store = make_store(seed=7)
        objs = [store.create(pod(generate="web-"), "you", "t") for _ in range(3)]
        names.append([(o.name, o.uid) for o in objs])
    assert names[0] == names[1]
    assert all(n.startswith("web-") and len(n) == 9 for n, _ in names[0])


def test_duplicate_name_is_already_exists():
    store = make_store()
    store.create(pod("a"), "you", "t")
    with pytest.raises(AlreadyExists, match='pods "a" already exists'):
        store.create(pod("a"), "you", "t")


def test_update_bumps_resource_version_and_generation_only_on_spec_change():
    store = make_store()
    deploy = store.create(KObject("Deployment", ObjectMeta("web", "default"), {"replicas": 1}), "you", "t")
    store.update(deploy, "you", "status write")
    assert (deploy.metadata.resource_version, deploy.metadata.generation) == (2, 1)
    deploy.spec["replicas"] = 3
    store.update(deploy, "you", "scaled", spec_changed=True)
    assert (deploy.metadata.resource_version, deploy.metadata.generation) == (3, 2)


def test_label_index_follows_relabel():
    store = make_store()
    a = store.create(pod("a", {"app": "web"}), "you", "t")
    store.create(pod("b", {"app": "db"}), "you", "t")
    assert store.list("Pod", "default", parse_selector("app=web")) == [a]
    a.metadata.labels = {"app": "db"}
    store.update(a, "you", "relabel")
    assert [p.name for p in store.list("Pod", "default", parse_selector("app=db"))] == ["b", "a"]
    assert store.list("Pod", "default", parse_selector("app=web")) == []


def test_set_based_selectors():
    store = make_store()
    for name, labels in [("a", {"env": "prod", "tier": "fe"}), ("b", {"env": "dev"}), ("c", {"tier": "be"})]:
        store.create(pod(name, labels), "you", "t")
    names = lambda sel: [p.name for p in store.list("Pod", "default", parse_selector(sel))]  # noqa: E731
    assert names("env in (prod,dev)") == ["a", "b"]
    assert names("env notin (prod)") == ["b", "c"]
    assert names("tier,!env") == ["c"]
    assert names("env!=dev") == ["a", "c"]


def test_owner_and_node_indexes():
    store = make_store()
    rs = store.create(KObject("ReplicaSet", ObjectMeta("web-1", "default"), {"replicas": 1}), "rs", "t")
    child = pod("web-1-x", node="node-1")
    child.metadata.owner_references = [owner_reference(rs)]
    store.create(child, "rs", "t")
    assert store.children(rs.uid) == [child]
    assert store.pods_on_node("node-1") == [child]
    child.spec["nodeName"] = "node-2"
    store.update(child, "scheduler", "moved")
    assert store.pods_on_node("node-1") == [] and store.pods_on_node("node-2") == [child]
    store.delete(child, "you", "gone")
    assert store.children(rs.uid) == [] and store.pods_on_node("node-2") == []


def test_binding_keeps_every_listing_in_the_order_a_full_reindex_gives():
    """A binding (only spec.nodeName moves) takes the fast path; the pod still goes to the end of its
    label and owner buckets, as the full re-index did, so what controllers list keeps its order."""
    store = make_store()
    rs = store.create(KObject("ReplicaSet", ObjectMeta("web-1", "default"), {"replicas": 2}), "rs", "t")
    pods = []
    for name in ("a", "b"):
        child = pod(name, {"app": "web"})
        child.metadata.owner_references = [owner_reference(rs)]
        pods.append(store.create(child, "rs", "t"))
    a, b = pods
    a.spec["nodeName"] = "node-1"
    store.update(a, "default-scheduler", "bind")
    assert [p.name for p in store.children(rs.uid)] == ["b", "a"]
    assert [p.name for p in store.list("Pod", "default", parse_selector("app=web"))] == ["b", "a"]
    assert store.pods_on_node("node-1") == [a]
    b.spec["nodeName"] = "node-1"
    store.update(b, "default-scheduler", "bind")
    assert store.pods_on_node("node-1") == [a, b]
    store.delete(a, "you", "bye")
    assert store.pods_on_node("node-1") == [b] and store.children(rs.uid) == [b]


def test_watchers_can_narrow_to_a_namespace_or_a_label_key():
    """A label-key watcher also hears of the write that removes the key (the label was there before)."""
    store = make_store()
    in_ns, labelled = [], []
    store.watch("Pod", lambda event, obj, old: in_ns.append((event, obj.name)), namespace="other")
    store.watch("Pod", lambda event, obj, old: labelled.append((event, obj.name)), label="tier")
    plain = store.create(pod("plain", {"app": "web"}), "you", "t")
    tiered = store.create(pod("tiered", {"tier": "fe"}), "you", "t")
    elsewhere = pod("elsewhere")
    elsewhere.metadata.namespace = "other"
    store.create(elsewhere, "you", "t")
    store.update(plain, "you", "status")
    tiered.metadata.labels = {}
    store.update(tiered, "you", "relabel")
    store.update(tiered, "you", "status")
    assert in_ns == [("ADDED", "elsewhere")]
    assert labelled == [("ADDED", "tiered"), ("MODIFIED", "tiered")]


def test_a_namespaced_watch_ends_for_its_namespace_alone():
    store = make_store()
    heard = []
    handler = lambda event, obj, old: heard.append(obj.name)   # noqa: E731 (one handler, two namespaces)
    store.watch("Pod", handler, namespace="a")
    store.watch("Pod", handler, namespace="b")
    for name in ("a", "b", "default"):
        obj = pod(f"{name}-1")
        obj.metadata.namespace = name
        store.create(obj, "you", "t")
    store.unwatch("Pod", handler, namespace="a")
    for name in ("a", "b"):
        obj = pod(f"{name}-2")
        obj.metadata.namespace = name
        store.create(obj, "you", "t")
    assert heard == ["a-1", "b-1", "b-2"]


def test_watchers_see_every_write_with_old_labels_on_relabel():
    store = make_store()
    seen = []
    store.watch("Pod", lambda event, obj, old: seen.append((event, obj.name, old)))
    a = store.create(pod("a", {"app": "web"}), "you", "t")
    store.update(a, "you", "status")
    a.metadata.labels["app"] = "db"
    store.update(a, "you", "relabel")
    store.delete(a, "you", "bye")
    assert seen == [("ADDED", "a", None), ("MODIFIED", "a", None), ("MODIFIED", "a", {"app": "web"}),
                    ("DELETED", "a", None)]


def test_audit_log_records_actor_verb_and_reason():
    store = make_store()
    a = store.create(pod("a"), "replicaset-controller", "want 1 replica, have 0")
    store.record_event(a, "Normal", "Scheduled", "Successfully assigned default/a to node-1", actor="default-scheduler")
    lines = store.audit.text().splitlines()
    assert lines[0].endswith("replicaset-controller create default/pod/a: want 1 replica, have 0")
    assert "[Normal Scheduled]" in lines[1]
    assert [e.event_reason for e in store.audit.events()] == ["Scheduled"]


def test_missing_object_is_not_found_in_kubectl_words():
    store = make_store()
    with pytest.raises(NotFound) as err:
        store.get("Deployment", "default", "web")
    assert str(err.value) == 'Error from server (NotFound): deployments.apps "web" not found'


def test_watchers_can_ask_for_some_events_only():
    store = make_store()
    deletions, everything = [], []
    store.watch("Pod", lambda event, obj, old: everything.append(event))
    store.watch("Pod", lambda event, obj, old: deletions.append(obj.name), events=("DELETED",))
    a = store.create(pod("a"), "you", "t")
    store.update(a, "you", "status")
    store.delete(a, "you", "bye")
    assert everything == ["ADDED", "MODIFIED", "DELETED"] and deletions == ["a"]


def test_kind_version_moves_on_every_write_to_that_kind_only():
    store = make_store()
    assert store.kind_version("Pod") == 0
    a = store.create(pod("a"), "you", "t")
    first = store.kind_version("Pod")
    store.create(KObject("Deployment", ObjectMeta("web", "default"), {"replicas": 1}), "you", "t")
    assert store.kind_version("Pod") == first
    store.delete(a, "you", "bye")
    assert store.kind_version("Pod") > first


def test_pods_with_equal_labels_share_one_index_copy_and_a_relabel_leaves_the_others_alone():
    """The index keeps one read-only copy per distinct label map (150,000 pods of 1,500 ReplicaSets hold
    1,500 maps, not 150,000): relabelling one pod must not move the others, and its watchers still get
    the labels it had."""
    store = make_store()
    seen: list[dict[str, str] | None] = []
    store.watch("Pod", lambda _e, _o, old: seen.append(old))
    a = store.create(pod("a", {"app": "web"}), "you", "t")
    b = store.create(pod("b", {"app": "web"}), "you", "t")
    assert store._indexed[a.metadata.uid][1] is store._indexed[b.metadata.uid][1]   # (obj, labels, owner, node)
    a.metadata.labels["app"] = "api"
    store.update(a, "you", "relabel")
    assert seen[-1] == {"app": "web"}
    assert [p.name for p in store.list("Pod", "default", parse_selector("app=web"))] == ["b"]
    assert [p.name for p in store.list("Pod", "default", parse_selector("app=api"))] == ["a"]
    b.metadata.labels["tier"] = "front"     # b's own map changes; the copy the index compares with must not
    store.update(b, "you", "relabel")
    assert seen[-1] == {"app": "web"}
    assert [p.name for p in store.list("Pod", "default", parse_selector("tier=front"))] == ["b"]
