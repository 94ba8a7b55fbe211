// Package repeats tells a run-long cache which of its arguments have come
// up before, so that it keeps the answers to arguments that repeat and not
// those asked about once.
//
// poddoctor's answer caches (the image and quantity parse built-ins, the
// image typo Suggester) live as long as a run. Most arguments of a large
// input are asked about once (each application's own image), and an
// answer kept for those is memory the collector marks at every cycle for
// the rest of the run; the few that repeat (a sidecar image, "100m") are
// where a cache pays. A Tracker remembers a hash of each argument met
// once, 8 bytes, instead of its answer.
package repeats

import (
	"hash/maphash"
	"sync"
)

// A Tracker remembers the arguments met once, up to a bound. It is safe for
// concurrent use.
type Tracker struct {
	mu   sync.Mutex
	once map[uint64]struct{}
	max  int
	seed maphash.Seed
}

// New returns a Tracker that remembers up to max arguments met once; past
// that, arguments not yet met are not remembered, and so never reported
// as met before.
func New(max int) *Tracker {
	return &Tracker{once: map[uint64]struct{}{}, max: max, seed: maphash.MakeSeed()}
}

// MetBefore says whether key was met before, and remembers it if not. Once
// it has said true for a key, the caller keeps that key's answer and the
// Tracker forgets it. Two keys of the same hash count as one: the second
// is then reported one call early, which costs a kept answer, never a
// wrong one.
func (t *Tracker) MetBefore(key string) bool {
	h := maphash.String(t.seed, key)
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.once[h]; ok {
		delete(t.once, h)
		return true
	}
	if len(t.once) < t.max {
		t.once[h] = struct{}{}
	}
	return false
}
