# kubectl apply: files, stdin, unchanged/configured, strict decoding, dry run
kubectl apply -f manifests/web.yaml
kubectl apply -f manifests/web.yaml
kubectl apply -f manifests/
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 5
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: typo
spec:
  replica: 2
  selector:
    matchLabels: {app: typo}
  template:
    metadata:
      labels: {app: typo}
    spec:
      containers:
      - name: app
        image: nginx:1.25
EOF
kubectl apply -f - --dry-run=client <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: shop
EOF
kubectl get ns shop
kubectl apply -f missing.yaml
