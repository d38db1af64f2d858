"""Writes edit.sh: each heredoc is the object as `kubectl edit` prints it at that point, with one change.

Run it (`.venv/bin/python tests/transcripts/make_edit_script.py`) whenever the cluster's objects change
(resourceVersions, uids), then regenerate the transcripts.
"""

from sandbox.kubectl.session import Session

s = Session(seed=0)
s.run('kubectl create deployment web --image=nginx:1.25 --replicas=2')
s.run('sim wait 30s')
D = "EOF"
parts = ["""# kubectl edit in a script: a heredoc stands for the file saved in the editor
# (each heredoc below is the object as `kubectl edit` would print it at that point, with one change)
kubectl create deployment web --image=nginx:1.25 --replicas=2
sim wait 30s
kubectl edit deployment web
kubectl edit
kubectl edit deployment nope
"""]
def step(comment, old, new, after=""):
    y = s.run('kubectl get deployment web -o yaml').output
    edited = y.replace(old, new)
    assert edited != y
    s.run('kubectl edit deployment web', stdin=edited)
    parts.append(f"# {comment}\nkubectl edit deployment web <<{D}\n{edited}\n{D}\n"
                 + (after + "\n" if after else ""))
    if after:
        s.run(after)
step("scale to 4 replicas by editing spec.replicas", "replicas: 2\n  revision", "replicas: 4\n  revision",
     "kubectl get deployment web")
step("a value the API server rejects: kubectl would reopen the file with the reason at the top",
     "replicas: 4\n  revision", "replicas: -1\n  revision")
step("a misspelt field: strict field validation rejects the patch", "  replicas: 4\n  revision",
     "  replica: 4\n  revision", "kubectl get deployment web")
open('tests/transcripts/edit.sh','w').write("".join(parts))
