package diagnose

import (
	"context"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/pkg/diagnose/classify"
)

// TestEveryClassifiedCauseIsDiagnosed guards the seam between Go and Rego:
// for every cause a classifier can return, some policy must produce a
// finding. A Rego helper without a case for a new cause makes its rule
// undefined, which is a silent miss; this test makes it loud.
func TestEveryClassifiedCauseIsDiagnosed(t *testing.T) {
	d, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pod := func(mutate func(p *PodFacts)) *Facts {
		p := &PodFacts{
			Object:        Ref{Kind: "Pod", Namespace: "shop", Name: "web-1"},
			Phase:         "Pending",
			RestartPolicy: "Always",
			Conditions:    map[string]Condition{},
			Containers: []ContainerFacts{{
				Name: "web", Type: "regular", Image: "registry.acme.example/team/web:1.0", Path: "spec.containers[0]",
				State: State{Name: "waiting", SinceSeconds: -1}, Resources: Resources{Requests: map[string]string{}, Limits: map[string]string{}},
				Probes: []Probe{}, ConfigRefs: []EnvRef{}, Events: []Event{}, ProbeFailures: []ProbeFailure{}, LogTail: []string{},
			}},
			Events: []Event{}, Mounts: []MountFailure{}, PulledImages: []string{}, Volumes: []Volume{}, SchedulingGates: []string{}, OwnerChain: []Ref{},
			Cluster: ClusterFacts{LargestAllocatable: map[string]string{}}, Requests: map[string]string{},
		}
		mutate(p)
		return &Facts{SchemaVersion: SchemaVersion, Kind: KindPod, Pod: p}
	}
	workload := func(cf classify.CreateFailure) *Facts {
		return &Facts{SchemaVersion: SchemaVersion, Kind: KindWorkload, Workload: &WorkloadFacts{
			Object: Ref{Kind: "ReplicaSet", Namespace: "shop", Name: "web-1"}, Desired: 1,
			Conditions: map[string]Condition{}, Events: []Event{},
			CreateFailure: &CreateFailure{CreateFailure: cf},
		}}
	}
	type caseT struct {
		vocabulary string
		cause      string
		facts      *Facts
	}
	var cases []caseT
	for _, cause := range classify.PullCauses {
		cases = append(cases, caseT{"pull", cause, pod(func(p *PodFacts) {
			p.Containers[0].State.Reason = "ErrImagePull"
			p.Containers[0].PullFailure = &classify.PullFailure{Cause: cause, Image: p.Containers[0].Image, Detail: "detail"}
		})})
	}
	for _, cause := range classify.ContainerCauses {
		cases = append(cases, caseT{"container", cause, pod(func(p *PodFacts) {
			p.Containers[0].State.Reason = "CreateContainerError"
			p.Containers[0].Error = &classify.ContainerError{Cause: cause, Object: "obj", ObjectKind: "ConfigMap", Key: "KEY", Command: "cmd", Detail: "detail"}
		})})
	}
	for _, cause := range classify.MountCauses {
		reason := "FailedMount"
		if cause == classify.MountMultiAttach || cause == classify.MountAttachFailed {
			reason = "FailedAttachVolume"
		}
		cases = append(cases, caseT{"mount", cause, pod(func(p *PodFacts) {
			p.Mounts = []MountFailure{{MountFailure: classify.MountFailure{Cause: cause, Volume: "data", Object: "obj", Detail: "detail"}, Event: Event{Reason: reason, Text: "Warning " + reason}}}
		})})
	}
	for _, cause := range classify.SandboxCauses {
		cases = append(cases, caseT{"sandbox", cause, pod(func(p *PodFacts) {
			p.Sandbox = &classify.SandboxFailure{Cause: cause, Detail: "detail"}
		})})
	}
	for _, category := range classify.SchedulingCategories {
		cases = append(cases, caseT{"scheduling", category, pod(func(p *PodFacts) {
			p.Scheduling = &classify.SchedulingFailure{TotalNodes: 3, Reasons: []classify.SchedulingReason{{Category: category, Nodes: 3, Text: "reason", Resource: "cpu", Taint: "k=v:NoSchedule"}}, Detail: "0/3 nodes are available"}
		})})
	}
	for _, probe := range classify.ProbeTypes {
		cases = append(cases, caseT{"probe", probe, pod(func(p *PodFacts) {
			p.Phase = "Running"
			p.Containers[0].State = State{Name: "running", SinceSeconds: 600}
			p.Containers[0].ProbeFailures = []ProbeFailure{{ProbeFailure: classify.ProbeFailure{Probe: probe, Kind: "http", Output: "HTTP probe failed with statuscode: 500"}}}
		})})
	}
	for _, cause := range classify.CreateCauses {
		cases = append(cases, caseT{"create", cause, workload(classify.CreateFailure{Cause: cause, Object: "obj", Detail: "detail"})})
	}
	for _, c := range cases {
		findings := d.evaluate(context.Background(), []*Facts{c.facts}, nil, time.Time{})
		if len(findings) == 0 {
			t.Errorf("%s cause %q: no policy produced a finding", c.vocabulary, c.cause)
			continue
		}
		for _, f := range findings {
			if f.Rule == RulePolicyError {
				t.Errorf("%s cause %q: %s", c.vocabulary, c.cause, f.Message)
			}
		}
	}
}
