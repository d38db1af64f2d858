# what a beginner's tutorial types: version, cluster-info, config, run, port-forward, autoscale
kubectl version
kubectl cluster-info
kubectl config get-contexts
kubectl config current-context
kubectl run web --image=nginx:1.25 --port=80 --dry-run=client -o yaml
kubectl run web --image=nginx:1.25 --port=80
kubectl expose pod web --port=80
kubectl run tmp --rm -it --image=nginx:1.25 --restart=Never -- curl -s -o /dev/null -w '%{http_code}\n' http://web
kubectl get pods
kubectl port-forward pod/web 8080:80
curl -s -o /dev/null -w '%{http_code}\n' http://localhost:8080/
sim port-forward
sim port-forward stop 8080
curl http://localhost:8080/
kubectl create deployment api --image=nginx:1.25 --replicas=1
kubectl autoscale deployment api --min=2 --max=5 --cpu-percent=60
sim wait 40s
kubectl get hpa
kubectl describe hpa api
kubectl create namespace shop
kubectl config set-context --current --namespace=shop
kubectl config view --minify
kubectl get pods
kubectl config set-context --current --namespace=default
kubectl exec web ls
kubectl proxy
