package eval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/manifest"

	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
)

// builtinConfig is the default configuration of an engine's built-in
// policies, from which its bundle is built.
func builtinConfig(t testing.TB, engine string) Config {
	t.Helper()
	modules, err := policy.Builtins(engine)
	if err != nil {
		t.Fatal(err)
	}
	return Config{Engine: engine, Modules: modules, Builtins: builtin.All(imageref.NewSuggester())}
}

// withoutImplementations clears what bind fills in, which a fresh compile
// has and an encoded program has not: the built-ins' functions (no two
// functions are deeply equal) and the slots of constant rules.
func withoutImplementations(b *bundle) {
	clear := func(in *vmInstr) {
		if in.bi != nil {
			in.bi.fn = nil
			in.bi.direct = nil
		}
	}
	for _, fn := range b.prog.funcs {
		eachInstr(fn.blocks, clear)
	}
	eachInstr(b.prog.plan.blocks, clear)
	b.prog.constants = nil
}

// TestBundlesAreFresh compiles the built-in policies of each engine and
// profile with OPA and the interpreter's compiler and checks that the
// embedded bundles are exactly their encodings, and that each decodes to
// a program and metadata deeply equal to the fresh compile's. A change to
// a rule, a library, a built-in's declaration, OPA or this package's code
// fails here until `go generate ./pkg/policy/eval` is run.
func TestBundlesAreFresh(t *testing.T) {
	ctx := context.Background()
	own := builtin.All(imageref.NewSuggester())
	fresh, err := BuiltinBundles(ctx, own)
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(bundled, "bundled/*.bin")
	if err != nil {
		t.Fatal(err)
	}
	var embedded, want []string
	for _, f := range files {
		embedded = append(embedded, path.Base(f))
	}
	for name := range fresh {
		want = append(want, name)
	}
	slices.Sort(want)
	if !slices.Equal(embedded, want) {
		t.Fatalf("embedded bundles %v, a fresh compile makes %v: run go generate ./pkg/policy/eval", embedded, want)
	}
	for _, name := range []string{"lint.bin", "lint-strict.bin", "lint-all.bin", "diagnose.bin"} {
		if fresh[name] == nil {
			t.Errorf("no bundle %s", name)
		}
	}
	for _, engine := range []string{"lint", "diagnose"} {
		for _, profile := range policy.Profiles {
			name := bundleFile(engine, profile)
			encoded, ok := fresh[name]
			if !ok {
				continue
			}
			t.Run(name, func(t *testing.T) {
				embedded := bundledData(engine, profile)
				if !bytes.Equal(encoded, []byte(embedded)) {
					t.Fatalf("bundled/%s is stale (%d bytes, a fresh compile encodes to %d): run go generate ./pkg/policy/eval", name, len(embedded), len(encoded))
				}
				cfg := builtinConfig(t, engine)
				cfg.Profile = profile
				compiled, err := newBundle(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				key := bundleKey(engine, cfg.Modules, cfg.Builtins)
				loaded, err := decodeBundle(embedded, key)
				if err != nil {
					t.Fatal(err)
				}
				if err := loaded.bind(ctx, cfg); err != nil {
					t.Fatal(err)
				}
				// Every built-in got an implementation.
				each := func(in *vmInstr) {
					if in.bi != nil && in.bi.fn == nil {
						t.Errorf("built-in %s has no implementation", in.bi.name)
					}
					// The interpreter answers the same built-ins itself
					// as after a fresh compile.
					if in.bi != nil && !in.bi.custom && (in.bi.direct != nil) != (directBuiltins[in.bi.name] != nil) {
						t.Errorf("built-in %s: the interpreter's own answer was not bound", in.bi.name)
					}
				}
				for _, fn := range loaded.prog.funcs {
					eachInstr(fn.blocks, each)
				}
				// Encoding again reads the loaded constants' sets and objects
				// in sorted order, as encoding the fresh ones did: their
				// sortedness is part of a deep comparison.
				if again, err := encodeBundle(loaded, key); err != nil || !bytes.Equal(again, encoded) {
					t.Fatalf("the loaded bundle encodes to other bytes (%v)", err)
				}
				if _, err := encodeBundle(compiled, key); err != nil {
					t.Fatal(err)
				}
				withoutImplementations(compiled)
				withoutImplementations(loaded)
				if !reflect.DeepEqual(compiled, loaded) {
					t.Fatal("the decoded bundle differs from a fresh compile")
				}
				if len(loaded.prog.funcs) == 0 || len(loaded.rules) == 0 || len(loaded.selected) == 0 || len(loaded.sources) == 0 {
					t.Fatalf("the bundle is empty: %d functions, %d rules", len(loaded.prog.funcs), len(loaded.rules))
				}
			})
		}
	}
}

// TestCompileUsesBundle checks which configurations load the bundle and
// which compile the modules: only the built-in modules as bundled, in a
// configuration that selects the bundled rules, with no base document but
// rule parameters, with the interpreter.
func TestCompileUsesBundle(t *testing.T) {
	team := policy.Module{File: "team/deny.rego", Source: "package main\n\ndeny contains \"x\" if input.kind == \"Widget\"\n", User: true}
	edited := func(cfg *Config) {
		mods := slices.Clone(cfg.Modules)
		for i, m := range mods {
			if m.File == "rules/lint/latest_tag.rego" {
				mods[i].Source += "\n# edited\n"
			}
		}
		cfg.Modules = mods
	}
	cases := []struct {
		name   string
		change func(*Config)
		want   bool
	}{
		{"default", func(*Config) {}, true},
		{"rule parameters", func(c *Config) { c.Data = map[string]any{"params": map[string]any{"x": 1}} }, true},
		{"a Go rule disabled", func(c *Config) { c.Disabled = map[string]bool{"invalid-manifest": true} }, true},
		{"a default rule enabled", func(c *Config) { c.Enabled = map[string]bool{"latest-tag": true} }, true},
		{"the default profile named", func(c *Config) { c.Profile = "default" }, true},
		{"a Rego rule disabled", func(c *Config) { c.Disabled = map[string]bool{"latest-tag": true} }, false},
		{"the strict profile", func(c *Config) { c.Profile = "strict" }, true},
		{"the all profile", func(c *Config) { c.Profile = "all" }, true},
		{"an opt-in rule enabled", func(c *Config) { c.Enabled = map[string]bool{"dns-ndots": true} }, false},
		{"a strict rule disabled under strict", func(c *Config) {
			c.Profile, c.Disabled = "strict", map[string]bool{"autoscaler-min-replicas": true}
		}, false},
		{"an unknown profile", func(c *Config) { c.Profile = "lax" }, false},
		{"a team's policy", func(c *Config) { c.Modules = append(slices.Clone(c.Modules), team) }, false},
		{"a module edited", edited, false},
		{"a base document", func(c *Config) { c.Documents = map[string]any{"x": 1} }, false},
		{"data beside params", func(c *Config) { c.Data = map[string]any{"other": 1} }, false},
		{"topdown", func(c *Config) { c.Evaluator = EvaluatorTopdown }, false},
		{"every rule", func(c *Config) { c.everyRule = true }, false},
		{"another built-in declaration", func(c *Config) { c.Builtins = c.Builtins[1:] }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lintConfig()
			tc.change(&cfg)
			e, err := Compile(context.Background(), cfg)
			if err != nil {
				if tc.name == "another built-in declaration" {
					return // the rules call it: compiling fails, as before
				}
				t.Fatal(err)
			}
			if e.fromBundle() != tc.want {
				t.Errorf("loaded from the bundle: %v, want %v", e.fromBundle(), tc.want)
			}
		})
	}
	// Nothing but the bundle's own type can be misread: a bundle of
	// another engine is refused by its key.
	cfg := lintConfig()
	if _, err := decodeBundle(bundledData("diagnose", ""), bundleKey("lint", cfg.Modules, cfg.Builtins)); err == nil {
		t.Error("the diagnose bundle was accepted for lint")
	}
}

