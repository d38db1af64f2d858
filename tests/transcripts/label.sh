# kubectl label and annotate
kubectl create deployment web --image=nginx:1.25
kubectl label deployment web tier=frontend
kubectl label deployment web tier=backend
kubectl label deployment web tier=backend --overwrite
kubectl get deploy --show-labels
kubectl label deployment web tier-
kubectl annotate deployment web owner=team-a
kubectl label node node-1 disk=ssd
kubectl get nodes -l disk=ssd
