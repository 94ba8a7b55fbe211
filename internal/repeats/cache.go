package repeats

import (
	"strings"
	"sync"
	"sync/atomic"
)

// A Cache keeps, for the rest of a run, the answer to each argument asked
// about a second time, up to a bound: the first time an argument comes up
// its answer is computed and only a hash of it remembered (Tracker). It is
// safe for concurrent use; the answers are shared read-only.
type Cache[V any] struct {
	kept    sync.Map // string -> V
	count   atomic.Int64
	maxKept int64
	met     *Tracker // arguments asked about once so far
}

// NewCache returns a Cache that keeps up to maxKept answers and remembers
// up to maxSeen arguments asked about once.
func NewCache[V any](maxKept, maxSeen int) *Cache[V] {
	return &Cache[V]{maxKept: int64(maxKept), met: New(maxSeen)}
}

// Get returns compute(key), kept from an earlier call or kept now when key
// was asked about before. The cache outlives the input the key came from
// (a parsed file, shared by its strings): a kept answer is computed from a
// copy of the key, so that neither the key nor the answer holds on to that
// input.
func (c *Cache[V]) Get(key string, compute func(string) V) V {
	if v, ok := c.kept.Load(key); ok {
		return v.(V)
	}
	if c.count.Load() >= c.maxKept || !c.met.MetBefore(key) {
		return compute(key)
	}
	key = strings.Clone(key)
	v := compute(key)
	if _, loaded := c.kept.LoadOrStore(key, v); !loaded {
		c.count.Add(1)
	}
	return v
}

// Len is how many answers the cache keeps.
func (c *Cache[V]) Len() int { return int(c.count.Load()) }

// Range calls f on each kept argument and answer until f returns false.
func (c *Cache[V]) Range(f func(key string, v V) bool) {
	c.kept.Range(func(k, v any) bool { return f(k.(string), v.(V)) })
}
