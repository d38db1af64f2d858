# kubectl get events, sorted and aggregated
kubectl create deployment web --image=nginx:1.25 --replicas=2
sim wait 20s
kubectl get events
kubectl get events --sort-by=.lastTimestamp
kubectl get events -n kube-system
