package diagnose

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/bench/corpus"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestFactsValueIsTheirJSON checks that the policy input built directly
// from a facts document is exactly the value of the document's JSON, which
// is what -o facts prints and docs/facts.md describes: on every annotated
// snapshot and on a generated cluster.
func TestFactsValueIsTheirJSON(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/diagnose/*")
	if err != nil {
		t.Fatal(err)
	}
	var snaps []*snapshot.Snapshot
	for _, path := range paths {
		if strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".golden") {
			continue
		}
		if s, err := snapshot.Load([]string{path}, nil); err == nil {
			snaps = append(snaps, s)
		}
	}
	var buf bytes.Buffer
	if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: 1000}); err != nil {
		t.Fatal(err)
	}
	s, err := snapshot.Load([]string{"-"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	snaps = append(snaps, s)
	d := &Diagnoser{}
	n := 0
	for _, s := range snaps {
		facts, _ := d.Facts(s, Filter{})
		for _, f := range facts {
			got, err := factsValue(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ast.InterfaceToValue(f) // through JSON
			if err != nil {
				t.Fatal(err)
			}
			if got.Compare(want) != 0 {
				t.Fatalf("facts of %s differ from their JSON:\n%v\n%v", f.name(), got, want)
			}
			n++
		}
	}
	if n < 100 {
		t.Errorf("only %d facts documents compared", n)
	}
}
