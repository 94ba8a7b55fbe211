package snapshot

import (
	"bytes"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// BenchmarkEventRecord makes the record of every event of a generated
// cluster: read by scanEvent, and decoded in full as before it.
func BenchmarkEventRecord(b *testing.B) {
	all := generatedObjects(b, corpus.SnapshotOptions{Pods: 200})
	var events []rawObject
	size := 0
	for _, o := range all {
		if bytes.Contains(o.data, []byte(`"kind": "Event"`)) {
			o.kind, o.apiVersion, o.item = "Event", "v1", 0
			events = append(events, o)
			size += len(o.data)
		}
	}
	for _, mode := range []struct {
		name string
		scan bool
	}{{"scan", true}, {"decode", false}} {
		b.Run(mode.name, func(b *testing.B) {
			dc := &objDecoder{scanEvents: mode.scan}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, o := range events {
					dc.decode(o)
				}
			}
		})
	}
}
