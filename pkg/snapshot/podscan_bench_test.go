package snapshot

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// BenchmarkPodJudge reads every pod of a generated cluster as a sifted
// load does to judge it: with scanPod, and decoded in full as before it.
func BenchmarkPodJudge(b *testing.B) {
	all := generatedObjects(b, corpus.SnapshotOptions{Pods: 200})
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
