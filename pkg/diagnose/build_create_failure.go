package diagnose

import (
	batchv1 "k8s.io/api/batch/v1"
)

// jobCreateFailureFacts returns facts for a Job that cannot create its pods
// (a ResourceQuota, Pod Security, an admission webhook refuses them), read
// like a ReplicaSet's FailedCreate; nil when it has none outstanding.
func (b *factBuilder) jobCreateFailureFacts(job *batchv1.Job) *WorkloadFacts {
	want := int32(1)
	if job.Spec.Completions != nil {
		want = *job.Spec.Completions
	}
	return b.createFailureFacts(&job.ObjectMeta, "batch/v1", "Job", want, job.Status.Active+job.Status.Succeeded+job.Status.Failed, job.Status.Succeeded)
}

// cronJobCreateFailureFacts returns facts for a CronJob whose controller
// cannot create its Jobs ("Error creating job: jobs.batch ... is forbidden").
func (b *factBuilder) cronJobCreateFailureFacts(cj *batchv1.CronJob) *WorkloadFacts {
	return b.createFailureFacts(&cj.ObjectMeta, "batch/v1", "CronJob", 1, int32(len(cj.Status.Active)), 0)
}
