// Package heaptest measures the live heap for the tests that bound what a
// structure holds (bytes an object, an answer), in bytes, not in time.
package heaptest

import "runtime"

// Live is the heap in use after a full collection: what is reachable, and
// nothing the collector has not yet freed.
func Live() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
