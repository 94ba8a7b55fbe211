package snapshot

import (
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

var (
	// deploymentReplicasRE: "3 desired | 1 updated | 4 total | 3 available | 1 unavailable".
	deploymentReplicasRE = lazyregexp.New(`(\d+) desired \| (\d+) updated \| (\d+) total \| (\d+) available`)
	// replicaSetReplicasRE: "1 current / 3 desired".
	replicaSetReplicasRE = lazyregexp.New(`(\d+) current / (\d+) desired`)
	// statefulSetReplicasRE: "3 desired | 0 total".
	statefulSetReplicasRE = lazyregexp.New(`(\d+) desired \| (\d+) total`)
	// podsStatusRE: "0 Running / 1 Waiting / 0 Succeeded / 0 Failed".
	podsStatusRE = lazyregexp.New(`(\d+) Running / (\d+) Waiting / (\d+) Succeeded / (\d+) Failed`)
	// jobPodsRE: "0 Active (0 Ready) / 0 Succeeded / 2 Failed".
	jobPodsRE = lazyregexp.New(`(\d+) Active(?: \(\d+ Ready\))? / (\d+) Succeeded / (\d+) Failed`)
	// replicaSetRefRE: "api-7b6c5d4f3 (1/1 replicas created)".
	replicaSetRefRE = lazyregexp.New(`^(\S+) \((\d+)/(\d+) replicas created\)`)
)

func atoi32(s string) int32 {
	n, _ := strconv.ParseInt(s, 10, 32)
	return int32(n)
}

func ptr32(n int32) *int32 { return &n }

// describedWorkload builds the controller of one describe section. Its
// events carry what describe knows of failures (FailedCreate, a Job's
// BackoffLimitExceeded).
func (r *describeReader) describedWorkload(root *describeNode, kind string) any {
	var meta metav1.ObjectMeta
	r.meta(&meta, root, kind)
	apiVersion := ownerAPIVersions[kind]
	r.events(root, apiVersion, kind, &meta, nil)
	tm := metav1.TypeMeta{APIVersion: apiVersion, Kind: kind}
	replicas := root.get("Replicas")
	switch kind {
	case "Deployment":
		d := &appsv1.Deployment{TypeMeta: tm, ObjectMeta: meta}
		if m := deploymentReplicasRE.FindStringSubmatch(replicas); m != nil {
			d.Spec.Replicas = ptr32(atoi32(m[1]))
			d.Status.UpdatedReplicas, d.Status.Replicas, d.Status.AvailableReplicas = atoi32(m[2]), atoi32(m[3]), atoi32(m[4])
			// describe prints available, not ready; a pod is ready before
			// it counts as available (minReadySeconds), so this is the
			// nearest figure it has.
			d.Status.ReadyReplicas = d.Status.AvailableReplicas
		}
		for _, row := range describeTable(linesOf(root.child("Conditions"))) {
			if len(row) >= 2 && row[0] != "" {
				c := appsv1.DeploymentCondition{Type: appsv1.DeploymentConditionType(row[0]), Status: corev1.ConditionStatus(row[1])}
				if len(row) >= 3 {
					c.Reason = row[2]
				}
				d.Status.Conditions = append(d.Status.Conditions, c)
			}
		}
		return d
	case "ReplicaSet":
		rs := &appsv1.ReplicaSet{TypeMeta: tm, ObjectMeta: meta}
		if m := replicaSetReplicasRE.FindStringSubmatch(replicas); m != nil {
			rs.Status.Replicas, rs.Spec.Replicas = atoi32(m[1]), ptr32(atoi32(m[2]))
		}
		if m := podsStatusRE.FindStringSubmatch(root.get("Pods Status")); m != nil {
			rs.Status.ReadyReplicas = atoi32(m[1]) // running; describe prints no ready count
		}
		return rs
	case "StatefulSet":
		s := &appsv1.StatefulSet{TypeMeta: tm, ObjectMeta: meta}
		if m := statefulSetReplicasRE.FindStringSubmatch(replicas); m != nil {
			s.Spec.Replicas, s.Status.Replicas = ptr32(atoi32(m[1])), atoi32(m[2])
		}
		if m := podsStatusRE.FindStringSubmatch(root.get("Pods Status")); m != nil {
			s.Status.ReadyReplicas = atoi32(m[1])
		}
		return s
	case "DaemonSet":
		ds := &appsv1.DaemonSet{TypeMeta: tm, ObjectMeta: meta}
		ds.Status.DesiredNumberScheduled = atoi32(root.get("Desired Number of Nodes Scheduled"))
		ds.Status.CurrentNumberScheduled = atoi32(root.get("Current Number of Nodes Scheduled"))
		if m := podsStatusRE.FindStringSubmatch(root.get("Pods Status")); m != nil {
			ds.Status.NumberReady = atoi32(m[1])
		}
		return ds
	case "Job":
		job := &batchv1.Job{TypeMeta: tm, ObjectMeta: meta}
		if c := root.get("Completions"); c != "" && c != "<unset>" {
			job.Spec.Completions = ptr32(atoi32(c))
		}
		if b := root.get("Backoff Limit"); b != "" {
			job.Spec.BackoffLimit = ptr32(atoi32(b))
		}
		if m := jobPodsRE.FindStringSubmatch(root.get("Pods Statuses")); m != nil {
			job.Status.Active, job.Status.Succeeded, job.Status.Failed = atoi32(m[1]), atoi32(m[2]), atoi32(m[3])
		}
		// describe prints no conditions of a Job; the job controller's
		// BackoffLimitExceeded or DeadlineExceeded event says it failed.
		for _, e := range describeEvents(linesOf(root.child("Events"))) {
			if e.Type == corev1.EventTypeWarning && (e.Reason == "BackoffLimitExceeded" || e.Reason == "DeadlineExceeded") {
				job.Status.Conditions = append(job.Status.Conditions, batchv1.JobCondition{
					Type: batchv1.JobFailed, Status: corev1.ConditionTrue, Reason: e.Reason, Message: e.Message,
				})
				break
			}
		}
		return job
	case "CronJob":
		return &batchv1.CronJob{TypeMeta: tm, ObjectMeta: meta, Spec: batchv1.CronJobSpec{Schedule: root.get("Schedule")}}
	}
	return nil
}

// synthesizeReplicaSets adds the ReplicaSets a described Deployment names
// (NewReplicaSet, OldReplicaSets) but that were not described themselves,
// so the rollout's new ReplicaSet and its pods are found.
func (r *describeReader) synthesizeReplicaSets(roots []*describeNode) {
	described := map[string]bool{}
	for _, o := range r.objects {
		if rs, ok := o.(*appsv1.ReplicaSet); ok {
			described[rs.Namespace+"/"+rs.Name] = true
		}
	}
	for _, root := range roots {
		if describedKind(root) != "Deployment" {
			continue
		}
		name, namespace := root.get("Name"), root.get("Namespace")
		yes := true
		owner := []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: name, UID: describeUID("Deployment", namespace, name), Controller: &yes}}
		add := func(line string, revision string) {
			m := replicaSetRefRE.FindStringSubmatch(strings.TrimSpace(line))
			if m == nil || described[namespace+"/"+m[1]] {
				return
			}
			described[namespace+"/"+m[1]] = true
			r.objects = append(r.objects, &appsv1.ReplicaSet{
				TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "ReplicaSet"},
				ObjectMeta: metav1.ObjectMeta{Name: m[1], Namespace: namespace, UID: describeUID("ReplicaSet", namespace, m[1]),
					OwnerReferences: owner, Annotations: map[string]string{"deployment.kubernetes.io/revision": revision}},
				Spec:   appsv1.ReplicaSetSpec{Replicas: ptr32(atoi32(m[3]))},
				Status: appsv1.ReplicaSetStatus{Replicas: atoi32(m[2])},
			})
		}
		add(root.get("NewReplicaSet"), "2")
		for _, old := range strings.Split(root.get("OldReplicaSets"), ",") {
			add(old, "1")
		}
	}
}

