# kubectl set image and rollout status|history|undo|pause|resume|restart
kubectl create deployment web --image=nginx:1.24 --replicas=4
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:1.25
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl get rs
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout pause deployment/web
kubectl rollout pause deployment/web
kubectl rollout resume deployment/web
kubectl rollout restart deployment/web
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:9.99-does-not-exist
kubectl rollout status deployment/web
kubectl get pods
kubectl set image deployment/web php=php:8
# rollout undo computed on the client, status of a paused Deployment
kubectl rollout undo deployment/web --to-revision=9
kubectl rollout undo deployment/web --dry-run=client
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl rollout undo deployment/web --to-revision=3
kubectl rollout pause deployment/web
kubectl set image deployment/web nginx=nginx:1.24
kubectl rollout status deployment/web
kubectl rollout status deployment/web --timeout=20s
kubectl rollout undo deployment/web
kubectl rollout history deployment/web
kubectl rollout history deployment/web --revision=5
# rollout status of a StatefulSet (StatefulSetStatusViewer: partition 0 counts as a partitioned roll out)
kubectl create namespace db
kubectl apply -n db -f manifests/statefulset/web.yaml
kubectl rollout status -n db statefulset/web
kubectl set image -n db statefulset/web nginx=nginx:1.24
kubectl rollout status -n db statefulset/web