// evaluationObjects are the lint testdata and generated objects of both
// mixes, as ToValue inputs.
func evaluationObjects(t *testing.T, generated int) []evalObject {
	t.Helper()
	var objects []evalObject
	files, _ := filepath.Glob("../../../testdata/lint/*.yaml")
	for _, file := range files {
		parsed, _, err := manifest.ReadFile(file, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range parsed {
			objects = append(objects, evalObject{fmt.Sprintf("%s %s/%s", filepath.Base(file), o.Kind, o.Name), o.Data})
		}
	}
	for _, mix := range []string{corpus.MixReference, corpus.MixMixed} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: generated, Mix: mix})
		for _, f := range files {
			parsed, _ := manifest.Parse(f.Path, f.Data)
			for _, o := range parsed {
				objects = append(objects, evalObject{fmt.Sprintf("%s %s %s/%s", mix, f.Path, o.Kind, o.Name), o.Data})
			}
		}
	}
	return objects
}

type evalObject struct {
	label string
	data  any
}

// compareEngines evaluates every object with both engines and fails on
// any difference of results or errors; it returns the number of results.
func compareEngines(t *testing.T, loaded, compiled *Engine, objects []evalObject) int {
	t.Helper()
	ctx := context.Background()
	results := 0
	for _, o := range objects {
		input, err := ToValue(o.data)
		if err != nil {
			t.Fatal(err)
		}
		got, gotErr := loaded.Evaluate(ctx, input, Run{})
		want, wantErr := compiled.Evaluate(ctx, input, Run{})
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: error %v, compiled %v", o.label, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: results differ\nloaded:   %+v\ncompiled: %+v", o.label, got, want)
		}
		results += len(want)
	}
	return results
}

