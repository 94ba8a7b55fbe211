package heaptest

import (
	"runtime"
	"testing"
)

// TestLive: 16 MiB held show in the live heap, and once dropped they do
// not, though nothing else has run in between.
func TestLive(t *testing.T) {
	before := Live()
	held := make([]byte, 16<<20)
	with := Live()
	runtime.KeepAlive(held)
	held = nil
	after := Live()
	if grew := with - before; grew < 15<<20 {
		t.Errorf("holding 16 MiB grew the live heap by %d bytes", grew)
	}
	if left := after - before; left > 1<<20 {
		t.Errorf("16 MiB dropped still count: %d bytes more than before", left)
	}
}
