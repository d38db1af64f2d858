"""`kubectl get -o custom-columns|custom-columns-file|name|jsonpath`, and `--sort-by` on every get.

The expected outputs were printed by kubectl 1.32.4 against an API server serving this very
cluster's pods (kubectl pkg/cmd/get: customcolumn.go, sorter.go; Go's sort.Sort ordering of ties).
"""

import pytest

from sandbox.kubectl import Session
from sandbox.kubectl.printers.gosort import go_sort
from sandbox.kubectl.printers.sorting import quantity
from tests.builders import fails, run_ok


@pytest.fixture(scope="module")
def busy() -> Session:
    session = Session(seed=0)
    for line in ["kubectl create deployment web --image=nginx:1.25 --replicas=12",
                 "kubectl create deployment api --image=node:20 --port=8080 --replicas=9", "sim wait 5s",
                 "kubectl create deployment db --image=mysql:8.0 --replicas=7", "sim wait 30s"]:
        assert session.run(line).ok
    return session


KUBECTL_BY_CREATION = (
    "web-68bf9f694d-qhxb5 web-68bf9f694d-vlpzb api-855cd7759f-f967k api-855cd7759f-gt45s api-855cd7759f-jtfr2 "
    "api-855cd7759f-mtd9w api-855cd7759f-ss7xf api-855cd7759f-tvvx9 api-855cd7759f-w2cj7 web-68bf9f694d-wmpp2 "
    "web-68bf9f694d-tx7wf web-68bf9f694d-t8w5h web-68bf9f694d-wvx8h api-855cd7759f-clbsh web-68bf9f694d-clqmq "
    "web-68bf9f694d-s2485 web-68bf9f694d-5qrn9 web-68bf9f694d-clb9c api-855cd7759f-4fpmh web-68bf9f694d-fwtb2 "
    "web-68bf9f694d-mdfr4 db-58f4cdf58-rmk98 db-58f4cdf58-xjmbj db-58f4cdf58-ftngf db-58f4cdf58-55dls "
    "db-58f4cdf58-mr94z db-58f4cdf58-442sm db-58f4cdf58-l7gqb").split()


def test_sort_by_leaves_ties_where_kubectls_unstable_sort_puts_them(busy):
    """sort.Sort (pdqsort) over RuntimeSort.Less: 28 pods created in three instants, in kubectl's order."""
    out = run_ok(busy, "kubectl get pods -o name --sort-by=.metadata.creationTimestamp")
    assert out.split() == [f"pod/{name}" for name in KUBECTL_BY_CREATION]


def test_custom_columns_print_go_values_and_none(busy):
    """customcolumn.go: values joined by commas, <none> when missing, maps as fmt.Sprint prints them."""
    out = run_ok(busy, "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,"
                       "PORTS:.spec.containers[*].ports[*].containerPort,LABELS:.metadata.labels "
                       "--sort-by=.spec.nodeName")
    assert out.splitlines()[:4] == [
        "NAME                   NODE     PORTS    LABELS",
        "db-58f4cdf58-55dls     node-1   <none>   map[app:db pod-template-hash:58f4cdf58]",
        "web-68bf9f694d-vlpzb   node-1   <none>   map[app:web pod-template-hash:68bf9f694d]",
        "web-68bf9f694d-tx7wf   node-1   <none>   map[app:web pod-template-hash:68bf9f694d]",
    ]
    assert "api-855cd7759f-gt45s   node-1   8080     map[app:api pod-template-hash:855cd7759f]" in out.splitlines()


