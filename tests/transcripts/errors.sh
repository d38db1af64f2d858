# kubectl's error wording
kubectl gett pods
kubectl describ deploy
kubectl get flurbs
kubectl get pods --foo
kubectl get pods -z
kubectl get pods -n
kubectl get deployment web
kubectl get pods pod/web
kubectl get
kubectl scale deployment web
kubectl scale deployment web --replicas=abc
kubectl get pods -o toml
kubectl rollout sideways deploy/web
kubectl get pods -l 'app in (web'
kubectl get "pods
