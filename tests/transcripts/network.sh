# curl from outside and from inside a pod, and add-ons
kubectl apply -f manifests/web.yaml
kubectl rollout status deployment/web
kubectl get endpoints web
kubectl exec web-7f766cbb7b-fwtb2 -- curl -s http://web
kubectl exec no-such-pod -- curl http://web
curl http://web
sim addons list
sim addons enable ingress-nginx
sim wait 1m
kubectl get pods -n ingress-nginx
