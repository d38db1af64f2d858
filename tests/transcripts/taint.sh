# kubectl taint: NoSchedule, PreferNoSchedule and NoExecute; removing taints; kubectl's errors
kubectl create deployment web --image=nginx:1.25 --replicas=3
kubectl rollout status deployment/web
kubectl taint nodes node-1 dedicated=db:NoSchedule
kubectl taint nodes node-1 dedicated=web:NoSchedule
kubectl taint nodes node-1 dedicated=web:NoSchedule --overwrite
kubectl get node node-1 -o jsonpath='{.spec.taints}'
kubectl scale deployment web --replicas=6
kubectl rollout status deployment/web
kubectl get pods -o wide
kubectl taint nodes node-2 maintenance:NoExecute
sim wait 10s
kubectl get pods -o wide
kubectl taint nodes node-2 maintenance-
kubectl taint nodes node-3 spot:PreferNoSchedule gpu=a100:NoSchedule
kubectl describe node node-3
kubectl taint nodes node-1 dedicated:NoSchedule-
kubectl taint nodes node-1 dedicated-
kubectl taint nodes --all spot:PreferNoSchedule-
kubectl taint node -l kubernetes.io/hostname=node-3 gpu-
kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.spec.taints}{"\n"}{end}'
kubectl taint nodes node-1
kubectl taint nodes node-1 dedicated=db
kubectl taint nodes node-1 dedicated=db:Sometimes
kubectl taint nodes node-1 a=b:NoSchedule a=c:NoSchedule
kubectl taint nodes node-1 a=b:NoSchedule a-
kubectl taint nodes node-1 a=b:NoSchedule extra
kubectl taint pods web a=b:NoSchedule
kubectl taint nodes node-9 a=b:NoSchedule
kubectl taint nodes a=b:NoSchedule
kubectl taint nodes --all -l kubernetes.io/os=linux a=b:NoSchedule
