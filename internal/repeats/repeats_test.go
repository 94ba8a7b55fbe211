package repeats

import (
	"fmt"
	"sync"
	"testing"
)

// TestMetBefore: an argument is reported met before on its second call,
// once; past the bound, new arguments are never reported, while those
// remembered still are.
func TestMetBefore(t *testing.T) {
	tr := New(3)
	for _, step := range []struct {
		key  string
		want bool
	}{
		{"a", false}, {"a", true}, {"a", false}, // forgotten once reported: the caller keeps it
		{"b", false}, {"c", false}, {"d", false}, // a, b, c remembered: full
		{"e", false}, {"e", false}, // past the bound: never reported
		{"b", true}, {"c", true},
		{"f", false}, {"f", true}, // room again
	} {
		if got := tr.MetBefore(step.key); got != step.want {
			t.Errorf("MetBefore(%q) = %v, want %v", step.key, got, step.want)
		}
	}
}

// TestMetBeforeConcurrent: of many goroutines meeting the same argument
// twice each, exactly every second meeting is reported; run with -race.
func TestMetBeforeConcurrent(t *testing.T) {
	tr := New(1 << 20)
	var mu sync.Mutex
	reported := 0
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				key := fmt.Sprintf("image-%d", i%500+g*500)
				if tr.MetBefore(key) {
					mu.Lock()
					reported++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if reported != 8*500 {
		t.Errorf("%d arguments reported met before, want %d", reported, 8*500)
	}
}
