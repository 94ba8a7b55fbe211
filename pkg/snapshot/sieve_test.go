package snapshot

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/internal/podlook"
)

// dropAll is a PodSieve that keeps no pod, so that every pod a sifted
// Snapshot holds was brought back by later evidence.
type dropAll struct{ observed int }

func (d *dropAll) Observe(*corev1.Pod)            { d.observed++ }
func (*dropAll) Keep(*corev1.Pod, time.Time) bool { return false }

// TestSiftedBringsBackWhatEvidenceNames loads a generated cluster whose
// nodes come last through a sieve that keeps nothing: the pods on NotReady
// nodes and those a Warning event names must come back, decoded as a whole
// load decodes them, with their events, in input order.
func TestSiftedBringsBackWhatEvidenceNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cluster.json")
	if err := os.WriteFile(path, generatedSnapshot(t, corpus.SnapshotOptions{Pods: 300, Order: corpus.OrderEventsLast}), 0o644); err != nil {
		t.Fatal(err)
	}
	whole, err := Load([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sieve := &dropAll{}
	sifted, err := LoadWith([]string{path}, nil, Options{Sieve: sieve})
	if err != nil {
		t.Fatal(err)
	}
	if sifted.Sifted == nil || sieve.observed != len(whole.Pods) || sifted.Sifted.Pods != len(whole.Pods) {
		t.Fatalf("sifted %+v, observed %d, want %d pods", sifted.Sifted, sieve.observed, len(whole.Pods))
	}
	index := NewIndex(whole)
	var want []corev1.Pod
	for _, pod := range whole.Pods {
		warned := slices.ContainsFunc(index.EventsFor(pod.UID), func(e *corev1.Event) bool { return e.Type == corev1.EventTypeWarning })
		node := index.Node(pod.Spec.NodeName)
		if warned || (node != nil && !podlook.NodeReady(node)) {
			want = append(want, pod)
		}
	}
	if len(want) == 0 || len(want) == len(whole.Pods) {
		t.Fatalf("the generated cluster should have some pods to bring back, not %d of %d", len(want), len(whole.Pods))
	}
	if !reflect.DeepEqual(sifted.Pods, want) {
		t.Errorf("brought back %d pods, want %d", len(sifted.Pods), len(want))
	}
	siftedIndex := NewIndex(sifted)
	for _, pod := range want {
		got, wantEvents := siftedIndex.EventsFor(pod.UID), index.EventsFor(pod.UID)
		if !reflect.DeepEqual(got, wantEvents) {
			t.Errorf("pod %s: %d events, want %d", pod.Name, len(got), len(wantEvents))
		}
	}
	if !sifted.CapturedAt.Equal(whole.CapturedAt) || !reflect.DeepEqual(sifted.Kinds, whole.Kinds) || !reflect.DeepEqual(sifted.Notes, whole.Notes) {
		t.Errorf("capture time, kinds or notes differ: %v %v %v / %v %v %v", sifted.CapturedAt, sifted.Kinds, sifted.Notes, whole.CapturedAt, whole.Kinds, whole.Notes)
	}
	// Owners are kept without their pod templates, all else the same.
	if len(sifted.ReplicaSets) != len(whole.ReplicaSets) || len(sifted.ReplicaSets[0].Spec.Template.Spec.Containers) != 0 {
		t.Errorf("ReplicaSets: %d, want %d without templates", len(sifted.ReplicaSets), len(whole.ReplicaSets))
	}
	for i := range whole.ReplicaSets {
		rs := whole.ReplicaSets[i]
		stripMeta(&rs.ObjectMeta)
		rs.Spec.Template = corev1.PodTemplateSpec{}
		if !reflect.DeepEqual(sifted.ReplicaSets[i], rs) {
			t.Fatalf("ReplicaSet %s differs beyond its template", rs.Name)
		}
	}
}

// TestSiftedMappedMatchesRead loads a cluster sifted twice, once with the
// file read and once mapped with its pages given back every few kilobytes:
// the Snapshots must be the same.
func TestSiftedMappedMatchesRead(t *testing.T) {
	if !canMap {
		t.Skip("files are not mapped on this system")
	}
	path := filepath.Join(t.TempDir(), "cluster.json")
	if err := os.WriteFile(path, generatedSnapshot(t, corpus.SnapshotOptions{Pods: 300, Order: corpus.OrderEventsFirst}), 0o644); err != nil {
		t.Fatal(err)
	}
	load := func() *Snapshot {
		s, err := LoadWith([]string{path}, nil, Options{Sieve: &dropAll{}})
		if err != nil {
			t.Fatal(err)
		}
		s.Sifted.Sieve = nil
		return s
	}
	read := load()
	threshold, step := mapThreshold, releaseStep
	mapThreshold, releaseStep = 1, 8<<10
	defer func() { mapThreshold, releaseStep = threshold, step }()
	mapped := load()
	if !reflect.DeepEqual(read, mapped) {
		t.Error("the mapped file gave another Snapshot than the file read")
	}
}
