# kubectl logs: start-up lines, then one access-log line per request the pod answered
kubectl apply -f ../../assets/shop
sim wait 1m
curl -s -o /dev/null -w '%{http_code}\n' http://172.18.0.3:31080/
curl -s -o /dev/null -w '%{http_code}\n' http://172.18.0.3:31080/api/products
kubectl logs -n shop deploy/loadbalancer
kubectl logs -n shop deploy/frontend --tail 1
kubectl logs -n shop deploy/mysql --tail 2
kubectl logs -n kube-system deploy/coredns --tail 4
# the new release (nginx 1.25) fails some requests: its log names the directive
kubectl apply -f network-manifests/webserver-v2-nodeport.yaml
sim wait 2s
curl -s -o /dev/null -w '%{http_code}\n' http://172.18.0.3:30080/
curl -s -o /dev/null -w '%{http_code}\n' http://172.18.0.3:30080/
curl -s -o /dev/null -w '%{http_code}\n' http://172.18.0.3:30080/
kubectl logs -n shop deploy/webserver-v2 --tail 6
kubectl logs -n shop deploy/webserver-v2 -f --tail 1
kubectl logs -n shop deploy/webserver-v2 -c sidecar
kubectl logs -n shop deploy/webserver-v2 --previous
kubectl logs -n shop -l app=webserver --tail 1
# a container that crashed: --previous reads the run before the restart
kubectl create deployment crashy --image=ghcr.io/kubesandbox/crashy:1.0
sim wait 20s
kubectl get pods -l app=crashy
kubectl logs deploy/crashy
kubectl logs deploy/crashy --previous
kubectl logs
