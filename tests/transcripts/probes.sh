# Probes: readiness keeps a pod out of its Service, liveness restarts a container (k/k pkg/kubelet/prober)
kubectl apply -f probe-manifests/probes.yaml
kubectl expose pod web --port=80
sim wait 30s
kubectl get pods
kubectl get endpoints web
kubectl describe pod web
sim wait 2m
kubectl get pods
kubectl describe pod sickly
kubectl describe pod liveness-exec
kubectl get pod web -o jsonpath='{.spec.containers[0].readinessProbe}'
