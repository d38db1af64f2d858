# kubectl get: tables, -o wide, -A, selectors, output formats
kubectl get nodes
kubectl get nodes -o wide
kubectl get pods
kubectl get pods -A
kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80
sim wait 10s
kubectl get deploy,rs
kubectl get pods -o wide
kubectl get pods -l app=web --show-labels
kubectl get pods -A --field-selector spec.nodeName=node-1
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.nodeInfo.kubeletVersion}{"\n"}{end}'
kubectl get deploy -o name
kubectl get all
kubectl get svc -n kube-system -o wide
kubectl get ns
