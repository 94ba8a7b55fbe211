package parallel

import (
	"sync/atomic"
	"testing"
)

func TestForCallsEveryIndexOnce(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		calls := make([]int32, 100)
		var running, peak atomic.Int32
		For(len(calls), workers, func(i int) {
			if n := running.Add(1); n > peak.Load() {
				peak.Store(n)
			}
			atomic.AddInt32(&calls[i], 1)
			running.Add(-1)
		})
		for i, c := range calls {
			if c != 1 {
				t.Fatalf("workers %d: index %d called %d times", workers, i, c)
			}
		}
		if peak.Load() > int32(workers) {
			t.Errorf("workers %d: %d ran at once", workers, peak.Load())
		}
	}
	For(0, 4, func(int) { t.Fatal("called for n = 0") })
	if Workers(0) < 1 || Workers(3) != 3 {
		t.Errorf("Workers(0) = %d, Workers(3) = %d", Workers(0), Workers(3))
	}
}
