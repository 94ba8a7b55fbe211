package repeats

import (
	"fmt"
	"testing"
)

// TestCacheKeepsRepeatedArguments: an argument asked about once is
// computed and not kept; asked again, it is kept, and later asks are
// answered without computing; past the bound, answers are computed each
// time and nothing more is kept.
func TestCacheKeepsRepeatedArguments(t *testing.T) {
	c := NewCache[string](2, 100)
	computed := map[string]int{}
	compute := func(s string) string { computed[s]++; return "answer to " + s }
	for _, key := range []string{"a", "b", "a", "a", "b", "c", "c", "c"} {
		if got := c.Get(key, compute); got != "answer to "+key {
			t.Fatalf("Get(%q) = %q", key, got)
		}
	}
	// a: computed, kept at the second ask, then answered; b likewise; c
	// comes when the cache is full: computed each time.
	if want := map[string]int{"a": 2, "b": 2, "c": 3}; fmt.Sprint(computed) != fmt.Sprint(want) {
		t.Errorf("computed %v, want %v", computed, want)
	}
	if c.Len() != 2 {
		t.Errorf("%d answers kept, want the bound 2", c.Len())
	}
	var keys []string
	c.Range(func(k, v string) bool { keys = append(keys, k); return true })
	if len(keys) != 2 {
		t.Errorf("Range gave %v", keys)
	}
}
