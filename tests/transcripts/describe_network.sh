# kubectl describe for Services, Endpoints, EndpointSlices, Ingresses, NetworkPolicies, PDBs
kubectl apply -f ../../assets/shop
sim addons enable ingress-nginx
sim wait 1m
kubectl create ingress shop -n shop --rule=shop.example/*=webserver:80 --rule=shop.example/api=frontend:3000
sim wait 5s
kubectl describe service shop -n shop
kubectl describe svc webserver -n shop
kubectl describe endpoints mysql -n shop
kubectl describe ingress shop -n shop
kubectl apply -f network-manifests/netpol-db.yaml
kubectl describe networkpolicy db -n shop
kubectl create deployment web --image=nginx:1.25 --replicas=3
sim wait 30s
kubectl apply -f network-manifests/pdb-web.yaml
sim wait 1s
kubectl describe pdb web
kubectl describe ds kube-proxy -n kube-system
kubectl describe ns shop
