# kubectl drain: evictions in simulated time, a PodDisruptionBudget's refusals, --timeout
kubectl create deployment web --image=nginx:1.25 --replicas=4
kubectl rollout status deployment/web
kubectl apply -f - <<YAML
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 3
  selector:
    matchLabels:
      app: web
YAML
kubectl drain node-1 --ignore-daemonsets --dry-run=client
kubectl drain node-1 --ignore-daemonsets
kubectl get pods -o wide
kubectl uncordon node-1
kubectl scale deployment web --replicas=3
kubectl rollout status deployment/web
kubectl drain node-2 --ignore-daemonsets --timeout=11s
kubectl drain node-2 --ignore-daemonsets
kubectl uncordon node-2
kubectl delete pdb web
kubectl run bare --image=nginx:1.25
sim wait 10s
kubectl get pod bare -o wide
kubectl drain node-2 --ignore-daemonsets
kubectl drain node-2 --ignore-daemonsets --force
kubectl get pods -o wide
