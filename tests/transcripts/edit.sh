# kubectl edit in a script: a heredoc stands for the file saved in the editor
# (each heredoc below is the object as `kubectl edit` would print it at that point, with one change)
kubectl create deployment web --image=nginx:1.25 --replicas=2
sim wait 30s
kubectl edit deployment web
kubectl edit
kubectl edit deployment nope
# scale to 4 replicas by editing spec.replicas
kubectl edit deployment web <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  creationTimestamp: "2026-01-01T00:00:04Z"
  generation: 1
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: "94"
  uid: cb69ca38-5f3f-4638-b870-1a14b490b608
spec:
  progressDeadlineSeconds: 600
  replicas: 4
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        imagePullPolicy: IfNotPresent
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 2
  conditions:
  - lastTransitionTime: "2026-01-01T00:00:08Z"
    lastUpdateTime: "2026-01-01T00:00:08Z"
    message: Deployment has minimum availability.
    reason: MinimumReplicasAvailable
    status: "True"
    type: Available
  - lastTransitionTime: "2026-01-01T00:00:04Z"
    lastUpdateTime: "2026-01-01T00:00:08Z"
    message: ReplicaSet "web-68bf9f694d" has successfully progressed.
    reason: NewReplicaSetAvailable
    status: "True"
    type: Progressing
  observedGeneration: 1
  readyReplicas: 2
  replicas: 2
  updatedReplicas: 2
EOF
kubectl get deployment web
# a value the API server rejects: kubectl would reopen the file with the reason at the top
kubectl edit deployment web <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  creationTimestamp: "2026-01-01T00:00:04Z"
  generation: 2
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: "105"
  uid: cb69ca38-5f3f-4638-b870-1a14b490b608
spec:
  progressDeadlineSeconds: 600
  replicas: -1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        imagePullPolicy: IfNotPresent
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 2
  conditions:
  - lastTransitionTime: "2026-01-01T00:00:04Z"
    lastUpdateTime: "2026-01-01T00:00:08Z"
    message: ReplicaSet "web-68bf9f694d" has successfully progressed.
    reason: NewReplicaSetAvailable
    status: "True"
    type: Progressing
  - lastTransitionTime: "2026-01-01T00:00:34Z"
    lastUpdateTime: "2026-01-01T00:00:34Z"
    message: Deployment does not have minimum availability.
    reason: MinimumReplicasUnavailable
    status: "False"
    type: Available
  observedGeneration: 2
  readyReplicas: 2
  replicas: 4
  unavailableReplicas: 2
  updatedReplicas: 4
EOF
# a misspelt field: strict field validation rejects the patch
kubectl edit deployment web <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  creationTimestamp: "2026-01-01T00:00:04Z"
  generation: 2
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: "105"
  uid: cb69ca38-5f3f-4638-b870-1a14b490b608
spec:
  progressDeadlineSeconds: 600
  replica: 4
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        imagePullPolicy: IfNotPresent
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 2
  conditions:
  - lastTransitionTime: "2026-01-01T00:00:04Z"
    lastUpdateTime: "2026-01-01T00:00:08Z"
    message: ReplicaSet "web-68bf9f694d" has successfully progressed.
    reason: NewReplicaSetAvailable
    status: "True"
    type: Progressing
  - lastTransitionTime: "2026-01-01T00:00:34Z"
    lastUpdateTime: "2026-01-01T00:00:34Z"
    message: Deployment does not have minimum availability.
    reason: MinimumReplicasUnavailable
    status: "False"
    type: Available
  observedGeneration: 2
  readyReplicas: 2
  replicas: 4
  unavailableReplicas: 2
  updatedReplicas: 4
EOF
kubectl get deployment web
