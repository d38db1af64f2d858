"""Parsing, ages, tabwriter, suggestions: the pieces kubectl's output is built from."""

import pytest

from sandbox.kubectl.ages import human_duration
from sandbox.kubectl.errors import CommandError, levenshtein, suggestions
from sandbox.kubectl.parse import parse_flags, tokenize
from sandbox.kubectl.printers.tabwriter import table, tabwrite


@pytest.mark.parametrize("seconds, text", [
    (0, "0s"), (45, "45s"), (119, "119s"), (120, "2m"), (190, "3m10s"), (599, "9m59s"), (600, "10m"),
    (179 * 60, "179m"), (3 * 3600, "3h"), (5 * 3600 + 20 * 60, "5h20m"), (8 * 3600, "8h"), (47 * 3600, "47h"),
    (2 * 86400 + 4 * 3600, "2d4h"), (3 * 86400, "3d"), (30 * 86400, "30d"), (800 * 86400, "2y70d"),
    (9 * 365 * 86400, "9y"), (-1, "0s"), (-5, "<invalid>"),
])
def test_ages_follow_kubectl_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_tabwriter_pads_to_widest_cell_plus_three_with_min_width_six():
    assert table([["NAME", "AGE"], ["a", "5s"], ["longer-name", "10m"]]) == \
        "NAME          AGE\na             5s\nlonger-name   10m"
    assert table([["A", "B", "C"], ["x", "y", "z"]]) == "A     B     C\nx     y     z"


def test_tabwriter_aligns_column_blocks_not_whole_columns():
    text = "Name:\tweb\nPod Template:\n  Labels:\tapp=web\n  Containers:\n    Image:\tnginx\n  Volumes:\t<none>\n"
    assert tabwrite(text) == ("Name:  web\nPod Template:\n  Labels:  app=web\n  Containers:\n"
                              "    Image:  nginx\n  Volumes:  <none>\n")


def test_tokenize_uses_shell_quoting_and_rejects_unbalanced_quotes_and_nul():
    assert tokenize("get pods -l 'app in (a,b)'") == ["get", "pods", "-l", "app in (a,b)"]
    with pytest.raises(CommandError):
        tokenize('get "pods')
    with pytest.raises(CommandError):
        tokenize("get\x00pods")


def test_flags_accept_pflag_forms():
    parsed = parse_flags("kubectl get", ["pods", "-nkube-system", "-owide", "--show-labels", "-l=app=web", "-A"],
                         ("output", "show-labels", "selector", "all-namespaces"))
    assert parsed.args == ["pods"]
    assert parsed["namespace"] == "kube-system" and parsed["output"] == "wide"
    assert parsed["show-labels"] and parsed["all-namespaces"] and parsed["selector"] == "app=web"


def test_double_dash_ends_flags():
    parsed = parse_flags("kubectl exec", ["web", "--", "curl", "-s", "http://x"], ("stdin", "tty"))
    assert parsed.args == ["web"] and parsed.rest == ["curl", "-s", "http://x"]


def test_suggestions_use_levenshtein_two_or_prefix_in_given_order():
    assert levenshtein("gett", "get") == 1
    assert suggestions("gett", ["create", "set", "get", "describe"]) == ["set", "get"]
    assert suggestions("desc", ["describe", "delete"]) == ["describe"]
    assert suggestions("zzzzzz", ["get"]) == []


def test_identical_events_aggregate_with_counts_and_expire_after_an_hour():
    from sandbox.core.audit import AuditLog
    from sandbox.kubectl.printers.describe import Writer, events_section
    from sandbox.kubectl.printers.events import EventIndex, events_for

    log = AuditLog()   # in time order, as the simulation writes it
    for t in (0, 10, 60, 120):
        if t == 10:
            log.append(t, "default-scheduler", "event", "Pod", "default", "old", "assigned", "Normal", "Scheduled")
        else:
            log.append(t, "kubelet/node-1", "event", "Pod", "default", "web", "Back-off restarting failed container",
                       "Warning", "BackOff")
    events = events_for(log, 130.0, "Pod", "default", "web")
    assert [(e.count, e.first, e.last, e.source) for e in events] == [(3, 0, 120, "kubelet")]
    w = Writer()
    events_section(w, events, 130.0)
    assert w.text().splitlines()[-1] == \
        "  Warning  BackOff  10s (x3 over 2m10s)  kubelet  Back-off restarting failed container"
    index = EventIndex().update(log, 3700.0)
    assert [(e.name, e.count) for e in index.in_namespace("default", 3700.0)] == [("web", 1)]
    assert index.update(log, 3721.0).in_namespace(None, 3721.0) == []
