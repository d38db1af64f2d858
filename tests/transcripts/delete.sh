# kubectl delete: by name, TYPE/NAME, selector, file; graceful pod deletion waits
kubectl apply -f manifests/web.yaml
sim wait 10s
kubectl get pods
kubectl delete pod/web-7f766cbb7b-fwtb2
kubectl get pods
kubectl delete svc web
kubectl delete -f manifests/web.yaml
kubectl delete deploy -l app=web
kubectl delete ns default
kubectl delete pods
