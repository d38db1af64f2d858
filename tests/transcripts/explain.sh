# kubectl explain, api-resources and top
kubectl api-resources
kubectl explain deployment
kubectl explain deployment.spec.replicas
kubectl explain deploy.spec.nope
kubectl top nodes
kubectl top pods -A
