package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFileChunksMatchesReadFile: reading a file of many small
// documents a chunk at a time gives the objects, lines, indexes and
// problems that reading it whole gives, in the same order.
func TestReadFileChunksMatchesReadFile(t *testing.T) {
	var b strings.Builder
	docs := 2*ChunkDocuments + 17
	for i := range docs {
		if i == ChunkDocuments+3 {
			b.WriteString("---\nkind: [broken\n")
			continue
		}
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\ndata:\n  k: v\n", i)
	}
	file := filepath.Join(t.TempDir(), "many.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	wantObjs, wantProbs, err := ReadFileWith(file, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var gotObjs []*Object
	var gotProbs []Problem
	chunks := 0
	err = ReadFileChunks(file, nil, Options{}, func(objs []*Object, probs []Problem) error {
		chunks++
		gotObjs = append(gotObjs, objs...)
		gotProbs = append(gotProbs, probs...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if chunks != 3 {
		t.Errorf("%d chunks, want 3", chunks)
	}
	if len(gotObjs) != len(wantObjs) || len(gotProbs) != len(wantProbs) || len(wantProbs) != 1 {
		t.Fatalf("%d objects and %d problems, want %d and %d (1)", len(gotObjs), len(gotProbs), len(wantObjs), len(wantProbs))
	}
	for i := range wantObjs {
		g, w := gotObjs[i], wantObjs[i]
		if g.Name != w.Name || g.Index != w.Index || g.Location() != w.Location() {
			t.Fatalf("object %d: %s index %d at %v, want %s index %d at %v", i, g.Name, g.Index, g.Location(), w.Name, w.Index, w.Location())
		}
	}
	if gotProbs[0].Location != wantProbs[0].Location {
		t.Errorf("problem at %v, want %v", gotProbs[0].Location, wantProbs[0].Location)
	}
}