def test_custom_columns_file_and_its_errors(session, tmp_path):
    """NewCustomColumnsPrinterFromTemplate: a line of headers, a line of paths, whitespace between."""
    session.cwd = tmp_path
    (tmp_path / "cols.txt").write_text("NAME   ROLES\n.metadata.name  {.metadata.labels.node-role\\.kubernetes\\.io/"
                                       "control-plane}\n")
    out = run_ok(session, "kubectl get nodes -o custom-columns-file=cols.txt")
    assert out.splitlines()[:3] == ["NAME            ROLES", "control-plane   ", "node-1          <none>"]
    (tmp_path / "bad.txt").write_text("A B\n.x\n")
    assert fails(session, "kubectl get nodes -o custom-columns-file=bad.txt") == \
        "error: number of headers (2) and field specifications (1) don't match"
    assert fails(session, "kubectl get nodes -o custom-columns-file=nope.txt") == \
        "error: error reading template nope.txt, open nope.txt: no such file or directory"


@pytest.mark.parametrize(("fmt", "message"), [
    ("custom-columns=", "error: custom-columns format specified but no custom columns given"),
    ("custom-columns=NAME", "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"),
    ("custom-columns=A:{{.a}}", "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                                "'{name1.name2}' or '{.name1.name2}'"),
    ("jsonpath", "error: template format specified but no template given"),
    ("jsonpath={.a", "error: error parsing jsonpath {.a, unclosed action"),
])
def test_bad_output_formats_fail_like_kubectl(session, fmt, message):
    """Checked against kubectl 1.32.4."""
    assert fails(session, f"kubectl get nodes -o '{fmt}'") == message


def test_a_custom_column_that_fails_prints_the_header_then_the_error(session):
    """customcolumn.go prints the headers before it parses or runs the paths."""
    assert fails(session, "kubectl get nodes -o custom-columns=A:.metadata.name[0]") == \
        "A\nerror: string is not array or slice"


def test_sort_by_works_on_tables_and_reports_missing_fields(session):
    """TableSorter and SortObjects: every kind sorts; a field no object has is an error."""
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=3")
    by_ip = run_ok(session, "kubectl get pods -A -o wide --sort-by=.status.podIP --no-headers").splitlines()
    ips = [line.split()[6] for line in by_ip]
    assert ips == sorted(ips) and ips[0].startswith("10.244.") and ips[-1].startswith("172.18.")  # as strings
    assert fails(session, "kubectl get nodes --sort-by=.nope") == \
        'error: couldn\'t find any field with path "{.nope}" in the list of objects'
    assert fails(session, "kubectl get nodes -o name --sort-by=.metadata.labels") == (
        "error: Field {.metadata.labels} in *unstructured.Unstructured is an unsortable type: interface, "
        "err: unsortable type: map[string]interface {}")


def test_quantities_sort_as_quantities():
    """isLess: two strings that parse as resource.Quantity compare by value."""
    assert quantity("250m") < quantity("1") < quantity("1500m") < quantity("2Ki")
    assert quantity("web-1") is None and quantity("1e3") == quantity("1k")
    items = ["1", "250m", "2", "500m"]
    go_sort(items, lambda a, b: quantity(a) < quantity(b))
    assert items == ["250m", "500m", "1", "2"]


def test_jsonpath_as_json_and_single_objects(session):
    """-o jsonpath-as-json: each result list as indented JSON; a named object is printed as itself."""
    out = run_ok(session, "kubectl get node node-1 -o jsonpath-as-json={.metadata.name}")
    assert out == '[\n    "node-1"\n]'  # kubectl's closing newline is the one the terminal ends output with
    assert run_ok(session, "kubectl get node node-1 -o jsonpath='{.kind}'") == "Node"
    assert run_ok(session, "kubectl get nodes -o jsonpath='{.kind}'") == "List"


def test_a_templates_closing_newline_is_the_terminals(session):
    """kubectl prints a jsonpath template's text as is (client-go util/jsonpath); the sandbox's terminal ends
    every output with a newline, so one closing {"\\n"} is that newline and a second one shows as a blank line."""
    assert run_ok(session, """kubectl get node node-1 -o jsonpath='{.metadata.name}{"\\n"}'""") == "node-1"
    assert run_ok(session, """kubectl get node node-1 -o jsonpath='{.metadata.name}{"\\n\\n"}'""") == "node-1\n"
    assert run_ok(session, "kubectl get node node-1 -o jsonpath='{.metadata.name}'") == "node-1"
