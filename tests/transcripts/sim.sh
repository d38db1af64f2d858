# the sandbox's own verbs
sim wait 90s
sim speed 10
sim pause
sim resume
sim node add node-4
kubectl get nodes
sim node remove node-4
kubectl get nodes
sim reset
kubectl get nodes
sim wait soon
sim frobnicate