// TestBundledEngineMatchesCompiled evaluates the lint testdata and
// generated objects with engines loaded from the bundles of the default
// and the all profile and with engines compiled from the modules: results,
// errors and rule metadata agree.
func TestBundledEngineMatchesCompiled(t *testing.T) {
	objects := evaluationObjects(t, 200)
	for _, profile := range []string{"", "all"} {
		t.Run("profile "+profile, func(t *testing.T) {
			cfg := lintConfig()
			cfg.Profile = profile
			cfg.Data = map[string]any{"params": map[string]any{"resource-range": map[string]any{"maxCpu": "2"}}}
			loaded, err := Compile(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			compiled, err := compileModules(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !loaded.fromBundle() || compiled.fromBundle() {
				t.Fatal("want one engine loaded and one compiled")
			}
			if !reflect.DeepEqual(loaded.Registry().Rules(), compiled.Registry().Rules()) {
				t.Error("the rule registries differ")
			}
			results := compareEngines(t, loaded, compiled, objects)
			if len(objects) < 400 || results == 0 {
				t.Errorf("%d objects, %d results: too few to compare", len(objects), results)
			}
		})
	}
}

// TestBundledEngineIsolatesFailures makes a custom built-in fail on one
// value: the engine loaded from the bundle compiles the modules when the
// first evaluation fails and names the same failing packages, with the
// same results of the others, as a compiled engine.
func TestBundledEngineIsolatesFailures(t *testing.T) {
	cfg := lintConfig()
	own := slices.Clone(cfg.Builtins)
	for i, b := range own {
		if b.Decl.Name != "poddoctor.quantity.parse" {
			continue
		}
		parse := b.Func
		own[i].Func = func(bctx rego.BuiltinContext, inputs any, args []*ast.Term) (*ast.Term, error) {
			if len(args) > 0 && args[0].Value.Compare(ast.String("666Mi")) == 0 {
				panic("a quantity the test refuses")
			}
			return parse(bctx, inputs, args)
		}
	}
	cfg.Builtins = own
	loaded, err := Compile(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := compileModules(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.fromBundle() {
		t.Fatal("the engine was not loaded from the bundle")
	}
	container := map[string]any{"name": "app", "image": "registry.example.com/app:1.2.3",
		"resources": map[string]any{"requests": map[string]any{"memory": "666Mi", "cpu": "100m"}, "limits": map[string]any{"memory": "666Mi"}}}
	pod := map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "p"},
		"spec": map[string]any{"containers": []any{container}}}
	input, err := ToValue(pod)
	if err != nil {
		t.Fatal(err)
	}
	got, gotErr := loaded.Evaluate(context.Background(), input, Run{})
	var failed EvaluationErrors
	if !errors.As(gotErr, &failed) || len(got) == 0 {
		t.Fatalf("want the other packages' results and the failed ones named, got %d results, error %v", len(got), gotErr)
	}
	want, wantErr := compiled.Evaluate(context.Background(), input, Run{})
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
		t.Errorf("loaded: %v, %+v\ncompiled: %v, %+v", gotErr, got, wantErr, want)
	}
}
