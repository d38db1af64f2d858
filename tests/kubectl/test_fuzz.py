"""Bad input never raises out of Session.run, and a failed command leaves the store as it was.

Over 20,000 generated lines and YAML documents in total (3,000 + 3,000 + 2,500 + 800 + 1,000, then
3,600 + 2,000 + 2,500 + 1,700 from the generators of issue 13): random bytes and control
characters, unbalanced quotes, kubectl-like word salad with huge and negative numbers, manifests
with unknown kinds, wrong types and deep nesting; numbers of thousands of digits in every numeric
flag and verb, JSON, YAML and JSONPath nested thousands deep, words of up to 60,000 characters in
every position, and file paths from the file system root to names too long for it. Each run is
bounded by the harness (pytest-timeout), so a hang fails the test.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.kubectl import Session

pytestmark = pytest.mark.timeout(600)


def fuzz(examples: int) -> settings:
    """Derandomized so the suite is reproducible; no deadline (a few commands advance simulated time)."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

COMMANDS = ["get", "describe", "apply", "create", "delete", "scale", "rollout", "set", "label", "annotate", "cordon",
            "uncordon", "drain", "expose", "explain", "top", "exec", "logs", "api-resources", "status", "history",
            "undo", "pause", "resume", "restart", "image", "deployment", "namespace", "service", "ingress",
            "clusterip", "nodeport", "gett", "sim", "wait", "node", "fail", "recover", "add", "speed", "export"]
TYPES = ["pods", "po", "deploy", "deployment/coredns", "rs", "ds", "svc", "nodes", "no", "ns", "ev", "events",
         "ing", "netpol", "pdb", "ep", "endpointslices", "all", "flurbs", "pod/etcd-control-plane", "node/node-1",
         "deploy,svc", "vs", "dr", "ingressclass", "Pods", "configmaps"]
NAMES = ["coredns", "kube-proxy", "node-1", "node-2", "control-plane", "kube-dns", "web", "nope", "default",
         "kube-system", "etcd-control-plane", "", "-", "--", "a=b", "app=web", "tier-", "nginx=nginx:1.24", "'", '"']
FLAGS = ["-n", "-A", "-o", "-l", "-f", "--replicas", "--image", "--port", "--to-revision", "--ignore-daemonsets",
         "--force", "--dry-run=client", "--show-labels", "--field-selector", "--overwrite", "--grace-period",
         "--sort-by", "--all", "--tcp", "--rule", "--foo", "-z", "--", "-owide", "-oyaml", "-ojson", "-oname",
         "-o=jsonpath={.items[*].metadata.name}", "-o=jsonpath={range .items[*]}{.x}{end}", "--timeout=5s",
         "--wait=false", "-w"]
NUMBERS = st.sampled_from(["0", "1", "3", "-1", "-5", "2147483648", "9223372036854775808", "1e9", "0x10", "NaN",
                           "99999999999999999999999", "3.5", "", "٣"])
WORD = st.one_of(st.sampled_from(COMMANDS), st.sampled_from(TYPES), st.sampled_from(NAMES),
                 st.sampled_from(FLAGS), NUMBERS, st.text(max_size=8))
PREFIX = st.sampled_from(["kubectl ", "k ", "", "sim ", "curl "])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    session = Session(seed=0, workers=2)
    session.cwd = tmp_path_factory.mktemp("fuzz")  # `sim export` and `-f` stay in a scratch folder
    return session, session.sim, session.sim.snapshot()


def check(cluster, line: str, stdin: str | None = None) -> None:
    session, sim, snapshot = cluster
    before = (sim.store.resource_version, len(sim.audit))
    result = session.run(line, stdin=stdin)
    assert isinstance(result.output, str) and isinstance(result.exit_code, int)
    assert "internal error" not in result.output, f"{line!r} -> {result.output}"
    changed = session.sim is not sim or (sim.store.resource_version, len(sim.audit)) != before
    if not result.ok:
        # delete/label of several names and drain (which cordons first) may do part of the work, as kubectl
        # does; nothing else may change.
        assert not changed or any(done in result.output for done in (" deleted", "labeled", " cordoned")), \
            f"failed command changed the store: {line!r} -> {result.output}"
    if changed:
        session.sim = sim
        sim.restore(snapshot)
    session.speed, session.paused, session.namespace = 1.0, False, "default"


@fuzz(3000)
@given(st.text(max_size=60))
def test_random_text_lines_never_raise(cluster, line):
    check(cluster, line)


@fuzz(3000)
@given(PREFIX, st.lists(WORD, max_size=7))
def test_kubectl_like_word_salad_never_raises(cluster, prefix, words):
    check(cluster, prefix + " ".join(words))


