package manifest

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestParseTestdata checks every annotated file in testdata: its objects
// and problems, exactly, and the positions, data, pod specs and unknown
// fields it asks about.
func TestParseTestdata(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/*.yaml", "testdata/*.json"} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, matches...)
	}
	sort.Strings(files)
	if len(files) < 8 {
		t.Fatalf("found only %d testdata files: %v", len(files), files)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			objects, problems, err := ReadFile(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			wants := readWants(t, path)
			checkObjects(t, path, objects, wants)
			checkProblems(t, path, problems, wants)
			for _, w := range wants {
				checkWant(t, objects, w)
			}
		})
	}
}

// checkObjects fails on a missing object and on an extra one.
func checkObjects(t *testing.T, file string, objects []*Object, wants []want) {
	t.Helper()
	got := make(map[string]*Object)
	for _, o := range objects {
		if o.File != file {
			t.Errorf("%s: File = %q, want %q", refString(o), o.File, file)
		}
		got[refString(o)] = o
	}
	expected := make(map[string]bool)
	for _, w := range wants {
		if w.verb != "object" {
			continue
		}
		ref := w.args[0]
		expected[ref] = true
		o, ok := got[ref]
		if !ok {
			t.Errorf("want line %d: missing object %s", w.line, ref)
			continue
		}
		loc := o.Location()
		if lc := lineCol(loc.Line, loc.Column); lc != w.args[1] || loc.File != file {
			t.Errorf("%s: Location = %s:%s, want %s", ref, loc.File, lc, w.args[1])
		}
		if len(w.args) > 2 {
			if idx := strings.TrimPrefix(w.args[2], "index="); fmt.Sprint(o.Index) != idx {
				t.Errorf("%s: Index = %d, want %s", ref, o.Index, idx)
			}
		}
		// A nameless object is kept (its problem is wanted separately).
		if o.Kind == "" || o.APIVersion == "" {
			t.Errorf("%s: incomplete identity %+v", ref, o.Ref())
		}
	}
	for ref := range got {
		if !expected[ref] {
			t.Errorf("extra object %s at %s", ref, got[ref].Location())
		}
	}
}

// checkProblems fails on a missing problem and on an extra one.
func checkProblems(t *testing.T, file string, problems []Problem, wants []want) {
	t.Helper()
	matched := make([]bool, len(problems))
	for _, w := range wants {
		if w.verb != "problem" {
			continue
		}
		line := atoi(t, w.args[0])
		message := strings.TrimSpace(strings.TrimPrefix(w.rest, w.args[0]))
		found := false
		for i, p := range problems {
			if !matched[i] && p.Location.Line == line && strings.Contains(p.Message, message) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("want line %d: missing problem at line %d containing %q; problems: %v", w.line, line, message, problems)
		}
	}
	for i, p := range problems {
		if p.Location.File != file {
			t.Errorf("problem %q: File = %q, want %q", p.Message, p.Location.File, file)
		}
		if !matched[i] {
			t.Errorf("extra problem at %s: %s", p.Location, p.Message)
		}
	}
}

// checkWant checks the expectations about one object.
func checkWant(t *testing.T, objects []*Object, w want) {
	t.Helper()
	switch w.verb {
	case "object", "problem":
		// checked as sets above
	case "position":
		o := objectNamed(t, objects, w, w.args[0])
		if o == nil {
			return
		}
		path := unquoteArg(w.args[1])
		loc := o.Position(path)
		if got := lineCol(loc.Line, loc.Column); got != w.args[2] {
			t.Errorf("want line %d: %s Position(%q) = %s, want %s", w.line, w.args[0], path, got, w.args[2])
		}
	case "data":
		o := objectNamed(t, objects, w, w.args[0])
		if o == nil {
			return
		}
		if got := scalarText(dataAt(o.Data, w.args[1])); got != w.args[2] {
			t.Errorf("want line %d: %s data at %s = %q, want %q", w.line, w.args[0], w.args[1], got, w.args[2])
		}
	case "unknown":
		checkUnknown(t, objects, w)
	case "podspec", "container", "annotations":
		checkPodSpec(t, objects, w)
	default:
		t.Errorf("want line %d: unknown verb %q", w.line, w.verb)
	}
}

// dataAt follows a field path through decoded data.
func dataAt(v any, path string) any {
	for path != "" {
		seg, rest, ok := nextSegment(path)
		if !ok {
			return nil
		}
		switch {
		case seg.isIndex:
			items, _ := v.([]any)
			if seg.index >= len(items) {
				return nil
			}
			v = items[seg.index]
		default:
			m, _ := v.(map[string]any)
			v = m[seg.key]
		}
		path = rest
	}
	return v
}

// TestParseManyDocumentsKeepsOrder parses a stream long enough to be read on
// several goroutines and checks that objects, indexes and problems come out
// in file order, as they would one by one.
func TestParseManyDocumentsKeepsOrder(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 60; i++ {
		if i == 30 {
			b.WriteString("---\nbroken: [\n")
			continue
		}
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-%d}\n", i)
	}
	objects, problems := Parse("many.yaml", []byte(b.String()))
	if len(objects) != 59 || len(problems) != 1 {
		t.Fatalf("%d objects, problems %v", len(objects), problems)
	}
	if problems[0].Location.Line != 30*4+2 {
		t.Errorf("problem at line %d, want %d", problems[0].Location.Line, 30*4+2)
	}
	for i, o := range objects {
		doc := i
		if i >= 30 {
			doc = i + 1
		}
		if o.Name != fmt.Sprintf("cm-%d", doc) || o.Index != doc {
			t.Fatalf("object %d is %s with index %d, want cm-%d with index %d", i, o.Name, o.Index, doc, doc)
		}
		line := doc*4 + 2
		if doc > 30 {
			line -= 2 // the broken document is two lines shorter
		}
		if o.Location().Line != line {
			t.Errorf("%s at line %d, want %d", o.Name, o.Location().Line, line)
		}
	}
}
