package diagnose

import (
	"slices"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/poddoctor/poddoctor/pkg/diagnose/classify"
)

// workloadFacts returns facts for every workload that needs a look: one
// with FailedCreate warnings, a Deployment past its progress deadline, a
// Job that failed. Healthy workloads cost one check each.
func (b *factBuilder) workloadFacts() []*WorkloadFacts {
	var out []*WorkloadFacts
	add := func(f *WorkloadFacts) {
		if f != nil {
			out = append(out, f)
		}
	}
	for i := range b.snap.ReplicaSets {
		rs := &b.snap.ReplicaSets[i]
		add(b.replicaSetFacts(rs))
	}
	for i := range b.snap.StatefulSets {
		s := &b.snap.StatefulSets[i]
		add(b.createFailureFacts(&s.ObjectMeta, "apps/v1", "StatefulSet", desired(s.Spec.Replicas), s.Status.Replicas, s.Status.ReadyReplicas))
	}
	for i := range b.snap.DaemonSets {
		d := &b.snap.DaemonSets[i]
		add(b.createFailureFacts(&d.ObjectMeta, "apps/v1", "DaemonSet", d.Status.DesiredNumberScheduled, d.Status.CurrentNumberScheduled, d.Status.NumberReady))
	}
	for i := range b.snap.Deployments {
		add(b.deploymentFacts(&b.snap.Deployments[i]))
	}
	for i := range b.snap.Jobs {
		job := &b.snap.Jobs[i]
		if f := b.jobFacts(job); f != nil {
			add(f)
			continue
		}
		add(b.jobCreateFailureFacts(job))
	}
	for i := range b.snap.CronJobs {
		add(b.cronJobCreateFailureFacts(&b.snap.CronJobs[i]))
	}
	return out
}

func desired(replicas *int32) int32 {
	if replicas == nil {
		return 1
	}
	return *replicas
}

// baseWorkload fills what every workload's facts share.
func (b *factBuilder) baseWorkload(meta *metav1.ObjectMeta, apiVersion, kind string, want, current, ready int32) *WorkloadFacts {
	f := &WorkloadFacts{
		Object:     ref(apiVersion, kind, meta.Namespace, meta.Name, meta.UID),
		Desired:    want,
		Current:    current,
		Ready:      ready,
		Conditions: map[string]Condition{},
	}
	events := b.index.EventsFor(meta.UID)
	if meta.UID == "" {
		events = b.index.EventsNamed(kind, meta.Namespace, meta.Name)
	}
	f.Events, f.EventsOmitted = eventFacts(events, b.now)
	chain := b.ownerChain(meta.Namespace, meta.OwnerReferences)
	if len(chain) > 0 {
		top := chain[len(chain)-1]
		f.Owner = &top
	}
	return f
}

// createFailureFacts returns facts when the workload's newest FailedCreate
// warning is newer than its last successful create, i.e. pods are still
// not being created; nil otherwise.
func (b *factBuilder) createFailureFacts(meta *metav1.ObjectMeta, apiVersion, kind string, want, current, ready int32) *WorkloadFacts {
	f := b.baseWorkload(meta, apiVersion, kind, want, current, ready)
	failed, ok := newestOf(f.Events, FamilyCreate)
	if !ok || failed.Type != corev1.EventTypeWarning {
		return nil
	}
	for _, e := range f.Events {
		if e.Reason == "SuccessfulCreate" && e.LastSeenSeconds >= 0 && e.LastSeenSeconds < failed.LastSeenSeconds {
			return nil // a pod was created after the failure: it healed
		}
	}
	f.CreateFailure = &CreateFailure{CreateFailure: classify.ClassifyFailedCreate(failed.Message), Event: failed}
	return f
}

func (b *factBuilder) replicaSetFacts(rs *appsv1.ReplicaSet) *WorkloadFacts {
	return b.createFailureFacts(&rs.ObjectMeta, "apps/v1", "ReplicaSet", desired(rs.Spec.Replicas), rs.Status.Replicas, rs.Status.ReadyReplicas)
}

// deploymentFacts returns facts for a Deployment whose rollout stopped
// progressing (ProgressDeadlineExceeded).
func (b *factBuilder) deploymentFacts(d *appsv1.Deployment) *WorkloadFacts {
	var progressing *appsv1.DeploymentCondition
	for i := range d.Status.Conditions {
		if d.Status.Conditions[i].Type == appsv1.DeploymentProgressing {
			progressing = &d.Status.Conditions[i]
		}
	}
	if progressing == nil || progressing.Status != corev1.ConditionFalse {
		return nil
	}
	f := b.baseWorkload(&d.ObjectMeta, "apps/v1", "Deployment", desired(d.Spec.Replicas), d.Status.Replicas, d.Status.ReadyReplicas)
	for _, c := range d.Status.Conditions {
		f.Conditions[string(c.Type)] = Condition{Status: string(c.Status), Reason: c.Reason, Message: c.Message, AgeSeconds: ageSeconds(c.LastTransitionTime.Time, b.now)}
	}
	f.Rollout = &Rollout{PodProblems: []PodProblem{}}
	if rs := b.newestReplicaSet(d); rs != nil {
		f.Rollout.NewReplicaSet = rs.Name
		f.Rollout.NewReady, f.Rollout.NewDesired = rs.Status.ReadyReplicas, desired(rs.Spec.Replicas)
		f.Rollout.FailingPods, f.Rollout.PodProblems = podProblems(b.index.PodsOwnedBy(rs.UID))
	}
	return f
}

