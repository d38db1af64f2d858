# -o jsonpath (filters, .., slices, range), custom-columns and --sort-by, worded as kubectl 1.32.4
kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80
kubectl rollout status deployment/web
kubectl get nodes -o jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}{"\n"}'
kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}'
kubectl get pods -o jsonpath='{..containerPort}{"\n"}'
kubectl get pods -o jsonpath='{.items[-1:].metadata.name}{"\n"}{.items[0:2].metadata.name}{"\n"}'
kubectl get deploy web -o jsonpath="{.metadata.labels['app']}{'\n'}"
kubectl get pods -o jsonpath='{.items[0'
kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,PORTS:.spec.containers[*].ports[*].containerPort --sort-by=.spec.nodeName
kubectl get pods -o custom-columns-file=manifests/columns.txt --sort-by=.status.podIP
kubectl get pods -o custom-columns=LABELS:.metadata.labels --no-headers
kubectl get pods -A --sort-by=.metadata.name --no-headers -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name
kubectl get nodes --sort-by=.metadata.name
kubectl get nodes --sort-by=.nope
kubectl get pods -o custom-columns=NAME
