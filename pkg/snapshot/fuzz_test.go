package snapshot

import "testing"

// FuzzLoadBytes feeds arbitrary bytes through the path a file takes, once as
// a file of objects and once as a cluster-info dump logs.txt, then indexes
// the result. Nothing may panic, and the counts must agree with what was kept.
// The seed corpus is in testdata/fuzz/FuzzLoadBytes.
func FuzzLoadBytes(f *testing.F) {
	f.Add([]byte(`{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","uid":"1"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"fuzz.json", "shop/web-1/logs.txt"} {
			l := newLoader()
			l.addFile(name, data)
			s := l.finish()
			checkKeptCounts(t, s)
			x := NewIndex(s)
			for i := range s.Pods {
				x.OwnerChain(&s.Pods[i])
				x.EventsFor(s.Pods[i].UID)
			}
			for i := range s.ReplicaSets {
				x.OwnerChain(&s.ReplicaSets[i])
			}
			for i := range s.Jobs {
				x.OwnerChain(&s.Jobs[i])
			}
		}
	})
}