@fuzz(2500)
@given(st.lists(st.sampled_from(["\x00", "\x01", "\x1b[31m", "\t", "\n", "'", '"', "\\", "$(", "`", "é", "—",
                                 "get", "pods", " ", "-", "=", "{", "}", "[", "]"]), max_size=20))
def test_control_bytes_and_quotes_never_raise(cluster, parts):
    check(cluster, "kubectl " + "".join(parts))


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                      st.floats(allow_nan=False), st.text(max_size=10))
JSON = st.recursive(JSON_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                    max_leaves=8)
KINDS = st.sampled_from(["Deployment", "Pod", "Service", "Namespace", "Node", "ReplicaSet", "DaemonSet", "Ingress",
                         "NetworkPolicy", "ConfigMap", "Flurb", "", "List", "Event", "EndpointSlice"])


@st.composite
def manifests(draw):
    doc = {"apiVersion": draw(st.sampled_from(["v1", "apps/v1", "networking.k8s.io/v1", "bogus/v9", ""])),
           "kind": draw(KINDS),
           "metadata": draw(st.one_of(st.fixed_dictionaries({"name": st.sampled_from(["web", "x", "", "UPPER",
                                                                                      "coredns"])}), JSON))}
    if draw(st.booleans()):
        doc["spec"] = draw(st.one_of(JSON, st.fixed_dictionaries({
            "replicas": st.one_of(st.integers(-3, 5), st.sampled_from([2**31, 10**30, "3", None, [], 2.5])),
            "selector": st.one_of(JSON, st.just({"matchLabels": {"app": "web"}})),
            "template": JSON})))
    return doc


@fuzz(800)
@given(st.lists(manifests(), min_size=1, max_size=3), st.sampled_from(["apply", "create", "delete"]))
def test_generated_manifests_never_raise(cluster, docs, verb):
    check(cluster, f"kubectl {verb} -f -", yaml.safe_dump_all(docs))


@fuzz(1000)
@given(st.text(alphabet=st.sampled_from(list("abc:- \n\t{}[]'\"&*!|>%@`#,?\x00\x07")), max_size=80))
def test_raw_yaml_text_never_raises(cluster, text):
    check(cluster, "kubectl apply -f -", text)


