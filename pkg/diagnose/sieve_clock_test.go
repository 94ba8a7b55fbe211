package diagnose

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/internal/podlook"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestNeedsBetweenEarliestAndLatestClock holds podlook.Needs to what
// Sieve.Keep relies on: a pod that needs a look at some clock at or after
// an earliest one needs a look at the earliest clock or at the latest
// (each of its time tests only stops or only starts holding as the clock
// moves on). Checked on every pod of the testdata and of a generated
// cluster, over clocks two hours either side of their capture time.
func TestNeedsBetweenEarliestAndLatestClock(t *testing.T) {
	var pods []corev1.Pod
	paths, _ := filepath.Glob("../../testdata/diagnose/*.yaml")
	for _, path := range paths {
		if strings.HasSuffix(path, ".golden") {
			continue
		}
		s, err := snapshot.Load([]string{path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		pods = append(pods, s.Pods...)
	}
	var buf bytes.Buffer
	if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: 300}); err != nil {
		t.Fatal(err)
	}
	s, err := snapshot.Load([]string{"-"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	pods = append(pods, s.Pods...)
	var clocks []time.Time
	for d := -2 * time.Hour; d <= 2*time.Hour; d += 7 * time.Minute {
		clocks = append(clocks, corpus.CapturedAt.Add(d))
	}
	checked := 0
	for i := range pods {
		pod := &pods[i]
		atLatest := podlook.Needs(pod, sieveEvidence{now: farFuture})
		for a, earliest := range clocks {
			atEarliest := podlook.Needs(pod, sieveEvidence{now: earliest})
			for _, later := range clocks[a:] {
				if podlook.Needs(pod, sieveEvidence{now: later}) && !atEarliest && !atLatest {
					t.Fatalf("pod %s/%s needs a look at %s but neither at %s nor at the latest clock", pod.Namespace, pod.Name, later, earliest)
				}
				checked++
			}
		}
	}
	if len(pods) < 300 || checked == 0 {
		t.Fatalf("checked %d pods, %d clock pairs", len(pods), checked)
	}
}
