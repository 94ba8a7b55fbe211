package diagnose

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy/eval"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

var (
	benchSnapshots   = map[int]*snapshot.Snapshot{}
	benchSnapshotsMu sync.Mutex
)

// benchSnapshot loads a generated cluster of n pods (about 5 events each,
// most healthy), once per process.
func benchSnapshot(b *testing.B, pods int) *snapshot.Snapshot {
	b.Helper()
	benchSnapshotsMu.Lock()
	defer benchSnapshotsMu.Unlock()
	if s, ok := benchSnapshots[pods]; ok {
		return s
	}
	var buf bytes.Buffer
	if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: pods}); err != nil {
		b.Fatal(err)
	}
	s, err := snapshot.Load([]string{"-"}, &buf)
	if err != nil {
		b.Fatal(err)
	}
	benchSnapshots[pods] = s
	return s
}

func benchDiagnoser(b *testing.B) *Diagnoser {
	b.Helper()
	d, err := New(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkDiagnose is the analysis of a whole snapshot after decoding:
// indexing, the filter of healthy pods, facts, policy decisions, sorting.
// The target is 200 ms for 10,000 pods and 50,000 events.
func BenchmarkDiagnose(b *testing.B) {
	d := benchDiagnoser(b)
	ctx := context.Background()
	for _, pods := range []int{1000, 10000} {
		b.Run(fmt.Sprint(pods), func(b *testing.B) {
			s := benchSnapshot(b, pods)
			b.ReportAllocs()
			for b.Loop() {
				if res, err := d.Diagnose(ctx, s, Filter{}); err != nil || len(res.Findings) == 0 {
					b.Fatal(len(res.Findings), err)
				}
			}
			b.ReportMetric(float64(pods)*float64(b.N)/b.Elapsed().Seconds(), "pods/s")
		})
	}
}

// BenchmarkFacts builds the facts documents of the pods and workloads that
// need a look, without evaluating any policy.
func BenchmarkFacts(b *testing.B) {
	d := benchDiagnoser(b)
	for _, pods := range []int{1000, 10000} {
		b.Run(fmt.Sprint(pods), func(b *testing.B) {
			s := benchSnapshot(b, pods)
			b.ReportAllocs()
			for b.Loop() {
				if facts, _ := d.Facts(s, Filter{}); len(facts) == 0 {
					b.Fatal("no facts")
				}
			}
		})
	}
}

// BenchmarkNeedsLook is the filter every pod goes through: healthy pods
// must cost next to nothing.
func BenchmarkNeedsLook(b *testing.B) {
	s := benchSnapshot(b, 10000)
	fb := &factBuilder{snap: s, index: snapshot.NewIndex(s), now: s.CapturedAt}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for i := range s.Pods {
			if fb.needsLook(&s.Pods[i]) {
				n++
			}
		}
		if n == 0 {
			b.Fatal("no pod needs a look")
		}
	}
}

// BenchmarkDiagnosePod builds the facts of one crash-looping pod and
// evaluates every diagnosis policy on them.
func BenchmarkDiagnosePod(b *testing.B) {
	d := benchDiagnoser(b)
	s := benchSnapshot(b, 1000)
	fb := &factBuilder{snap: s, index: snapshot.NewIndex(s), now: s.CapturedAt}
	fb.cluster = clusterFacts(s)
	var pod *corev1.Pod
	for i := range s.Pods {
		for _, st := range s.Pods[i].Status.ContainerStatuses {
			if st.State.Waiting != nil && st.State.Waiting.Reason == "CrashLoopBackOff" {
				pod = &s.Pods[i]
			}
		}
	}
	if pod == nil {
		b.Fatal("no crash-looping pod in the snapshot")
	}
	ctx := context.Background()
	b.Run("facts", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			fb.podFacts(pod)
		}
	})
	facts := &Facts{SchemaVersion: SchemaVersion, Kind: KindPod, Pod: fb.podFacts(pod)}
	b.Run("convert", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := factsValue(facts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("evaluate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if fs := d.evaluateOne(ctx, facts, eval.Run{}); len(fs) == 0 {
				b.Fatal("no finding")
			}
		}
	})
}
