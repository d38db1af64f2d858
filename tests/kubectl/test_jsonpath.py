"""kubectl's JSONPath (k8s.io/client-go/util/jsonpath, ported in sandbox/kubectl/printers/jsonpath.py).

Every expected output below was printed by the kubectl 1.32.4 client for the same object
(`kubectl create deployment x --image=nginx --image=busybox:1.36 --port=80 --replicas=3
--dry-run=client -o jsonpath=…`); the object is that command's `-o json`.
"""

import pytest

from sandbox.kubectl.printers import jsonpath
from sandbox.kubectl.printers.jsonpath import execute
from sandbox.kubectl.printers.jsonpath_parser import MAX_RANGE_DEPTH, JSONPathError, Parser

DEPLOYMENT = {
    "kind": "Deployment", "apiVersion": "apps/v1",
    "metadata": {"name": "x", "creationTimestamp": None, "labels": {"app": "x"}},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "x"}},
             "template": {"metadata": {"creationTimestamp": None, "labels": {"app": "x"}},
                          "spec": {"containers": [
                              {"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}], "resources": {}},
                              {"name": "busybox", "image": "busybox:1.36", "resources": {}}]}},
             "strategy": {}},
    "status": {},
}

KUBECTL_SAYS = [
    ("{.spec.template.spec.containers[*].image}", "nginx busybox:1.36"),
    ("{.spec.template.spec.containers[-1:].name}", "busybox"),
    ("{.spec.template.spec.containers[0:1].name}", "nginx"),
    ("{.spec.template.spec.containers[::2].name}", "nginx"),
    ("{.spec.template.spec.containers[1:1].name}x", "x"),
    ("{.spec.template.spec.containers[0,1].name}", "nginx busybox"),
    ("{..image}", "nginx busybox:1.36"),
    ('{.spec.template.spec.containers[?(@.name=="busybox")].image}', "busybox:1.36"),
    ("{.spec.template.spec.containers[?(@.ports)].name}", "nginx"),
    ('{range .spec.template.spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}',
     "nginx\tnginx\nbusybox\tbusybox:1.36\n"),
    ('{range .spec.template.spec.containers[*]}{.name}{"|"}', "nginx|busybox||"),
    ("{.metadata.labels['app']}", "x"),
    ("{.metadata.creationTimestamp}|{.status}|{true}|{1.5}", "null|{}|true|1.5"),
    ("{.metadata.name.*}", "120"),
    ("{.spec.template.spec.containers[0]}",
     '{"image":"nginx","name":"nginx","ports":[{"containerPort":80}],"resources":{}}'),
]


@pytest.mark.parametrize(("template", "expected"), KUBECTL_SAYS)
def test_templates_print_what_kubectl_prints(template, expected):
    """Filters, recursive descent, slices, unions, range without end, literals: client-go jsonpath.go."""
    assert execute(template, DEPLOYMENT) == expected


@pytest.mark.parametrize(("template", "message"), [
    ("{.a", "unclosed action"),
    ("{.a[x]}", "invalid array index x"),
    ("{#}", "unrecognized character in action: U+0023 '#'"),
])
def test_parse_errors_word_like_kubectl(template, message):
    """parser.go errors, reported as `error parsing jsonpath TEMPLATE, ERROR` (cli-runtime jsonpath_flags.go)."""
    with pytest.raises(JSONPathError) as err:
        Parser.parse(template)
    assert jsonpath.parse_error(template, err.value) == f"error parsing jsonpath {template}, {message}"


@pytest.mark.parametrize(("template", "message"), [
    ("{.spec.template.spec.containers[5].name}", "array index out of bounds: index 5, length 2"),
    ("{.spec.replicas[0]}", "int64 is not array or slice"),
    ("{end}", "not in range, nothing to end"),
    ("{.spec.template.spec.containers[0:2:0].name}", "step must be > 0"),
    ("{.spec.template.spec.containers[?(@.name==1)].name}", "incompatible types for comparison"),
])
def test_execution_errors_word_like_kubectl(template, message):
    """jsonpath.go errors; the API's whole numbers are int64 (kubectl's dry-run shows float64 instead)."""
    with pytest.raises(JSONPathError) as err:
        execute(template, DEPLOYMENT)
    assert str(err.value) == message
    report = jsonpath.execute_error(template, DEPLOYMENT, err.value)
    assert report.startswith(f'error executing jsonpath "{template}": Error executing template: {message}. '
                             "Printing more information for debugging the template:\n\ttemplate was:\n\t\t")
    assert '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"apiVersion":"apps/v1", ' in report
    assert '"creationTimestamp":interface {}(nil)' in report and report.endswith("}\n\n")


def test_a_filter_compares_the_apis_whole_numbers_with_an_int():
    """template.Equal: int64 and int compare; `get` hands jsonpath int64 for whole numbers."""
    assert execute("{.spec.template.spec.containers[?(@.ports[0].containerPort==80)].name}", DEPLOYMENT) == "nginx"
    assert execute("{.spec.template.spec.containers[?(@.ports[0].containerPort>79)].name}", DEPLOYMENT) == "nginx"


def test_a_thousand_nested_ranges_are_an_error_not_a_recursion_error():
    """The parser runs without recursion on the template's length; nesting is capped (MAX_RANGE_DEPTH)."""
    template = "{range .a[*]}" * 1000 + "x" + "{end}" * 1000
    with pytest.raises(JSONPathError, match=f"more than {MAX_RANGE_DEPTH} nested range blocks"):
        execute(template, {"a": [1]})
    assert execute("{.a}" * 20_000, {"a": "b"}) == "b" * 20_000
    assert execute("{" + ".a" * 20_000 + "}", {"a": "b"}) == ""


def test_recursive_descent_is_pre_order_and_bounded_by_the_data():
    """evalRecursive lists every value that has children (strings included), parents before children."""
    deep: dict = {"v": 1}
    for _ in range(3000):
        deep = {"a": deep}
    assert execute("{..v}", deep) == "1"
