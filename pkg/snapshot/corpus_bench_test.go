package snapshot

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// generatedSnapshot writes the bench/gen cluster of opts (with about 5
// events a pod, owners and nodes) as `kubectl get -A -o json` prints it.
func generatedSnapshot(tb testing.TB, opts corpus.SnapshotOptions) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := corpus.Snapshot(&buf, opts); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkLoadCluster decodes a generated cluster from a file: the part
// of `poddoctor diagnose -f` before any analysis.
func BenchmarkLoadCluster(b *testing.B) {
	for _, pods := range []int{1000, 10000} {
		b.Run(fmt.Sprint(pods), func(b *testing.B) {
			data := generatedSnapshot(b, corpus.SnapshotOptions{Pods: pods})
			path := filepath.Join(b.TempDir(), "cluster.json")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				s, err := Load([]string{path}, nil)
				if err != nil || len(s.Pods) != pods {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIndexCluster indexes a generated cluster: events by the uid of
// their object, pods by owner and node, objects by uid and name.
func BenchmarkIndexCluster(b *testing.B) {
	for _, pods := range []int{1000, 10000} {
		b.Run(fmt.Sprint(pods), func(b *testing.B) {
			s, err := Load([]string{"-"}, bytes.NewReader(generatedSnapshot(b, corpus.SnapshotOptions{Pods: pods})))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				NewIndex(s)
			}
			b.ReportMetric(float64(len(s.Events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
