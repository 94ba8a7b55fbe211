package eval

import (
	"math"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestSharedLeaves converts documents whose small mappings repeat, or
// nearly repeat (the same keys with a value of another type, another sign
// of zero, a key more), and checks each against ast.InterfaceToValue: an
// equal mapping is shared, a different one never is.
func TestSharedLeaves(t *testing.T) {
	leaves := []map[string]any{
		{"cpu": "100m", "memory": "128Mi"},
		{"memory": "128Mi", "cpu": "100m"},
		{"cpu": "100m", "memory": "256Mi"},
		{"cpu": "100m"},
		{"cpu": "100m", "memory": "128Mi", "ephemeral-storage": "1Gi"},
		{"port": int64(1)},
		{"port": 1},
		{"port": float64(1)},
		{"port": 1.5},
		{"port": "1"},
		{"port": nil},
		{"port": true},
		{"port": false},
		{"v": 0.0},
		{"v": math.Copysign(0, -1)},
		{"a": "b", "b": "a"},
		{"a": "a", "b": "b"},
		{"name": "http", "containerPort": int64(8080), "protocol": "TCP"},
	}
	sharedBefore := map[*ast.Term]bool{}
	for round := range 3 {
		for i, leaf := range leaves {
			doc := map[string]any{"spec": map[string]any{"leaf": leaf, "list": []any{leaf, i}}}
			got, ok := documentTerm(doc)
			if !ok {
				t.Fatalf("leaf %d: not converted", i)
			}
			want, err := ast.InterfaceToValue(doc)
			if err != nil {
				t.Fatal(err)
			}
			if got.Value.Compare(want) != 0 || got.Value.String() != want.String() {
				t.Errorf("round %d, leaf %d: %v, want %v", round, i, got, want)
			}
			term := got.Value.(ast.Object).Get(ast.StringTerm("spec")).Value.(ast.Object).Get(ast.StringTerm("leaf"))
			if round > 0 && !sharedBefore[term] {
				t.Errorf("round %d, leaf %d: converted again, not shared", round, i)
			}
			sharedBefore[term] = true
		}
	}
	// Equal mappings written in another key order are one value.
	a, _ := documentTerm(leaves[0])
	b, _ := documentTerm(leaves[1])
	if a != b {
		t.Errorf("equal mappings in another order are not shared")
	}
}

// TestLeafHashIgnoresNonLeaves checks what is never shared: empty and
// large mappings, and mappings holding a collection.
func TestLeafHashIgnoresNonLeaves(t *testing.T) {
	for _, m := range []map[string]any{
		{},
		{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7},
		{"a": map[string]any{}},
		{"a": []any{}},
		{"data": strings.Repeat("x", maxSharedText+1)},
		{strings.Repeat("k", maxSharedText+1): "v"},
	} {
		if _, ok := leafHash(m, &leafPairs{}); ok {
			t.Errorf("%v is taken as a shared leaf", m)
		}
	}
}
