package eval_test

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/diagnose"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestFactsConvertDirectly converts every facts document of the annotated
// snapshots and of a generated cluster: each must be converted without
// the JSON round trip, to exactly the value of its JSON, numbers spelt
// the same.
func TestFactsConvertDirectly(t *testing.T) {
	paths, err := filepath.Glob("../../../testdata/diagnose/*")
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
	if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: 5000}); err != nil {
		t.Fatal(err)
	}
	s, err := snapshot.Load([]string{"-"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	snaps = append(snaps, s)
	d := &diagnose.Diagnoser{}
	n := 0
	for _, s := range snaps {
		facts, _ := d.Facts(s, diagnose.Filter{})
		for _, f := range facts {
			got, ok := eval.DirectValue(reflect.ValueOf(f))
			if !ok {
				t.Fatalf("facts document %d left to the JSON round trip", n)
			}
			want, err := ast.InterfaceToValue(f) // through JSON
			if err != nil {
				t.Fatal(err)
			}
			if !eval.Identical(got, want) {
				t.Fatalf("facts document %d differs from its JSON:\n%v\n%v", n, got, want)
			}
			n++
		}
	}
	if n < 500 {
		t.Errorf("only %d facts documents compared", n)
	}
	t.Logf("%d facts documents", n)
}
