# ConfigMaps and Secrets: the ones every cluster has, and making your own.
kubectl get configmaps -A
kubectl describe configmap kube-root-ca.crt
kubectl create configmap game-config --from-file=files/game.properties --from-literal=difficulty=hard
kubectl create configmap ui-config --from-env-file=files/ui.env
kubectl get cm
kubectl get cm ui-config -o yaml
kubectl describe cm game-config
kubectl create configmap bad --from-literal=noequals
kubectl create configmap bad --from-literal=a=1 --from-literal=a=2
kubectl create configmap bad --from-env-file=files/ui.env --from-literal=a=1
kubectl create configmap game-config --from-literal=a=1
kubectl create secret generic db-pass --from-literal=username=admin --from-literal=password='s3cr3t!'
kubectl create secret generic tls-ish --from-file=key=files/game.properties --type=example.com/custom
kubectl get secrets
kubectl get secret db-pass -o yaml
kubectl describe secret db-pass
kubectl create secret generic db-pass --from-literal=x=y
kubectl create secret generic --from-literal=x=y
kubectl create secret generic bad --from-literal='bad key=1'
kubectl create secret
kubectl create secret opaque nope
kubectl create secret generic demo --from-literal=token=abc --dry-run=client -o yaml
kubectl create configmap demo --from-literal=mode=prod --dry-run=client -o yaml
kubectl delete configmap kube-root-ca.crt
kubectl get configmap kube-root-ca.crt
