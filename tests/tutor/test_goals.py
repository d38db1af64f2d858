"""Goals the tutor evaluates as time passes (sandbox/tutor/tutor.py): checks that change without an API write."""

from __future__ import annotations

from sandbox.tutor.catalog import find
from sandbox.tutor.proof import prove
from sandbox.tutor.start import open_lesson


def traffic_lesson(loaded):
    step = {"title": "Serve", "text": "Send traffic.",
            "goal": {"traffic": {"min_success": 1.0, "min_requests": 10, "finished": True}},
            "solution": ["sim traffic start http://172.18.0.3:30950/ --rate 1 --duration 10s", {"wait": "15s"}],
            "anti_solutions": [["sim traffic start http://172.18.0.3:30950/ --rate 1 --duration 10s",
                                {"wait": "5s"}]]}
    cluster = {"nodes": 2, "seed": 4, "settle": "20s",
               "setup": ["kubectl create deployment web --image=nginx:1.24",
                         "kubectl create service nodeport web --tcp=80:80 --node-port=30950"]}
    return loaded(cluster=cluster, steps=[step])


def test_a_traffic_goal_is_met_when_the_stream_ends_with_no_api_write_since(loaded):
    """A stream counts requests without writing to the API: the goal must still be looked at again."""
    lesson = traffic_lesson(loaded)
    _, tutor = open_lesson(lesson)
    tutor.play(list(lesson.lesson.steps[0].solution))
    assert tutor.done, tutor.checklist
    assert tutor.checklist[0].seen == "stream 1: 10 of 10 requests succeeded (100%)"


def test_the_proof_sees_a_finished_stream(loaded):
    proof = prove(traffic_lesson(loaded))
    assert proof.ok, proof.problems


def test_listing_every_replicaset_counts_as_looking_at_web():
    """A learner who types `kubectl get rs` sees web's DESIRED, CURRENT and READY as `get rs web` shows them."""
    lesson = find("replicasets")
    assert lesson is not None
    session, tutor = open_lesson(lesson)
    session.run("kubectl get rs")
    assert [line.ok for line in tutor.checklist] == [True, False]