@pytest.mark.parametrize("text", [
    "[" * 5000 + "]" * 5000,
    "a: &a [1,2]\n" + "".join(f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                               for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "kind: Pod\n",
    "kind: Deployment\nmetadata: {name: web}\nspec: {replicas: .nan}\n",
    "kind: Deployment\nmetadata: {name: web}\nspec: {replicas: 99999999999999999999999999}\n",
    "kind: Pod\nmetadata: {name: p, creationTimestamp: 2020-01-01}\nspec: {containers: [{name: c, image: x}]}\n",
    "? [a, b]\n: c\n",
    "kind: Pod\nmetadata:\n  name: \"\\x00\"\n",
], ids=["deep-nesting", "alias-bomb", "nan", "huge-int", "date", "list-key", "nul-name"])
def test_hostile_yaml_is_refused_cleanly(cluster, text):
    check(cluster, "kubectl apply -f -", text)


# ---- issue 13: huge numbers, deep nesting, long words, file paths ---------------------------

DIGITS = st.text(alphabet="0123456789", min_size=19, max_size=4400)     # past Python's 4,300-digit int limit
HUGE = st.one_of(DIGITS, DIGITS.map(lambda d: "-" + d), DIGITS.map(lambda d: "0" * 50 + d[:2]),
                 st.integers(min_value=2**31 - 2, max_value=2**64 + 2).map(str),
                 st.sampled_from(["²", "٣", "1e309", "-0", "+5", "0x1F", "1_000", "9" * 5000, "3.5e400", "nan", "inf"]))
NUMERIC = [
    "kubectl scale deployment coredns -n kube-system --replicas={n}",
    "kubectl create deployment d --image=nginx --replicas={n}",
    "kubectl expose deployment coredns -n kube-system --port={n} --name=e",
    "kubectl create service nodeport s --tcp={n}:80",
    "kubectl create service nodeport s --tcp=80 --node-port={n}",
    "kubectl logs -n kube-system deploy/coredns --tail={n}",
    "kubectl delete pod nope --grace-period={n}",
    "kubectl rollout undo deployment/coredns -n kube-system --to-revision={n}",
    "kubectl rollout history deployment/coredns -n kube-system --revision={n}",
    "kubectl get pods -A -o jsonpath='{{.items[{n}].metadata.name}}'",
    "kubectl patch deployment coredns -n kube-system -p '{{\"spec\":{{\"replicas\":{n}}}}}'",
    "sim wait {n}", "sim wait {n}s", "sim wait {n}.5h", "sim speed {n}", "sim traffic stop {n}",
    "sim traffic start http://x --rate {n} --duration 5s", "sim traffic start http://x --rate 1 --duration {n}s",
    "curl -m {n} http://x", "curl http://10.96.0.1:{n}/", "kubectl drain node-1 --timeout={n}s --force",
]


@fuzz(3600)
@given(st.sampled_from(NUMERIC), HUGE)
def test_huge_numbers_in_every_numeric_position(cluster, template, number):
    check(cluster, template.format(n=number))


OPENERS = {"list": ("[", "]"), "object": ('{"a":', "}"), "yaml-flow": ("{a: ", "}"), "yaml-block": ("a:\n  ", "")}


@st.composite
def nested(draw):
    kind = draw(st.sampled_from(sorted(OPENERS)))
    depth = draw(st.integers(min_value=1, max_value=6000))
    start, end = OPENERS[kind]
    if kind == "yaml-block":
        depth = min(depth, 150)     # past the manifest limit (100); PyYAML is slow on deep block mappings
        return "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "1\n"
    return start * depth + "1" + end * depth


@fuzz(2000)
@given(nested(), st.sampled_from(["patch", "patch-json", "apply", "jsonpath"]))
def test_deep_nesting_in_patches_manifests_and_jsonpath(cluster, text, where):
    if where == "patch":
        check(cluster, f"kubectl patch deployment coredns -n kube-system -p '{text}'")
    elif where == "patch-json":
        check(cluster, f"kubectl patch deployment coredns -n kube-system --type json -p '{text}'")
    elif where == "apply":
        check(cluster, "kubectl apply -f -", f"kind: ConfigMap\nmetadata: {{name: deep}}\ndata: {{a: {text!r}}}\n"
                                             if len(text) % 2 else text)
    else:
        depth = min(len(text), 1100)
        check(cluster, "kubectl get pods -A -o jsonpath='" + "{range .items[*]}" * depth + "{end}" * depth + "'")


LONG_SLOTS = ["kubectl {w}", "kubectl get {w}", "kubectl get pods {w}", "kubectl get pods -n {w}", "kubectl --{w}",
              "kubectl get pods -l app={w}", "kubectl describe node {w}", "sim {w}", "sim node add {w}",
              "sim node fail {w}", "sim traffic start http://{w}/", "curl http://{w}/", "curl -H 'Host: {w}' x",
              "kubectl create namespace {w}", "kubectl label node node-1 a={w}", "kubectl get pods -o {w}",
              "kubectl set image deployment/coredns -n kube-system coredns={w}", "kubectl exec -it {w} -- curl x"]


@fuzz(2500)
@given(st.sampled_from(LONG_SLOTS), st.one_of(st.integers(min_value=64, max_value=5000), st.just(60_000)),
       st.sampled_from(["x", "a-", "é", "0", "A", "-", ".", "🙂"]))
def test_long_words_in_every_position(cluster, template, length, unit):
    check(cluster, template.format(w=(unit * length)[:length]))


PATH_PARTS = st.sampled_from(["", ".", "..", "a", "nope.yaml", "x.json", "a" * 255, "a" * 300, "é", "~", " ", "-"])
READABLE = st.sampled_from(["/", "//", "/.", "/etc/passwd", "/etc/hostname", "/dev/null", "/dev/zero",
                            "/proc/self/status", "/proc/self/mem", "/nonexistent/x.yaml", "/etc/passwd/x",
                            "/" + "a" * 5000])
# `sim export` writes as whoever runs the tests (root in CI): only into the scratch folder, or where
# nothing can be created (the root is refused; a file, /proc and a name too long cannot hold a folder).
UNWRITABLE = st.sampled_from(["/", "//", "/.", "/etc/passwd", "/etc/passwd/x", "/proc/x", "/dev/null/x",
                              "/" + "a" * 5000])


@st.composite
def paths(draw, *, writing: bool):
    if draw(st.booleans()):
        return draw(UNWRITABLE if writing else READABLE)
    parts = draw(st.lists(PATH_PARTS.filter(lambda p: not writing or p != ".."), min_size=1, max_size=8))
    return "/".join(parts).lstrip("/") or "."     # relative: inside the scratch folder


READERS = ["kubectl apply -f {p}", "kubectl apply -R -f {p}", "kubectl delete -f {p}", "kubectl create -f {p}",
           "kubectl apply -f {p} --dry-run=server"]
WRITERS = ["sim export {p}", "sim export {p} --force", "sim export {p} --all"]


@fuzz(1700)
@given(st.one_of(st.tuples(paths(writing=False), st.sampled_from(READERS)),
                 st.tuples(paths(writing=True), st.sampled_from(WRITERS))))
def test_file_paths_from_the_root_to_names_too_long(cluster, case):
    """Relative paths resolve in the scratch folder; absolute ones can only be read, or are refused."""
    import shlex

    path, template = case
    check(cluster, template.format(p=shlex.quote(path)))
