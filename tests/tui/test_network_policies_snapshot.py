"""Lesson 8 (Ingress and egress policies) as a learner sees it: a request the default deny dropped, with the
policy named in the request trace beside the map (docs concepts/services-networking/network-policies: a pod
selected by a policy with policyTypes Ingress and no rules accepts no connection).

A plain `def` test: snap_compare runs its own event loop. Update with
`.venv/bin/python -m pytest tests/tui --snapshot-update -n0` and review the SVG.
"""

from __future__ import annotations

from tests.tui.test_lesson_snapshots import BIG, shows


def test_lesson_8_shows_a_request_denied_by_the_default_deny(snap_compare, make_app):
    async def run_before(pilot):
        await shows(pilot, "step 1 of 6")
        tutor = pilot.app.screen.tutor
        tutor.play(list(tutor.step.solution))
        await pilot.press("n")
        await shows(pilot, "step 2 of 6")
        tutor.play(["kubectl apply -f network-policies/deny-ingress.yaml",
                    "kubectl exec deploy/frontend -- curl -sS http://webserver"])
        await shows(pilot, "✓ frontend → webserver is denied (ingress)", "✗ dropped by networkpolicy",
                    "default-deny-ingress", "curl: (28)")

    assert snap_compare(make_app(start="lesson:network-policies"), terminal_size=BIG, run_before=run_before)
