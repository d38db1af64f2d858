# kubectl scale
kubectl create deployment web --image=nginx:1.25
kubectl scale deployment web --replicas=4
kubectl rollout status deployment/web
kubectl get deploy web
kubectl scale deploy/web --replicas=1
sim wait 40s
kubectl get pods
kubectl scale deployment web --replicas=-1
kubectl scale deployment nope --replicas=2