// newestReplicaSet is the Deployment's ReplicaSet with the highest
// deployment.kubernetes.io/revision.
func (b *factBuilder) newestReplicaSet(d *appsv1.Deployment) *appsv1.ReplicaSet {
	var newest *appsv1.ReplicaSet
	best := -1
	for _, rs := range b.index.ReplicaSetsOwnedBy(d.UID) {
		rev, err := strconv.Atoi(rs.Annotations["deployment.kubernetes.io/revision"])
		if err != nil {
			rev = 0
		}
		if rev > best {
			newest, best = rs, rev
		}
	}
	return newest
}

// podProblems counts the pods that are not ready, by the reason they are
// stuck: a container's waiting or termination reason, else the phase.
func podProblems(pods []*corev1.Pod) (int32, []PodProblem) {
	var failing int32
	problems := []PodProblem{}
	for _, pod := range pods {
		if podReady(pod) || pod.Status.Phase == corev1.PodSucceeded {
			continue
		}
		failing++
		reason := podStuckReason(pod)
		i := slices.IndexFunc(problems, func(p PodProblem) bool { return p.Reason == reason })
		if i < 0 {
			problems = append(problems, PodProblem{Reason: reason, Example: pod.Name})
			i = len(problems) - 1
		}
		problems[i].Pods++
	}
	slices.SortStableFunc(problems, func(a, b PodProblem) int { return int(b.Pods - a.Pods) })
	return failing, problems
}

func podReady(pod *corev1.Pod) bool {
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// podStuckReason is the one word that says why a pod is not ready.
func podStuckReason(pod *corev1.Pod) string {
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, s := range list {
			switch {
			case s.State.Waiting != nil && s.State.Waiting.Reason != "" && s.State.Waiting.Reason != "PodInitializing" && s.State.Waiting.Reason != "ContainerCreating":
				return s.State.Waiting.Reason
			case s.State.Terminated != nil && s.State.Terminated.ExitCode != 0:
				return s.State.Terminated.Reason
			}
		}
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse {
			return c.Reason // Unschedulable, SchedulingGated
		}
	}
	if pod.Status.Reason != "" {
		return pod.Status.Reason
	}
	if pod.Status.Phase == corev1.PodRunning {
		return "NotReady"
	}
	return string(pod.Status.Phase)
}

// jobFacts returns facts for a Job with a Failed condition.
func (b *factBuilder) jobFacts(job *batchv1.Job) *WorkloadFacts {
	var failed *batchv1.JobCondition
	for i := range job.Status.Conditions {
		c := &job.Status.Conditions[i]
		if c.Type == batchv1.JobFailed && c.Status == corev1.ConditionTrue {
			failed = c
		}
	}
	if failed == nil {
		return nil
	}
	want := int32(1)
	if job.Spec.Completions != nil {
		want = *job.Spec.Completions
	}
	f := b.baseWorkload(&job.ObjectMeta, "batch/v1", "Job", want, job.Status.Active+job.Status.Succeeded+job.Status.Failed, job.Status.Succeeded)
	for _, c := range job.Status.Conditions {
		f.Conditions[string(c.Type)] = Condition{Status: string(c.Status), Reason: c.Reason, Message: c.Message, AgeSeconds: ageSeconds(c.LastTransitionTime.Time, b.now)}
	}
	f.Job = &JobFacts{
		BackoffLimit: backoffLimit(job.Spec.BackoffLimit),
		Failed:       job.Status.Failed,
		Succeeded:    job.Status.Succeeded,
		Active:       job.Status.Active,
		LastFailure:  b.lastFailedPod(job),
	}
	return f
}

// backoffLimit reads spec.backoffLimit, whose API default is 6.
func backoffLimit(limit *int32) int32 {
	if limit == nil {
		return 6
	}
	return *limit
}

// lastFailedPod describes how the Job's newest failed pod ended.
func (b *factBuilder) lastFailedPod(job *batchv1.Job) *JobPodFailure {
	var newest *corev1.Pod
	var newestAt metav1.Time
	for _, pod := range b.index.PodsOwnedBy(job.UID) {
		if pod.Status.Phase != corev1.PodFailed {
			continue
		}
		at := pod.CreationTimestamp
		if newest == nil || newestAt.Before(&at) {
			newest, newestAt = pod, at
		}
	}
	if newest == nil {
		return nil
	}
	out := &JobPodFailure{Pod: newest.Name, Reason: newest.Status.Reason, LogTail: []string{}}
	for _, list := range [][]corev1.ContainerStatus{newest.Status.InitContainerStatuses, newest.Status.ContainerStatuses} {
		for _, s := range list {
			t := s.State.Terminated
			if t == nil {
				t = s.LastTerminationState.Terminated
			}
			if t == nil || t.ExitCode == 0 {
				continue
			}
			exit := classify.ExplainExitCode(t.ExitCode)
			out.Container, out.Reason, out.Exit = s.Name, t.Reason, &exit
			out.LogTail, _ = b.logTail(newest, s.Name)
			return out
		}
	}
	return out
}
