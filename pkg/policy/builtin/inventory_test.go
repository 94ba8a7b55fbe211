package builtin

import (
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/poddoctor/poddoctor/internal/packed"
)

const inventoryText = `{"complete": true, "kinds": {"Deployment": 1, "Service": 1},
	"templates": [{"kind": "Deployment", "namespace": "shop", "name": "web", "labels": {"app": "web"}, "ports": []}],
	"label_index": {"app": {"web": [0]}},
	"related": {"Service": [{"namespace": "shop", "name": "web", "selector": {"app": "web"}}]}}`

func packedInputs(t *testing.T) (*Inputs, *ast.Term) {
	t.Helper()
	whole := ast.MustParseTerm(inventoryText)
	p, err := packed.Pack(whole.Value)
	if err != nil {
		t.Fatal(err)
	}
	return &Inputs{PackedInventory: p}, whole
}

func call(t *testing.T, b func() (*ast.Term, error)) *ast.Term {
	t.Helper()
	got, err := b()
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestInventoryAtReadsTheParts: poddoctor.inventory.at answers what
// object.get(poddoctor.inventory(), path, default) answers, from a packed
// inventory or the Rego value, and poddoctor.inventory.size the length
// there.
func TestInventoryAtReadsTheParts(t *testing.T) {
	packedIn, whole := packedInputs(t)
	// A run may hold its inventory packed or as the Rego value itself.
	for _, in := range []*Inputs{packedIn, {Inventory: whole}} {
		readParts(t, in, whole)
	}
}

func readParts(t *testing.T, in *Inputs, whole *ast.Term) {
	t.Helper()
	fallback := ast.StringTerm("fallback")
	for _, tc := range []struct {
		path string
		size int
	}{
		{`[]`, 5},
		{`["complete"]`, -1},
		{`["kinds"]`, 2},
		{`["kinds", "Service"]`, -1},
		{`["templates", 0]`, 5},
		{`["templates", 0, "labels"]`, 1},
		{`["label_index", "app", "web"]`, 1},
		{`["related", "Service", 0, "selector", "app"]`, -1},
		{`["kinds", "ConfigMap"]`, -1},      // missing key
		{`["templates", 1]`, -1},            // past the end
		{`["templates", "0"]`, -1},          // a string is no index
		{`["label_index", 0]`, -1},          // a number is no key
		{`["complete", "deeper"]`, -1},      // inside a scalar
		{`["related", "Service", 0.5]`, -1}, // no integer
	} {
		path := ast.MustParseTerm(tc.path)
		want, err := topdownObjectGet(whole, path, fallback)
		if err != nil {
			t.Fatal(err)
		}
		got := call(t, func() (*ast.Term, error) {
			return inventoryAtBuiltin.Func(evaluation(), in, []*ast.Term{path, fallback})
		})
		if !got.Equal(want) {
			t.Errorf("poddoctor.inventory.at(%s) = %v, want %v", tc.path, got, want)
		}
		size := call(t, func() (*ast.Term, error) {
			return inventorySizeBuiltin.Func(evaluation(), in, []*ast.Term{path})
		})
		if !size.Equal(ast.InternedTerm(tc.size)) {
			t.Errorf("poddoctor.inventory.size(%s) = %v, want %d", tc.path, size, tc.size)
		}
	}
}

// topdownObjectGet is OPA's own object.get, the reference for the path
// walk.
func topdownObjectGet(obj, path, fallback *ast.Term) (*ast.Term, error) {
	var out *ast.Term
	err := topdown.GetBuiltin("object.get")(topdown.BuiltinContext{}, []*ast.Term{obj, path, fallback}, func(t *ast.Term) error {
		out = t
		return nil
	})
	return out, err
}

// TestInventoryPartsNeedAnInventory: without an inventory (a policy test
// that mocks poddoctor.inventory, a diagnosis) the part built-ins are
// undefined, so that rules/lib reads poddoctor.inventory().
func TestInventoryPartsNeedAnInventory(t *testing.T) {
	path := ast.MustParseTerm(`["kinds"]`)
	for _, inputs := range []any{nil, (*Inputs)(nil), &Inputs{}} {
		if got, err := inventoryAtBuiltin.Func(evaluation(), inputs, []*ast.Term{path, ast.NullTerm()}); got != nil || err != nil {
			t.Errorf("at with %#v = %v, %v; want undefined", inputs, got, err)
		}
		if got, err := inventorySizeBuiltin.Func(evaluation(), inputs, []*ast.Term{path}); got != nil || err != nil {
			t.Errorf("size with %#v = %v, %v; want undefined", inputs, got, err)
		}
	}
	in, _ := packedInputs(t)
	_, err := inventoryAtBuiltin.Func(evaluation(), in, []*ast.Term{ast.StringTerm("kinds"), ast.NullTerm()})
	if err == nil || !strings.Contains(err.Error(), "must be an array") {
		t.Errorf("a path that is not an array: %v", err)
	}
}

// TestInventoryUnpacksOnceForAWholeRead: poddoctor.inventory gives a
// packed inventory whole, equal to what was packed, and unpacks it once
// for the run, not at every evaluation.
func TestInventoryUnpacksOnceForAWholeRead(t *testing.T) {
	in, whole := packedInputs(t)
	first := call(t, func() (*ast.Term, error) { return inventoryBuiltin.Func(evaluation(), in, nil) })
	if !first.Equal(whole) {
		t.Fatalf("poddoctor.inventory() = %v, want %v", first, whole)
	}
	if second := call(t, func() (*ast.Term, error) { return inventoryBuiltin.Func(evaluation(), in, nil) }); second != first {
		t.Errorf("a second evaluation unpacked the inventory again")
	}
	if got := call(t, func() (*ast.Term, error) { return inventoryBuiltin.Func(evaluation(), nil, nil) }); !got.Equal(emptyInventory) {
		t.Errorf("without inputs: %v", got)
	}
}

// TestInventoryPartsUnpackOncePerEvaluation: rules of one object that read
// the same part share one unpacked term; the next evaluation unpacks its
// own.
func TestInventoryPartsUnpackOncePerEvaluation(t *testing.T) {
	in, _ := packedInputs(t)
	path := ast.MustParseTerm(`["templates", 0]`)
	one := evaluation()
	a := call(t, func() (*ast.Term, error) { return inventoryAtBuiltin.Func(one, in, []*ast.Term{path, ast.NullTerm()}) })
	b := call(t, func() (*ast.Term, error) { return inventoryAtBuiltin.Func(one, in, []*ast.Term{path, ast.NullTerm()}) })
	if a != b {
		t.Errorf("one evaluation unpacked the same part twice")
	}
	c := call(t, func() (*ast.Term, error) {
		return inventoryAtBuiltin.Func(evaluation(), in, []*ast.Term{path, ast.NullTerm()})
	})
	if c == a || !c.Equal(a) {
		t.Errorf("another evaluation: shared %v, equal %v; want its own equal term", c == a, c.Equal(a))
	}
}

// TestLargeInventoryPartsUnpackOncePerRun: a list longer than largePart
// (all the templates, which the library reads where no index narrows a
// selector) is unpacked once for the whole run, not at every evaluation.
func TestLargeInventoryPartsUnpackOncePerRun(t *testing.T) {
	items := make([]*ast.Term, largePart+1)
	for i := range items {
		items[i] = ast.ObjectTerm(ast.Item(ast.StringTerm("name"), ast.StringTerm(fmt.Sprintf("web-%d", i))))
	}
	whole := ast.NewObject(ast.Item(ast.StringTerm("templates"), ast.ArrayTerm(items...)))
	p, err := packed.Pack(whole)
	if err != nil {
		t.Fatal(err)
	}
	in := &Inputs{PackedInventory: p}
	path := ast.MustParseTerm(`["templates"]`)
	first := call(t, func() (*ast.Term, error) {
		return inventoryAtBuiltin.Func(evaluation(), in, []*ast.Term{path, ast.NullTerm()})
	})
	second := call(t, func() (*ast.Term, error) {
		return inventoryAtBuiltin.Func(evaluation(), in, []*ast.Term{path, ast.NullTerm()})
	})
	if first != second || !first.Equal(ast.ArrayTerm(items...)) {
		t.Errorf("two evaluations: shared %v, equal %v; want one unpacked list for the run", first == second, first.Equal(ast.ArrayTerm(items...)))
	}
}
