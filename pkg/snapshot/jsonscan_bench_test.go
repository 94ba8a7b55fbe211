package snapshot

import (
	"bytes"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// BenchmarkCutItems finds the end of every item of a generated cluster's
// List, as the loader does on its single thread before the items are
// decoded.
func BenchmarkCutItems(b *testing.B) {
	data := generatedSnapshot(b, corpus.SnapshotOptions{Pods: 1000})
	start := bytes.Index(data, []byte(`"items": [`)) + len(`"items": `)
	b.SetBytes(int64(len(data) - start))
	for b.Loop() {
		items := 0
		_, err := eachElement(data, start, func(v int) (int, error) {
			items++
			return valueEnd(data, v)
		})
		if err != nil || items < 1000 {
			b.Fatalf("%d items, %v", items, err)
		}
	}
}
