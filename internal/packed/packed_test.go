package packed

import (
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// values are Rego values of every kind Pack takes, shaped like the
// inventory of pkg/lint: nested indexes, records, shared lists, numbers
// as JSON writes them.
var values = []string{
	`null`, `true`, `false`, `0`, `-3`, `512`, `513`, `123456789012345678901234567890`, `1.5`, `1e3`, `-0.25`,
	`""`, `"a"`, `"é\u0000\n"`, `[]`, `{}`, `[[]]`, `{"": {}}`,
	`[1, "1", null, true, {"a": [2, 3]}]`,
	`{"b": 1, "a": 2, "c": {"z": [], "y": {"x": "w"}}}`,
	`{"complete": true, "kinds": {"Deployment": 2, "Service": 1},
	  "templates": [{"kind": "Deployment", "namespace": "shop", "name": "web", "labels": {"app": "web"}, "ports": [{"name": "http", "containerPort": 8080}]},
	                {"kind": "Deployment", "namespace": "", "name": "api", "labels": {}, "ports": []}],
	  "label_index": {"app": {"web": [0], "api": [1]}, "tier": {"front": [0, 1]}},
	  "related": {"Service": [{"namespace": "shop", "name": "web", "selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": "http"}]}]}}`,
}

func TestUnpackGivesThePackedValue(t *testing.T) {
	for _, text := range values {
		want := ast.MustParseTerm(text)
		p, err := Pack(want.Value)
		if err != nil {
			t.Fatalf("Pack(%s): %v", text, err)
		}
		if got := p.Root().Term(); !got.Equal(want) {
			t.Errorf("Pack(%s) unpacks to %s", text, got)
		}
	}
}

// TestFindMatchesTheValue reads every path of every value, and paths that
// lead nowhere, packed and unpacked: the same part, the same length, and
// found exactly where walking the Rego value finds something.
func TestFindMatchesTheValue(t *testing.T) {
	for _, text := range values {
		whole := ast.MustParseTerm(text)
		p, err := Pack(whole.Value)
		if err != nil {
			t.Fatal(err)
		}
		var walk func(path []*ast.Term, at *ast.Term)
		walk = func(path []*ast.Term, at *ast.Term) {
			checkPath(t, p, whole, path)
			// Steps that find nothing: a missing key, an index out of
			// range, a step of the wrong type.
			for _, miss := range []*ast.Term{ast.StringTerm("missing"), ast.IntNumberTerm(99), ast.IntNumberTerm(-1), ast.NumberTerm("0.5"), ast.BooleanTerm(true)} {
				checkPath(t, p, whole, append(path[:len(path):len(path)], miss))
			}
			switch x := at.Value.(type) {
			case *ast.Array:
				for i := range x.Len() {
					walk(append(path[:len(path):len(path)], ast.IntNumberTerm(i)), x.Elem(i))
				}
			case ast.Object:
				for _, k := range x.Keys() {
					walk(append(path[:len(path):len(path)], k), x.Get(k))
				}
			}
		}
		walk(nil, whole)
	}
}

// checkPath compares Find with walking the Rego value as object.get does.
func checkPath(t *testing.T, p *Value, whole *ast.Term, path []*ast.Term) {
	t.Helper()
	want := whole
	for _, step := range path {
		if want = want.Get(step); want == nil {
			break
		}
	}
	got, ok := p.Find(path)
	if ok != (want != nil) {
		t.Fatalf("Find(%v) found=%v, the value has %v", path, ok, want)
	}
	if !ok {
		return
	}
	if term := got.Term(); !term.Equal(want) {
		t.Errorf("Find(%v) = %s, want %s", path, term, want)
	}
	wantLen := -1
	switch x := want.Value.(type) {
	case *ast.Array:
		wantLen = x.Len()
	case ast.Object:
		wantLen = x.Len()
	}
	if got.Len() != wantLen {
		t.Errorf("Find(%v).Len() = %d, want %d", path, got.Len(), wantLen)
	}
}

func TestPackRefusesWhatJSONCannotHold(t *testing.T) {
	for _, text := range []string{`{1: "a"}`, `{"a": {1, 2}}`, `[{"k": {[1]: 2}}]`} {
		_, err := Pack(ast.MustParseTerm(text).Value)
		if err == nil || !strings.Contains(err.Error(), "pack a Rego") {
			t.Errorf("Pack(%s) = %v, want an error", text, err)
		}
	}
}

// TestSharedTermsArePackedOnce: a list the value holds in many places takes
// its bytes once.
func TestSharedTermsArePackedOnce(t *testing.T) {
	ports := ast.MustParseTerm(`[{"name": "http", "containerPort": 8080}, {"name": "metrics", "containerPort": 9090}]`)
	items := make([]*ast.Term, 1000)
	for i := range items {
		items[i] = ports
	}
	shared, err := Pack(ast.NewArray(items...))
	if err != nil {
		t.Fatal(err)
	}
	one, err := Pack(ports.Value)
	if err != nil {
		t.Fatal(err)
	}
	if want := one.Size() + 5 + 4*len(items); shared.Size() != want {
		t.Errorf("1,000 uses of one list take %d bytes, want %d (the list once, and an offset for each use)", shared.Size(), want)
	}
	if got := shared.Root().Term(); !got.Equal(ast.ArrayTerm(items...)) {
		t.Errorf("unpacked: %s", got)
	}
}
