# cordon, drain, uncordon, and a node failure
kubectl create deployment web --image=nginx:1.25 --replicas=3
kubectl rollout status deployment/web
kubectl cordon node-1
kubectl get nodes
kubectl drain node-1
kubectl drain node-1 --ignore-daemonsets
kubectl get pods -o wide
kubectl uncordon node-1
sim node fail node-2
sim wait 1m
kubectl get nodes
sim wait 5m
kubectl get pods -o wide
sim node recover node-2
sim wait 30s
kubectl get nodes