// describedNode builds the Node of one `kubectl describe node` section:
// taints, cordon, conditions (with their messages) and allocatable.
func (r *describeReader) describedNode(root *describeNode) *corev1.Node {
	n := &corev1.Node{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Node"}}
	r.meta(&n.ObjectMeta, root, "Node")
	n.Spec.Unschedulable = root.get("Unschedulable") == "true"
	for _, t := range root.items("Taints") {
		key, effect, _ := strings.Cut(t, ":")
		k, v, _ := strings.Cut(key, "=")
		n.Spec.Taints = append(n.Spec.Taints, corev1.Taint{Key: k, Value: v, Effect: corev1.TaintEffect(effect)})
	}
	for _, row := range describeTable(linesOf(root.child("Conditions"))) {
		if len(row) < 2 || row[0] == "" {
			continue
		}
		c := corev1.NodeCondition{Type: corev1.NodeConditionType(row[0]), Status: corev1.ConditionStatus(row[1])}
		if len(row) >= 6 {
			c.LastHeartbeatTime = metav1.Time{Time: parseDescribeTime(row[2])}
			c.LastTransitionTime = metav1.Time{Time: parseDescribeTime(row[3])}
			c.Reason, c.Message = row[4], row[5]
		}
		n.Status.Conditions = append(n.Status.Conditions, c)
	}
	for _, key := range []string{"Allocatable", "Capacity"} {
		list := corev1.ResourceList{}
		if c := root.child(key); c != nil {
			for _, res := range c.children {
				if q, err := resource.ParseQuantity(res.value); err == nil {
					list[corev1.ResourceName(res.key)] = q
				}
			}
		}
		if key == "Allocatable" {
			n.Status.Allocatable = list
		} else {
			n.Status.Capacity = list
		}
	}
	r.events(root, "v1", "Node", &n.ObjectMeta, nil)
	return n
}
