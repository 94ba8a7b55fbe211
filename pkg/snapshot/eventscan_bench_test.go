package snapshot

import (
	"bytes"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// BenchmarkEventRecord makes the record of every event of a generated
// cluster: read by scanEvent, and decoded in full as before it.
func BenchmarkEventRecord(b *testing.B) {
	var buf bytes.Buffer
	if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: 200}); err != nil {
		b.Fatal(err)
	}
	l := newLoaderWith(false)
	if err := l.addPath("-", bytes.NewReader(buf.Bytes())); err != nil {
		b.Fatal(err)
	}
	all, _ := l.dec.wait()
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
