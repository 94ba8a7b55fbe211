package snapshot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

var describeNow = time.Date(2026, 11, 25, 7, 41, 42, 0, time.UTC)

func TestParseHumanDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"45s": 45 * time.Second, "3m2s": 3*time.Minute + 2*time.Second, "28m": 28 * time.Minute,
		"5h10m": 5*time.Hour + 10*time.Minute, "12d": 12 * 24 * time.Hour, "2y30d": (2*365 + 30) * 24 * time.Hour, "0s": 0,
	} {
		got, ok := parseHumanDuration(in)
		if !ok || got != want {
			t.Errorf("%s: %v %v, want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "<unknown>", "<invalid>", "12 d", "x"} {
		if _, ok := parseHumanDuration(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestDescribeEvents reads the Events table as kubectl 1.2x and 1.33+
// print it: ages with counts, the field-path prefix, the old "kubelet,
// node" source, and a message that held a newline.
func TestDescribeEvents(t *testing.T) {
	table := strings.Split(`  Type     Reason   Age                From               Message
  ----     ------   ----               ----               -------
  Normal   Pulling  12d (x4 over 12d)  kubelet            spec.containers{web}: Pulling image "nginx:1.27"
  Warning  Failed   3m2s               kubelet, worker-1  Error: couldn't find key DB_HOST in ConfigMap shop/app-config
  Warning  Failed   <unknown>          kubelet            first line
second line`, "\n")
	got := describeEvents(table)
	if len(got) != 3 {
		t.Fatalf("%d events, want 3: %+v", len(got), got)
	}
	e := got[0]
	if e.Type != "Normal" || e.Reason != "Pulling" || e.Count != 4 || e.Age != 12*24*time.Hour || e.Over != 12*24*time.Hour ||
		e.FieldPath != "spec.containers{web}" || e.Message != `Pulling image "nginx:1.27"` || e.From != "kubelet" {
		t.Errorf("event 1: %+v", e)
	}
	if e := got[1]; e.From != "kubelet, worker-1" || e.Count != 1 || e.Over != -1 || e.Age != 3*time.Minute+2*time.Second || e.FieldPath != "" {
		t.Errorf("event 2: %+v", e)
	}
	if e := got[2]; e.AgeKnown || e.Message != "first line\nsecond line" {
		t.Errorf("event 3: %+v", e)
	}
}

func TestLooksLikeDescribe(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Name:         web-1\nNamespace:    shop\nContainers:\n", true},
		{"$ kubectl describe pod web-1\nName:  web-1\nNamespace:  shop\n", true},
		{"# pasted from a ticket\n\nName:  worker-2\nRoles:  <none>\n", true},
		{"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n", false},
		{`{"kind":"Pod","metadata":{"name":"Name: x"}}`, false},
		{"Name: just a line\nof prose\n", false},
	} {
		if got := looksLikeDescribe([]byte(tt.text)); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestLoadDescribePods reads the kubectl 1.29 testdata into typed pods
// and checks what each field of describe becomes.
func TestLoadDescribePods(t *testing.T) {
	s, err := LoadAt([]string{"../../testdata/diagnose/describe-kubectl-1.29.txt"}, nil, describeNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pods) != 6 {
		t.Fatalf("%d pods, want 6", len(s.Pods))
	}
	if !s.CapturedAt.Equal(describeNow) {
		t.Errorf("CapturedAt %s, want %s", s.CapturedAt, describeNow)
	}
	worker := s.Pods[0]
	if worker.Name != "worker-6b9f8c7d5-t4r8w" || worker.Namespace != "legacy" || worker.Spec.NodeName != "worker-3" ||
		worker.Status.Phase != corev1.PodPending || worker.OwnerReferences[0].Kind != "ReplicaSet" || worker.OwnerReferences[0].Name != "worker-6b9f8c7d5" {
		t.Errorf("worker pod: %+v", worker.ObjectMeta)
	}
	c := worker.Spec.Containers[0]
	if c.Env[0].ValueFrom == nil || c.Env[0].ValueFrom.SecretKeyRef.Name != "db-creds" || c.Env[0].ValueFrom.SecretKeyRef.Key != "password" {
		t.Errorf("worker env: %+v", c.Env)
	}
	if st := worker.Status.ContainerStatuses[0]; st.State.Waiting == nil || st.State.Waiting.Reason != "CreateContainerConfigError" || st.State.Waiting.Message != "" {
		t.Errorf("worker state: %+v", st.State)
	}
	if len(worker.Spec.Tolerations) != 2 || worker.Spec.Tolerations[0].Key != "node.kubernetes.io/not-ready" || *worker.Spec.Tolerations[0].TolerationSeconds != 300 {
		t.Errorf("tolerations: %+v", worker.Spec.Tolerations)
	}
	postgres := s.Pods[1]
	if v := postgres.Spec.Volumes[0]; v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != "data-postgres-0" {
		t.Errorf("postgres volume: %+v", v)
	}
	if q := postgres.Spec.Containers[0].Resources.Requests[corev1.ResourceMemory]; q.String() != "1Gi" {
		t.Errorf("postgres memory request %s", q.String())
	}
	web := s.Pods[2]
	st := web.Status.ContainerStatuses[0]
	if st.RestartCount != 2 || !st.Ready || st.State.Running == nil || st.LastTerminationState.Terminated == nil ||
		st.LastTerminationState.Terminated.Reason != "Completed" || st.LastTerminationState.Terminated.ExitCode != 0 ||
		!st.LastTerminationState.Terminated.FinishedAt.Time.Equal(time.Date(2026, 11, 25, 7, 41, 1, 0, time.UTC)) {
		t.Errorf("web status: %+v", st)
	}
	if p := web.Spec.Containers[0].ReadinessProbe; p == nil || p.HTTPGet == nil || p.HTTPGet.Port.String() != "80" || p.PeriodSeconds != 10 {
		t.Errorf("web readiness: %+v", p)
	}
	batch := s.Pods[3]
	if batch.Status.Phase != corev1.PodFailed || batch.Status.Reason != "OutOfcpu" || !strings.HasPrefix(batch.Status.Message, "Pod was rejected: ") {
		t.Errorf("batch status: %+v", batch.Status)
	}
	var pulled *corev1.Event
	for i := range s.Events {
		if s.Events[i].Reason == "Pulled" && s.Events[i].InvolvedObject.Name == web.Name {
			pulled = &s.Events[i]
		}
	}
	if pulled == nil || pulled.Count != 3 || pulled.InvolvedObject.FieldPath != "spec.containers{web}" ||
		!pulled.LastTimestamp.Time.Equal(describeNow.Add(-40*time.Second)) || !pulled.FirstTimestamp.Time.Equal(describeNow.Add(-29*time.Minute)) {
		t.Errorf("web's Pulled event: %+v", pulled)
	}
	if !strings.Contains(strings.Join(s.Notes, "\n"), "describe does not print the waiting message") {
		t.Errorf("notes do not say what describe cannot carry: %q", s.Notes)
	}
}

// TestLoadDescribeWorkloadsAndNode reads the kubectl 1.33 testdata.
func TestLoadDescribeWorkloadsAndNode(t *testing.T) {
	s, err := LoadAt([]string{"../../testdata/diagnose/describe-kubectl-1.33.txt"}, nil, describeNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Deployments) != 1 || len(s.Jobs) != 1 || len(s.Nodes) != 1 || len(s.Pods) != 2 {
		t.Fatalf("kinds: %v", s.Kinds)
	}
	d := s.Deployments[0]
	if *d.Spec.Replicas != 3 || d.Status.AvailableReplicas != 3 || len(d.Status.Conditions) != 2 || d.Status.Conditions[1].Reason != "ProgressDeadlineExceeded" {
		t.Errorf("deployment: %+v", d.Status)
	}
	var newRS *appsv1.ReplicaSet
	for i := range s.ReplicaSets {
		if s.ReplicaSets[i].Name == "api-7b6c5d4f3" {
			newRS = &s.ReplicaSets[i]
		}
	}
	if newRS == nil || newRS.OwnerReferences[0].UID != d.UID || newRS.Annotations["deployment.kubernetes.io/revision"] != "2" {
		t.Errorf("the Deployment's new ReplicaSet was not made: %+v", newRS)
	}
	n := s.Nodes[0]
	if len(n.Spec.Taints) != 2 || n.Spec.Taints[0].Key != "node.kubernetes.io/unreachable" || n.Spec.Taints[0].Effect != corev1.TaintEffectNoExecute {
		t.Errorf("taints: %+v", n.Spec.Taints)
	}
	ready := n.Status.Conditions[len(n.Status.Conditions)-1]
	if ready.Type != corev1.NodeReady || ready.Status != corev1.ConditionUnknown || ready.Message != "Kubelet stopped posting node status." {
		t.Errorf("node Ready: %+v", ready)
	}
	if q := n.Status.Allocatable[corev1.ResourceCPU]; q.String() != "4" {
		t.Errorf("allocatable cpu %s", q.String())
	}
	if j := s.Jobs[0]; j.Status.Failed != 2 || *j.Spec.BackoffLimit != 1 || len(j.Status.Conditions) != 1 {
		t.Errorf("job: %+v %+v", j.Spec, j.Status)
	}
	for _, e := range s.Events {
		if e.Reason == "Pulling" && e.InvolvedObject.FieldPath != "spec.containers{api}" {
			t.Errorf("1.33 prefix not read: %+v", e.InvolvedObject)
		}
	}
}

// TestLoadDescribeMixedDirectory: describe text saved as .txt beside JSON
// in one directory, and on standard input.
func TestLoadDescribeMixedDirectory(t *testing.T) {
	dir := t.TempDir()
	text, err := os.ReadFile("../../testdata/diagnose/describe-kubectl-1.29.txt")
	if err != nil {
		t.Fatal(err)
	}
	pod := `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"json-pod","namespace":"x","uid":"u1","creationTimestamp":"2026-11-25T07:00:00Z"}}`
	for name, data := range map[string]string{"pods.txt": string(text), "other.json": pod, "notes.txt": "just prose\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Load([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pods) != 7 {
		t.Errorf("%d pods from the directory, want 6 described and 1 JSON", len(s.Pods))
	}
	s, err = Load([]string{"-"}, strings.NewReader(string(text)))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pods) != 6 {
		t.Errorf("%d pods from stdin, want 6", len(s.Pods))
	}
}

// TestDescribeMultiLineTerminationMessage: describe prints a termination
// message's newlines raw (FallbackToLogsOnError copies log lines into it),
// so its lines start at column 0; the fields after it still belong to the
// state.
func TestDescribeMultiLineTerminationMessage(t *testing.T) {
	text := `Name:         crash
Namespace:    e2e
Node:         node-1/10.88.77.1
Status:       Running
Containers:
  app:
    Image:          busybox:1.36
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Message:      starting payments worker
fatal: cannot connect to postgres at db:5432

      Exit Code:    1
      Started:      Tue, 25 Nov 2026 07:40:31 +0000
      Finished:     Tue, 25 Nov 2026 07:40:32 +0000
    Ready:          False
    Restart Count:  4
Events:           <none>
`
	r, _ := readDescribe(text, describeNow, time.Time{})
	pod, ok := r.objects[0].(*corev1.Pod)
	if !ok {
		t.Fatalf("not a pod: %T", r.objects[0])
	}
	st := pod.Status.ContainerStatuses[0]
	term := st.LastTerminationState.Terminated
	if term == nil || term.ExitCode != 1 || term.Message != "starting payments worker\nfatal: cannot connect to postgres at db:5432" || st.RestartCount != 4 {
		t.Errorf("last state %+v, restarts %d", term, st.RestartCount)
	}
}

// TestDescribedKinds recognises each kind by the fields only it prints
// (kubectl's describe.go: StatefulSetDescriber, DaemonSetDescriber,
// CronJobDescriber), and reads their FailedCreate events.
func TestDescribedKinds(t *testing.T) {
	text := `Name:               kafka
Namespace:          ci
CreationTimestamp:  Tue, 25 Nov 2026 07:20:00 +0000
Selector:           app=kafka
Labels:             <none>
Annotations:        <none>
Replicas:           3 desired | 0 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        0 Running / 0 Waiting / 0 Succeeded / 0 Failed
Events:
  Type     Reason        Age                 From                    Message
  ----     ------        ----                ----                    -------
  Warning  FailedCreate  2m (x12 over 21m)   statefulset-controller  create Pod kafka-0 in StatefulSet kafka failed error: pods "kafka-0" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=10, limited: pods=10


Name:           node-exporter
Selector:       app=node-exporter
Node-Selector:  <none>
Labels:         <none>
Annotations:    deprecated.daemonset.template.generation: 1
Desired Number of Nodes Scheduled: 3
Current Number of Nodes Scheduled: 0
Number of Nodes Scheduled with Up-to-date Pods: 0
Number of Nodes Scheduled with Available Pods: 0
Number of Nodes Misscheduled: 0
Pods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed
Events:         <none>


Name:                          report
Namespace:                     ci
Labels:                        <none>
Annotations:                   <none>
Schedule:                      */5 * * * *
Concurrency Policy:            Allow
Suspend:                       False
Successful Job History Limit:  3
Failed Job History Limit:      1
Events:                        <none>
`
	r, _ := readDescribe(text, describeNow, time.Time{})
	kinds := map[string]int{}
	for _, o := range r.objects {
		switch o := o.(type) {
		case *appsv1.StatefulSet:
			kinds["StatefulSet"]++
			if *o.Spec.Replicas != 3 || o.Status.Replicas != 0 {
				t.Errorf("statefulset: %+v %+v", o.Spec.Replicas, o.Status)
			}
		case *appsv1.DaemonSet:
			kinds["DaemonSet"]++
			if o.Status.DesiredNumberScheduled != 3 {
				t.Errorf("daemonset: %+v", o.Status)
			}
		case *corev1.Event:
			kinds["Event"]++
			if o.InvolvedObject.Kind != "StatefulSet" || o.Count != 12 || o.Source.Component != "statefulset-controller" {
				t.Errorf("event: %+v", o)
			}
		default:
			kinds[fmt.Sprintf("%T", o)]++
		}
	}
	if kinds["StatefulSet"] != 1 || kinds["DaemonSet"] != 1 || kinds["Event"] != 1 || kinds["*v1.CronJob"] != 1 {
		t.Errorf("kinds read: %v", kinds)
	}
}

// TestLoadDescribeInYAMLStream: describe text pasted as one document of a
// YAML stream, between "---" lines, is read as describe text.
func TestLoadDescribeInYAMLStream(t *testing.T) {
	text, err := os.ReadFile("../../testdata/diagnose/describe-kubectl-1.29.txt")
	if err != nil {
		t.Fatal(err)
	}
	stream := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-pod\n  namespace: x\n  uid: u1\n---\n" + string(skipPrompt(text))
	s, err := LoadAt([]string{"-"}, strings.NewReader(stream), describeNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pods) != 7 {
		t.Errorf("%d pods, want 1 from YAML and 6 described; notes %q", len(s.Pods), s.Notes)
	}
}
