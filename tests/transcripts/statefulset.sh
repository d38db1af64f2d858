# StatefulSets: stable names, made one at a time in order, removed in reverse.
kubectl apply -f manifests/statefulset/web.yaml
kubectl get pods
sim wait 3s
kubectl get pods
sim wait 15s
kubectl get statefulsets
kubectl get sts -o wide
kubectl get pods -o wide
kubectl apply -f manifests/statefulset/client.yaml
sim wait 5s
kubectl exec client -- curl -s http://web-1.web.default.svc.cluster.local -o /dev/null -w "%{http_code}\n"
kubectl exec client -- curl -s http://web-7.web -o /dev/null -w "%{http_code}\n"
kubectl get endpointslices -l kubernetes.io/service-name=web -o jsonpath='{range .items[0].endpoints[*]}{.hostname}={.addresses[0]}{"\n"}{end}'
kubectl delete pod web-1
sim wait 10s
kubectl get pods
kubectl scale sts web --replicas=1
kubectl get pods
sim wait 10s
kubectl get pods
kubectl describe sts web
kubectl scale sts web --replicas=3
sim wait 20s
kubectl set image sts/web nginx=nginx:1.27
sim wait 30s
kubectl get pods -l app=web -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image} {.metadata.labels.controller-revision-hash}{"\n"}{end}'
kubectl get sts web -o yaml
