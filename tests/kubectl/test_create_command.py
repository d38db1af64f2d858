"""`kubectl create deployment NAME --image=I -- COMMAND [args...]`: the command becomes the container's.

Upstream: kubectl pkg/cmd/create/create_deployment.go (Complete takes the words after `--` as Command;
buildPodSpec sets it on the single container; Validate refuses it with several images). kubectl 1.32.4
answers `create deployment x --image=a --image=b --dry-run=client -- sleep 1` with the same error.
"""

from tests.builders import fails, run_ok


def test_words_after_the_double_dash_are_the_command(session):
    run_ok(session, "kubectl create deployment client --image=curlimages/curl:8.5.0 -- sleep infinity")
    assert run_ok(session, "kubectl get deploy client -o jsonpath={.spec.template.spec.containers[0].command}") \
        == '["sleep","infinity"]'
    run_ok(session, "sim wait 20s")
    assert "1/1     Running" in run_ok(session, "kubectl get pods -l app=client")


def test_a_command_with_several_images_is_refused(session):
    assert fails(session, "kubectl create deployment x --image=a --image=b -- sleep 1") \
        == "error: cannot specify multiple --image options and command"
