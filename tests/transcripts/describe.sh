# kubectl describe: deployment, replicaset, pod, node, service, namespace
kubectl apply -f manifests/web.yaml
kubectl rollout status deployment/web
kubectl describe deployment web
kubectl describe rs -l app=web
kubectl describe pod -l app=web
kubectl describe node node-1
kubectl describe svc web
kubectl describe ns default
