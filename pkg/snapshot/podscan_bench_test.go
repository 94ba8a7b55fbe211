package snapshot

import (
	"bytes"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// BenchmarkPodJudge reads every pod of a generated cluster as a sifted
// load does to judge it: with scanPod, and decoded in full as before it.
func BenchmarkPodJudge(b *testing.B) {
	var buf bytes.Buffer
	if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: 200}); err != nil {
		b.Fatal(err)
	}
	l := newLoaderWith(false)
	if err := l.addPath("-", bytes.NewReader(buf.Bytes())); err != nil {
		b.Fatal(err)
	}
	all, _ := l.dec.wait()
	var pods []rawObject
	size := 0
	for _, o := range all {
		if d := (&objDecoder{}).decode(o); d.kind == "Pod" {
			pods = append(pods, o)
			size += len(o.data)
		}
	}
	for _, mode := range []struct {
		name string
		scan bool
	}{{"scan", true}, {"decode", false}} {
		b.Run(mode.name, func(b *testing.B) {
			dc := &objDecoder{scanPods: mode.scan}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, o := range pods {
					dc.decode(o)
				}
			}
		})
	}
}
