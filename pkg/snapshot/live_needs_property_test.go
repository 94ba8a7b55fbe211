package snapshot_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/poddoctor/poddoctor/pkg/diagnose"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestLivePrefilterKeepsWhatDiagnosisExamines is a property test over
// generated pod states: the pods Live reads owners, nodes and logs for
// include every pod the diagnosis examines in the snapshot Live returns.
// Live reads nodes only when some pod needs a look, so both cases are
// checked: without nodes, inclusion is exact; with nodes, the only pods the
// diagnosis may add are those on a NotReady node, which Live cannot know
// before it reads nodes (it counts a pod whose Ready condition is False,
// which the node lifecycle controller sets on such pods).
func TestLivePrefilterKeepsWhatDiagnosisExamines(t *testing.T) {
	d, err := diagnose.New(context.Background(), diagnose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	checked, examined := 0, 0
	for seed := range uint64(40) {
		g := podStates{rnd: rand.New(rand.NewPCG(seed, 42)), now: now}
		snap := g.snapshot(60)
		live := map[string]bool{}
		for _, i := range snapshot.LiveUnhealthy(snap) {
			live[snap.Pods[i].Name] = true
		}
		for _, withNodes := range []bool{false, true} {
			s := *snap
			if !withNodes {
				s.Nodes = nil
			}
			facts, _ := d.Facts(&s, diagnose.Filter{})
			for _, f := range facts {
				if f.Kind != diagnose.KindPod {
					continue
				}
				examined++
				name := f.Pod.Object.Name
				if live[name] {
					continue
				}
				pod := g.pods[name]
				if withNodes && g.notReady[pod.Spec.NodeName] {
					continue // the one thing Live cannot see before reading nodes
				}
				t.Errorf("seed %d (nodes %v): the diagnosis examines %s, which Live's pre-filter dropped:\n%+v", seed, withNodes, name, pod.Status)
			}
		}
		checked += len(snap.Pods)
	}
	if examined == 0 || examined == 2*checked {
		t.Fatalf("%d of %d pod checks examined: the generator must make both healthy and unhealthy pods", examined, 2*checked)
	}
	t.Logf("%d pods generated, %d examinations checked", checked, examined)
}

// podStates generates pods in the states the kubelet and the scheduler
// report, around the edges of the time windows of internal/podlook.
type podStates struct {
	rnd      *rand.Rand
	now      time.Time
	pods     map[string]*corev1.Pod
	notReady map[string]bool
}

func (g *podStates) pick(n int) int { return g.rnd.IntN(n) }

func (g *podStates) ago(choices ...time.Duration) metav1.Time {
	d := choices[g.pick(len(choices))]
	if d == 0 {
		return metav1.Time{}
	}
	return metav1.NewTime(g.now.Add(-d))
}

func (g *podStates) snapshot(n int) *snapshot.Snapshot {
	g.pods = map[string]*corev1.Pod{}
	g.notReady = map[string]bool{}
	s := &snapshot.Snapshot{CapturedAt: g.now, Kinds: map[string]int{}}
	for i, name := range []string{"node-a", "node-b", "node-c"} {
		status := corev1.ConditionTrue
		if i == 2 || g.pick(4) == 0 {
			status = corev1.ConditionFalse
			g.notReady[name] = true
		}
		s.Nodes = append(s.Nodes, corev1.Node{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Node"},
			ObjectMeta: metav1.ObjectMeta{Name: name, UID: types.UID("uid-" + name)},
			Status:     corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: status}}},
		})
	}
	for i := range n {
		pod := g.pod(fmt.Sprintf("p%03d", i))
		s.Pods = append(s.Pods, *pod)
		g.pods[pod.Name] = pod
		for range g.pick(3) {
			s.Events = append(s.Events, g.event(pod))
		}
	}
	return s
}

