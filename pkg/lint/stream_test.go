package lint

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// TestLintPathsReadingTwice checks that a run too big to hold in memory,
// which reads its files twice, finds exactly what a run that holds them
// finds: files, standard input, broken documents and cross-object checks;
// and so does one that holds its inventory packed.
func TestLintPathsReadingTwice(t *testing.T) {
	dir := t.TempDir()
	if _, err := corpus.WriteManifests(dir, corpus.ManifestOptions{Objects: 600, PerFile: 50}); err != nil {
		t.Fatal(err)
	}
	// name: "y" is quoted: unquoted, y is the boolean true in YAML 1.1, as
	// kubectl reads it, and the Service would be refused.
	broken := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n---\napiVersion: v1\nkind: Service\nmetadata: {name: \"y\"}\nspec: {selector: {app: nope}}\n"
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	stdin, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 120, Mix: corpus.MixReference, Seed: 7})
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := func(hold, pack int64) Result {
		t.Helper()
		savedHold, savedPack := holdInputBytes, packInventoryAbove
		holdInputBytes, packInventoryAbove = hold, pack
		defer func() { holdInputBytes, packInventoryAbove = savedHold, savedPack }()
		res, err := l.LintPaths(ctx, []string{dir, "-"}, bytes.NewReader(stdin[0].Data))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	held, twice := run(1<<62, 1<<62), run(0, 1<<62)
	if held.Objects != 720+1 || len(held.Findings) == 0 {
		t.Fatalf("held: %d objects, %d findings", held.Objects, len(held.Findings))
	}
	if !reflect.DeepEqual(held, twice) {
		t.Errorf("reading twice found %d findings (%d suppressed), holding %d (%d)",
			len(twice.Findings), len(twice.Suppressed), len(held.Findings), len(held.Suppressed))
	}
	// A run past packInventoryAbove holds its inventory packed, and finds
	// the same.
	if packed := run(0, 0); !reflect.DeepEqual(twice, packed) {
		t.Errorf("with the inventory packed: %d findings (%d suppressed), as a Rego value %d (%d)",
			len(packed.Findings), len(packed.Suppressed), len(twice.Findings), len(twice.Suppressed))
	}
}
