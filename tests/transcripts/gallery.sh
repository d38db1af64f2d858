# what the sandbox knows: its starter manifests and its image catalogue
sim examples
sim examples service
sim examples nope
sim images
kubectl create deployment echo --image=hashicorp/http-echo:1.0 -- /http-echo -text=hello
kubectl create deployment db --image=postgres:16
kubectl create deployment gone --image=redis:6.0
sim wait 30s
kubectl get pods
kubectl logs deploy/echo
kubectl logs deploy/db
