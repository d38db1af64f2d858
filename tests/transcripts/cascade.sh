# kubectl delete --cascade: orphans keep running and are adopted; foreground deletion waits for dependents
kubectl create deployment web --image=nginx:1.25 --replicas=2
kubectl rollout status deployment/web
kubectl delete deployment web --cascade=orphan
kubectl get deployments,replicasets,pods
kubectl delete replicaset -l app=web --cascade=false
kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.ownerReferences}'
kubectl get pods
kubectl create deployment web --image=nginx:1.25 --replicas=2
sim wait 2s
kubectl get deployments,replicasets,pods
kubectl delete deployment web --cascade=foreground --wait=false
kubectl get deployment web -o yaml
kubectl get replicasets,pods
sim wait 5s
kubectl get deployments,replicasets,pods
kubectl delete deployment web --cascade=sometimes
kubectl delete deployment web --cascade=true
