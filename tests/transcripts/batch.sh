# Jobs run pods to completion; CronJobs start Jobs on a schedule.
kubectl create job pi --image=busybox:1.36 -- sh -c "sleep 5"
kubectl get jobs
kubectl get pods
sim wait 15s
kubectl get jobs
kubectl get jobs -o wide
kubectl get pods
kubectl describe job pi
kubectl create job broken --image=busybox:1.36 -- sh -c "exit 1"
sim wait 5m
kubectl get jobs
kubectl get pods -l job-name=broken
kubectl describe job broken
kubectl create job pi --image=busybox:1.36
kubectl create job nothing
kubectl create job j --image=busybox:1.36 --from=cronjob/x
kubectl create job j --image=busybox:1.36 --dry-run=client -o yaml -- echo hi
kubectl create cronjob hello --image=busybox:1.36 --schedule="*/1 * * * *" -- sh -c "date; echo Hello from the Kubernetes cluster"
kubectl get cronjobs
sim wait 4m
kubectl get cj
kubectl get cj -o wide
kubectl get jobs
kubectl logs job/hello-29453769
kubectl describe cronjob hello
kubectl create job hello-by-hand --from=cronjob/hello
kubectl get job hello-by-hand -o jsonpath='{.metadata.annotations}{"\n"}{.metadata.ownerReferences[0].kind}'
kubectl create cronjob nightly --image=busybox:1.36
kubectl create cronjob bad --image=busybox:1.36 --schedule="every minute"
kubectl create cronjob nightly --image=busybox:1.36 --schedule="0 2 * * *" --dry-run=client -o yaml
kubectl get all
kubectl delete cronjob hello
sim wait 5s
kubectl get jobs
