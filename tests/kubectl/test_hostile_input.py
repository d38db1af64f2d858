"""Lines that used to crash or hang the command layer (issue 13), each with the clear error it gets now.

Every test runs under a harness time limit (pytest-timeout): a hang fails the test instead of the
suite. Messages follow kubectl 1.32.4 where kubectl has one (checked with the installed client:
`kubectl create deployment x --image=nginx --replicas=<5,000 nines> --dry-run=client` prints
pflag's `strconv.ParseInt: parsing "...": value out of range`; `kubectl apply -f <300 a's>` prints
`error: the path "..." does not exist`).
"""

from __future__ import annotations

import pytest

from sandbox.kubectl import Session
from tests.builders import fails, run_ok

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def session(tmp_path) -> Session:
    session = Session(seed=0)
    session.cwd = tmp_path
    return session


def unchanged(session: Session, line: str) -> str:
    """The line fails cleanly and leaves the cluster as it was."""
    before = (session.sim.resource_version, len(session.sim.audit))
    out = fails(session, line)
    assert "internal error" not in out and "Traceback" not in out
    assert (session.sim.resource_version, len(session.sim.audit)) == before
    return out


def test_integer_flags_with_thousands_of_digits(session):
    nines = "9" * 5000
    out = unchanged(session, f"kubectl scale deployment coredns -n kube-system --replicas={nines}")
    assert out == (f'Error: invalid argument "{nines}" for "--replicas" flag: strconv.ParseInt: parsing "{nines}": '
                   "value out of range\nSee 'kubectl scale --help' for usage.")
    run_ok(session, f"kubectl scale deployment coredns -n kube-system --replicas={'0' * 5000}3")
    assert session.sim.get("Deployment", "kube-system", "coredns").spec["replicas"] == 3


def test_a_billion_replicas_are_refused_by_the_pod_limit(session):
    out = unchanged(session, "kubectl create deployment big --image=nginx --replicas=1000000000")
    assert out == ('error: failed to create deployment: deployments.apps "big" is forbidden: exceeded quota: '
                   "sandbox-pod-limit, requested: pods=1000000000, used: pods=10, limited: pods=200000")


@pytest.mark.parametrize("patch", ["[" * 5000 + "]" * 5000, "'" + '{"a":' * 3000 + "1" + "}" * 3000 + "'"],
                         ids=["lists", "objects"])
def test_deeply_nested_patch_json(session, patch):
    out = unchanged(session, f"kubectl patch deployment coredns -n kube-system -p {patch}")
    assert out.startswith('error: unable to parse "') and out.endswith('": the patch is nested too deeply')


def test_json_patch_with_a_non_ascii_digit_in_its_path(session):
    out = unchanged(session, "kubectl patch deployment coredns -n kube-system --type json "
                             "-p '[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/²\",\"value\":{}}]'")
    assert "add operation does not apply" in out


def test_a_thousand_nested_jsonpath_ranges(session):
    """The JSONPath port refuses deep nesting itself (MAX_RANGE_DEPTH, tests/kubectl/test_jsonpath.py);
    a 5,000-digit index is Go's Atoi range error, not Python's 4,300-digit int() limit."""
    ranges = "{range .items[*]}" * 1000 + "{end}" * 1000
    out = unchanged(session, f"kubectl get pods -A -o jsonpath='{ranges}'")
    assert "more than 100 nested range blocks" in out
    digits = "9" * 5000
    out = unchanged(session, f"kubectl get pods -A -o jsonpath='{{.items[{digits}]}}'")
    assert out == (f"error: error parsing jsonpath {{.items[{digits}]}}, strconv.Atoi: parsing \"{digits}\": "
                   "value out of range")


@pytest.mark.parametrize("url,message", [
    ("http://10.96.0.1:99999999/", "curl: (3) URL rejected: Malformed input to a URL function"),
    ("http://[::1/", "curl: (3) URL rejected: Malformed input to a URL function"),
    ("http://x:abc/", "curl: (3) URL rejected: Malformed input to a URL function"),
    ("http://:80/", "curl: (3) URL rejected: No host part in the URL"),
])
def test_curl_verbose_with_a_bad_port_or_url(session, url, message):
    result = session.run(f"curl -v {url}")
    assert (result.exit_code, result.output) == (3, message)


