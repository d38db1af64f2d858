# -o yaml and -o json, with the fields a real API server fills in
kubectl create deployment web --image=nginx:1.25
kubectl get deploy web -o yaml
kubectl get svc kubernetes -o json
kubectl create deployment api --image=nginx:1.25 --replicas=2 --dry-run=client -o yaml
