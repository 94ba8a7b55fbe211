package snapshot

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// generatedCluster writes a bench/gen cluster of n pods (about 5 events
// each, with owners and nodes) as `kubectl get -A -o json` prints it.
func generatedCluster(b *testing.B, pods int) []byte {
	b.Helper()
	var buf bytes.Buffer
	if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: pods}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkLoadCluster decodes a generated cluster from a file: the part
// of `poddoctor diagnose -f` before any analysis.
func BenchmarkLoadCluster(b *testing.B) {
	for _, pods := range []int{1000, 10000} {
		b.Run(fmt.Sprint(pods), func(b *testing.B) {
			data := generatedCluster(b, pods)
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
			s, err := Load([]string{"-"}, bytes.NewReader(generatedCluster(b, pods)))
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
