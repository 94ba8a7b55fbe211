package eval

import (
	"context"
	"crypto/sha256"
	"embed"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	opaversion "github.com/open-policy-agent/opa/v1/version"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

// The built-in policies of each engine, compiled when poddoctor is built
// rather than on every run: parsing and compiling the 88 lint rules cost
// more than the rest of a start-up together. A bundle is the interpreter's
// program and what the engine reads beside it, encoded by vm_codec.go.
// Compile uses it when it was built from exactly the modules and built-in
// declarations of the run and the run selects the same rules; otherwise,
// and whenever anything about the bundle is off, it compiles the modules
// as it always did. OPA and vm_compile.go stay the only compiler:
// TestBundlesAreFresh fails until `go generate ./pkg/policy/eval`
// rewrites a bundle that no longer equals a fresh compile.

//go:generate go run ./internal/genbundle

var (
	// bundled holds one bundle per engine and rule profile (bundleFile).
	//go:embed bundled/*.bin
	bundled embed.FS
	// sources are this package's Go files: any change to the compiler,
	// the kind analysis or the interpreter makes the bundles stale.
	//go:embed *.go
	sources embed.FS
)

var sourcesDigest = sync.OnceValue(func() [sha256.Size]byte { return policy.GoSourcesDigest(sources) })

// bundleFile names the bundle of an engine's built-in policies compiled
// with one rule profile: lint.bin for the default profile, lint-strict.bin
// for another. A profile that selects the same rules as the default has
// none.
func bundleFile(engine, profile string) string {
	if profile == "" || profile == policy.Profiles[0] {
		return engine + ".bin"
	}
	return engine + "-" + profile + ".bin"
}

// bundledData returns the embedded bundle of an engine and profile, or ""
// when there is none.
func bundledData(engine, profile string) string {
	data, err := bundled.ReadFile("bundled/" + bundleFile(engine, profile))
	if err != nil {
		return ""
	}
	return string(data)
}

// bundleMagic starts every bundle; a change of format changes it.
const bundleMagic = "poddoctor compiled policies 1\n"

// bundle is what Compile derives from the built-in policies of one engine
// with one rule profile and otherwise the default configuration.
type bundle struct {
	prog *vmProgram
	// rules are the rules the modules' METADATA declares, as policy.Load
	// reads them, in the modules' order; selected are the ids of those
	// compiled in, sorted.
	rules    []finding.Rule
	selected []string
	sources  map[string]source
	order    []string
	lines    map[string][]ruleLine
}

var bundleCodec = sync.OnceValues(func() (*codec, error) {
	return newCodec(reflect.TypeFor[bundle]())
})

// Compile parses and compiles the modules once. A module that does not
// parse or compile is an error naming its file and line. The built-in
// policies in their default configuration come precompiled (bundle.go).
func Compile(ctx context.Context, cfg Config) (*Engine, error) {
	if e, err := compileBundled(ctx, cfg); err == nil {
		return e, nil
	}
	return compileModules(ctx, cfg)
}

// errNoBundle says a configuration has no bundle to load.
var errNoBundle = errors.New("no precompiled policies for this configuration")

// bundleKey is what a bundle was built from: the engine, OPA's version,
// the Go code of this package and of pkg/policy, the modules that are
// compiled (tests left out) and the declarations of the custom built-ins.
// A binary built from changed code or rules without regenerating the
// bundles compiles its policies, as before bundles existed.
func bundleKey(engine string, modules []policy.Module, own []Builtin) [sha256.Size]byte {
	h := sha256.New()
	write := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(strconv.Itoa(len(p))))
			h.Write([]byte{':'})
			h.Write([]byte(p))
		}
	}
	code, rules := sourcesDigest(), policy.SourcesDigest()
	write(bundleMagic, engine, opaversion.Version, string(code[:]), string(rules[:]))
	for _, m := range modules {
		if !m.IsTest() {
			write("module", m.File, m.Source)
		}
	}
	for _, b := range own {
		write("builtin", b.Decl.Name, b.Decl.Decl.String(), strconv.FormatBool(b.Decl.Memoize), strconv.FormatBool(b.Decl.Nondeterministic))
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// bundleApplies says whether a configuration compiles what a bundle holds,
// apart from the rule selection (checked against the bundle's rules): the
// built-in modules alone, no base documents beyond rule parameters, the
// interpreter.
func bundleApplies(cfg Config) bool {
	if cfg.everyRule || len(cfg.Documents) > 0 || (cfg.Evaluator != "" && cfg.Evaluator != EvaluatorVM) {
		return false
	}
	for k := range cfg.Data {
		// A key beside params could collide with a rule's path, which
		// only a compile reports.
		if k != "params" {
			return false
		}
	}
	for _, m := range cfg.Modules {
		if m.User {
			return false
		}
	}
	return true
}

// selectedRules are the ids of the rules a configuration compiles, sorted,
// as compileModules selects them.
func selectedRules(rules []finding.Rule, cfg Config) []string {
	var ids []string
	for _, r := range rules {
		if !cfg.Disabled[r.ID] && policy.Selected(r, cfg.Profile, cfg.Enabled) {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// compileBundled builds the engine of cfg from its engine's bundle, or
// returns an error when there is none that fits (then the modules are
// compiled).
func compileBundled(ctx context.Context, cfg Config) (*Engine, error) {
	if !bundleApplies(cfg) {
		return nil, errNoBundle
	}
	data := bundledData(cfg.Engine, cfg.Profile)
	if data == "" {
		return nil, errNoBundle
	}
	b, err := decodeBundle(data, bundleKey(cfg.Engine, cfg.Modules, cfg.Builtins))
	if err != nil {
		return nil, err
	}
	if !slices.Equal(selectedRules(b.rules, cfg), b.selected) {
		return nil, errNoBundle
	}
	registry := policy.NewRegistry()
	for _, r := range cfg.GoRules {
		if err := registry.Register(r); err != nil {
			return nil, err // compiling reports it
		}
	}
	for _, r := range b.rules {
		if err := registry.Register(r); err != nil {
			return nil, err
		}
	}
	if err := b.bind(ctx, cfg); err != nil {
		return nil, err
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	e := &Engine{registry: registry, sources: b.sources, order: b.order, rules: b.lines, timeout: timeout, vm: b.prog}
	// Isolating a failure prepares a query per package: that needs the
	// compiled modules, compiled the first time an evaluation fails.
	e.isolate.compile = func(ctx context.Context) (*compiledPolicies, error) {
		fresh, err := compileModules(ctx, cfg)
		if err != nil {
			return nil, err
		}
		if fresh.vm == nil {
			return nil, fmt.Errorf("the interpreter cannot run the policies: %w", fresh.fallback)
		}
		return fresh.policies, nil
	}
	return e, nil
}

// decodeBundle reads a bundle built from key.
func decodeBundle(data string, key [sha256.Size]byte) (*bundle, error) {
	c, err := bundleCodec()
	if err != nil {
		return nil, err
	}
	header := len(bundleMagic) + 2*sha256.Size
	if len(data) < header || data[:len(bundleMagic)] != bundleMagic {
		return nil, errors.New("load precompiled policies: not a bundle of this version")
	}
	rest := data[len(bundleMagic):]
	if rest[:sha256.Size] != string(key[:]) {
		return nil, errors.New("load precompiled policies: built from other policies or another OPA")
	}
	if rest[sha256.Size:2*sha256.Size] != string(c.sum[:]) {
		return nil, errors.New("load precompiled policies: encoded for other program types")
	}
	p, err := c.decode(data[header:])
	if err != nil {
		return nil, err
	}
	return (*bundle)(p), nil
}

// encodeBundle writes a bundle built from key.
func encodeBundle(b *bundle, key [sha256.Size]byte) ([]byte, error) {
	c, err := bundleCodec()
	if err != nil {
		return nil, err
	}
	payload, err := c.encode(reflect.ValueOf(b).Elem())
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(bundleMagic)+2*sha256.Size+len(payload))
	out = append(out, bundleMagic...)
	out = append(out, key[:]...)
	out = append(out, c.sum[:]...)
	return append(out, payload...), nil
}

// bind gives a decoded program what is not encoded (derivedFields): the
// run's base document, the slots of constant rules, and the
// implementations of its built-ins.
func (b *bundle) bind(ctx context.Context, cfg Config) error {
	doc, err := ast.InterfaceToValue(storeDocument(cfg))
	if err != nil {
		return fmt.Errorf("prepare policy data: %w", err)
	}
	b.prog.data = ast.NewTerm(doc)
	b.prog.constants = make([]atomic.Pointer[constantValue], len(b.prog.funcs))
	custom, err := customBuiltins(ctx, cfg.Builtins)
	if err != nil {
		return err
	}
	var missing error
	bind := func(in *vmInstr) {
		if in.bi == nil || in.bi.fn != nil {
			return
		}
		if in.bi.custom {
			if cb := custom[in.bi.name]; cb != nil && cb.Func != nil {
				in.bi.fn = cb.Func
			}
		} else {
			in.bi.fn = topdown.GetBuiltin(in.bi.name)
			in.bi.direct = directBuiltins[in.bi.name]
		}
		if in.bi.fn == nil {
			missing = fmt.Errorf("load precompiled policies: built-in %s is not available", in.bi.name)
		}
	}
	for _, fn := range b.prog.funcs {
		eachInstr(fn.blocks, bind)
	}
	eachInstr(b.prog.plan.blocks, bind)
	return missing
}

// customBuiltins are the implementations of the custom built-ins as the
// rego package wraps them (errors and panics turned into errors of the
// call), taken from preparing a query that calls none.
func customBuiltins(ctx context.Context, own []Builtin) (map[string]*topdown.Builtin, error) {
	registerVM()
	setup := &vmSetup{data: ast.NewObject()}
	opts := []func(*rego.Rego){rego.Query("true"), rego.Target(vmTarget)}
	for _, b := range own {
		opts = append(opts, regoOption(b))
	}
	if _, err := rego.New(opts...).PrepareForEval(context.WithValue(ctx, vmSetupKey{}, setup)); err != nil {
		return nil, fmt.Errorf("load precompiled policies: %w", err)
	}
	return setup.builtins, nil
}

// newBundle compiles the modules of cfg and returns what a bundle of them
// holds, for the generator and the freshness test.
func newBundle(ctx context.Context, cfg Config) (*bundle, error) {
	_, parsed, err := policy.Load(cfg.Engine, cfg.Modules, nil)
	if err != nil {
		return nil, err
	}
	e, err := compileModules(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if e.vm == nil {
		return nil, fmt.Errorf("the interpreter cannot run the built-in %s policies: %w", cfg.Engine, e.fallback)
	}
	b := &bundle{prog: e.vm, sources: e.sources, order: e.order, lines: e.rules}
	for _, p := range parsed {
		if p.HasRule {
			b.rules = append(b.rules, p.Rule)
		}
	}
	b.selected = selectedRules(b.rules, cfg)
	return b, nil
}

// BuiltinBundles compiles the built-in policies of each engine with each
// rule profile, the rest of the configuration default, with the given
// custom built-ins, and returns the bundles Compile loads by file name
// (bundleFile): the generator's output, written to bundled/. A profile
// that selects the same rules as the default gets no bundle of its own.
func BuiltinBundles(ctx context.Context, own []Builtin) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, engine := range []string{"lint", "diagnose"} {
		modules, err := policy.Builtins(engine)
		if err != nil {
			return nil, err
		}
		key := bundleKey(engine, modules, own)
		var defaults []string
		for _, profile := range policy.Profiles {
			cfg := Config{Engine: engine, Modules: modules, Builtins: own, Profile: profile}
			b, err := newBundle(ctx, cfg)
			if err != nil {
				return nil, fmt.Errorf("%s policies, profile %s: %w", engine, profile, err)
			}
			if profile == policy.Profiles[0] {
				defaults = b.selected
			} else if slices.Equal(b.selected, defaults) {
				continue
			}
			data, err := encodeBundle(b, key)
			if err != nil {
				return nil, fmt.Errorf("%s policies, profile %s: %w", engine, profile, err)
			}
			out[bundleFile(engine, profile)] = data
		}
	}
	return out, nil
}

// fromBundle says whether the engine was loaded from a bundle.
func (e *Engine) fromBundle() bool { return e.vm != nil && e.policies == nil }
