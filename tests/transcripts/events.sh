# kubectl get events, sorted and aggregated
kubectl create deployment web --image=nginx:1.25 --replicas=2
sim wait 20s
kubectl get events
kubectl get events --sort-by=.lastTimestamp
kubectl get events -n kube-system
kubectl get events --field-selector involvedObject.kind=Deployment
kubectl get events --field-selector type=Warning
kubectl get events --field-selector reason=Scheduled -o wide
kubectl get events --field-selector color=blue
kubectl events --for deployment/web
kubectl events --types=Normal --for replicaset/web-68bf9f694d
kubectl events --types=Error
kubectl get events --for pod/web
