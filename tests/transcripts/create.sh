# kubectl create and expose
kubectl create namespace shop
kubectl create deployment web --image=nginx:1.25 --replicas=2 -n shop
kubectl create deployment web --image=nginx:1.25 -n shop
kubectl expose deployment web --port=80 --target-port=80 -n shop
kubectl create service nodeport db --tcp=3306:3306 -n shop
kubectl create ingress shop --class=nginx --rule="shop.example/*=web:80" -n shop
kubectl get deploy,svc,ing -n shop
kubectl create service clusterip empty
kubectl create foo