func (g *podStates) pod(name string) *corev1.Pod {
	pod := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop"},
		Spec: corev1.PodSpec{
			RestartPolicy: []corev1.RestartPolicy{corev1.RestartPolicyAlways, corev1.RestartPolicyOnFailure, corev1.RestartPolicyNever}[g.pick(3)],
			Containers:    []corev1.Container{{Name: "app"}, {Name: "sidecar"}}[:1+g.pick(2)],
		},
		Status: corev1.PodStatus{
			Phase: []corev1.PodPhase{corev1.PodPending, corev1.PodRunning, corev1.PodRunning, corev1.PodSucceeded, corev1.PodFailed, corev1.PodUnknown, ""}[g.pick(7)],
		},
	}
	if g.pick(4) > 0 {
		pod.UID = types.UID("uid-" + name)
	}
	if g.pick(10) == 0 {
		pod.DeletionTimestamp = &metav1.Time{Time: g.now.Add(-time.Minute)}
	}
	if g.pick(5) > 0 {
		pod.Spec.NodeName = []string{"node-a", "node-b", "node-c"}[g.pick(3)]
	}
	if g.pick(10) == 0 {
		pod.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "example.com/gate"}}
	}
	if g.pick(3) == 0 {
		always := corev1.ContainerRestartPolicyAlways
		init := corev1.Container{Name: "init"}
		if g.pick(2) == 0 {
			init.RestartPolicy = &always
		}
		pod.Spec.InitContainers = []corev1.Container{init}
		pod.Status.InitContainerStatuses = []corev1.ContainerStatus{g.status("init")}
	}
	for _, c := range pod.Spec.Containers {
		if g.pick(6) > 0 {
			pod.Status.ContainerStatuses = append(pod.Status.ContainerStatuses, g.status(c.Name))
		}
	}
	conditionStatus := []corev1.ConditionStatus{corev1.ConditionTrue, corev1.ConditionFalse, ""}
	if s := conditionStatus[g.pick(3)]; s != "" {
		pod.Status.Conditions = append(pod.Status.Conditions, corev1.PodCondition{Type: corev1.PodScheduled, Status: s, Reason: "Unschedulable"})
	}
	if s := conditionStatus[g.pick(3)]; s != "" {
		pod.Status.Conditions = append(pod.Status.Conditions, corev1.PodCondition{Type: corev1.PodReady, Status: s})
	}
	return pod
}

func (g *podStates) status(name string) corev1.ContainerStatus {
	s := corev1.ContainerStatus{Name: name, Ready: g.pick(2) == 0, RestartCount: int32(g.pick(3))}
	switch g.pick(3) {
	case 0:
		s.State.Waiting = &corev1.ContainerStateWaiting{Reason: []string{"", "ContainerCreating", "PodInitializing", "CrashLoopBackOff", "ImagePullBackOff", "CreateContainerConfigError"}[g.pick(6)]}
	case 1:
		s.State.Running = &corev1.ContainerStateRunning{StartedAt: g.ago(0, 10*time.Second, 59*time.Second, 61*time.Second, 2*time.Hour)}
	default:
		s.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: []int32{0, 0, 1, 137}[g.pick(4)], FinishedAt: g.ago(0, time.Minute, 3*time.Hour)}
	}
	if g.pick(2) == 0 {
		s.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: []int32{0, 1, 137}[g.pick(3)], FinishedAt: g.ago(0, 10*time.Minute, 59*time.Minute, 61*time.Minute, 3*time.Hour)}
	}
	return s
}

func (g *podStates) event(pod *corev1.Pod) corev1.Event {
	e := corev1.Event{
		TypeMeta:       metav1.TypeMeta{APIVersion: "v1", Kind: "Event"},
		ObjectMeta:     metav1.ObjectMeta{Name: fmt.Sprintf("%s.%d", pod.Name, g.pick(1000)), Namespace: pod.Namespace},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name},
		Type:           []string{corev1.EventTypeWarning, corev1.EventTypeNormal}[g.pick(2)],
		Reason:         "BackOff",
		Message:        "Back-off restarting failed container app in pod " + pod.Name,
		LastTimestamp:  g.ago(0, 5*time.Minute, 59*time.Minute, 61*time.Minute, 3*time.Hour),
	}
	if g.pick(4) > 0 {
		e.InvolvedObject.UID = pod.UID
	}
	return e
}
