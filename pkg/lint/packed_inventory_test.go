package lint

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// TestPackedInventoryGivesTheSameFindings lints every object of the
// generated corpora (each shape of application bench/gen makes) and of
// the annotated testdata twice: with the run's inventory packed, read part
// by part through poddoctor.inventory.at and .size as a lint run does,
// and with the whole Rego value, which the same built-ins walk as it is
// (rules/lib's own fallback, for a policy test that mocks
// poddoctor.inventory, is what the rules' Rego tests run). Every rule of
// every profile must give the same findings either way.
func TestPackedInventoryGivesTheSameFindings(t *testing.T) {
	l, err := New(context.Background(), Options{Profile: "all"})
	if err != nil {
		t.Fatal(err)
	}
	applications := map[string][]*manifest.Object{}
	for _, mix := range []string{corpus.MixMixed, corpus.MixReference, corpus.MixBudgets, corpus.MixAccess} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 400, Mix: mix})
		for _, f := range files {
			objs, _ := manifest.Parse(f.Path, f.Data)
			applications[mix] = append(applications[mix], objs...)
		}
	}
	err = filepath.WalkDir("../../testdata/lint", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || (filepath.Ext(path) != ".yaml" && filepath.Ext(path) != ".yml") {
			return err
		}
		objs, _, err := manifest.ReadFile(path, nil)
		if err == nil {
			applications[path] = objs
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	compared, found := 0, 0
	for name, objects := range applications {
		inv := newInventory()
		crds := crdSchemas{}
		for _, o := range objects {
			e := inventoryEntryOf(o)
			for k, v := range e.crds {
				crds[k] = v
			}
			inv.add(e)
		}
		v, err := inv.value()
		if err != nil {
			t.Fatal(err)
		}
		packedRun := newAppRun(v, crds, true)
		if packedRun.policy.Inputs.(*builtin.Inputs).PackedInventory == nil {
			t.Fatalf("%s: the inventory was not packed", name)
		}
		wholeRun := &appRun{policy: eval.Run{Inputs: &builtin.Inputs{Inventory: ast.NewTerm(v)}}, crds: crds}
		for _, o := range objects {
			got := l.lintObject(context.Background(), o, packedRun)
			want := l.lintObject(context.Background(), o, wholeRun)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s %s: packed inventory gives\n%+v\nwhole value gives\n%+v", name, o.Kind, o.Name, got, want)
			}
			compared++
			found += len(want.Findings)
		}
	}
	if compared < 1000 || found < 500 {
		t.Errorf("compared %d objects with %d findings; the corpora should give more", compared, found)
	}
}
