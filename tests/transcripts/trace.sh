# where a request goes, hop by hop, and the NetworkPolicy that drops it
sim trace
kubectl create deployment web --image=nginx:1.25 --replicas=2
kubectl expose deployment web --port 80
kubectl create deployment client --image=curlimages/curl:8.11.1 -- sleep 3600
sim wait 20s
kubectl exec deploy/client -- curl -s http://web
sim trace
sim examples deny-ingress
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
spec:
  podSelector: {}
  policyTypes:
    - Ingress
EOF
kubectl exec deploy/client -- curl -s http://web
sim trace
kubectl exec deploy/client -- curl http://web
curl http://172.18.0.2/
sim trace