def test_expose_with_a_superscript_port(session):
    out = unchanged(session, "kubectl expose deployment coredns -n kube-system --port=²")
    assert out == 'error: invalid argument "²" for "--port" flag: must be a port number between 1 and 65535'


@pytest.mark.parametrize("line", [
    "sim traffic start http://x --duration " + "9" * 400 + "s",
    "sim wait " + "9" * 400,
    "sim wait " + "9" * 400 + ".5h",
])
def test_durations_with_hundreds_of_digits(session, line):
    out = unchanged(session, line)
    assert out.startswith('error: time: invalid duration "') and "9" * 400 in out


def test_apply_of_an_over_long_file_name(session):
    name = "a" * 300
    assert unchanged(session, f"kubectl apply -f {name}") == f'error: the path "{name}" does not exist'
    deep = "/".join(["a" * 200] * 30)
    assert unchanged(session, f"kubectl apply -f {deep}") == f'error: the path "{deep}" does not exist'


def test_apply_recursive_on_the_filesystem_root_is_refused(session):
    out = unchanged(session, "kubectl apply -R -f /")
    assert out == ('error: the sandbox will not read the whole file system ("/"); '
                   "point -f at a folder of manifests")


def test_apply_recursive_stops_at_a_bound_on_files(session, tmp_path):
    from sandbox.kubectl import manifests

    for i in range(manifests.MAX_FILES + 1):
        (tmp_path / f"cm-{i}.yaml").write_text(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n")
    out = unchanged(session, f"kubectl apply -R -f {tmp_path}")
    assert out == (f'error: "{tmp_path}" holds more than {manifests.MAX_FILES} manifest files, or folders nested '
                   f"deeper than {manifests.MAX_FOLDER_DEPTH}: point -f at a smaller folder")


def test_apply_recursive_does_not_follow_a_folder_that_links_to_itself(session, tmp_path):
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert run_ok(session, f"kubectl apply -R -f {tmp_path}") == "configmap/one created"


def test_an_unknown_command_word_of_60000_characters(session):
    word = "x" * 60_000
    out = unchanged(session, f"kubectl {word}")
    assert out == f'Error: unknown command "{word}" for "kubectl"'


def test_a_word_close_to_a_command_is_still_suggested(session):
    out = unchanged(session, "kubectl gett")
    assert out.endswith("Did you mean this?\n\tset\n\tget\n")  # kubectl 1.32.4 prints this order


@pytest.mark.parametrize("target,problem", [
    ("/", 'the sandbox will not write into the file system root ("/"); name a folder'),
    ("/etc/passwd", '"/etc/passwd" is a file, not a folder; name a folder to write the manifests into'),
    ("/proc/x", 'cannot create the folder "/proc/x": No such file or directory'),
    ("a" * 300, f'cannot create the folder "{"a" * 300}": File name too long'),
])
def test_sim_export_onto_a_file_or_an_impossible_path(session, target, problem):
    run_ok(session, "kubectl create deployment web --image=nginx")
    assert unchanged(session, f"sim export {target}") == f"error: sim export: {problem}"


def test_drain_of_a_failed_node_stops_waiting_for_pods_that_never_go(session):
    """Found by the TUI monkey: pods evicted from an unreachable node stay Terminating, and drain (whose
    --timeout defaults to none, as kubectl's) polled for them for ever, freezing the app."""
    run_ok(session, "kubectl create deployment web --image=nginx --replicas=6")
    run_ok(session, "sim wait 30s")
    run_ok(session, "sim node fail node-2")
    run_ok(session, "sim wait 10m")
    start = session.sim.now
    out = fails(session, "kubectl drain node-2 --ignore-daemonsets --force")
    assert out.endswith("(the sandbox stops waiting here: node-2's machine is down, so nothing will confirm that "
                        "its evicted pods stopped; kubectl would wait until --timeout passes or you press Ctrl-C, "
                        "and node/node-2 stays cordoned)")
    assert session.sim.now - start < 3600  # it returned, well inside the sandbox's retry cap
