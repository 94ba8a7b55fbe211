package lint

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/poddoctor/poddoctor/internal/packed"
	"github.com/poddoctor/poddoctor/internal/parallel"
	"github.com/poddoctor/poddoctor/internal/readlimit"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
	"github.com/poddoctor/poddoctor/pkg/redact"
)

// Options configure a Linter. The zero value runs every built-in rule.
type Options struct {
	// Policies are a team's own Rego modules (policy.LoadDir), evaluated
	// beside the built-ins.
	Policies []policy.Module
	// Disable switches rules off by id; it wins over Enable and Profile.
	Disable []string
	// Enable switches rules on by id, including those off by default.
	Enable []string
	// Profile selects the rules to run: "" or "default", "strict", "all"
	// (policy.Profiles).
	Profile string
	// KnownImages extends the typo catalog with a team's own image names.
	KnownImages []string
	// Workers bounds parallel parsing and evaluation; 0 means GOMAXPROCS.
	Workers int
	// KubeVersion is the target cluster version for deprecated-api; zero
	// means DefaultKubeVersion.
	KubeVersion KubeVersion
	// Data is what policies read under data.poddoctor, such as rule
	// parameters (config.Config.Data).
	Data map[string]any
	// ExcludePath leaves files out of LintPaths; nil keeps every file.
	ExcludePath func(file string) bool
	// CRDPaths are files or directories of CustomResourceDefinitions
	// (--crd) whose schemas check custom resources of the input besides
	// the CRDs the input holds; the input's win for the same kind.
	CRDPaths []string
	// MaxDocumentBytes caps one YAML document; 0 means
	// manifest.MaxDocumentBytes (16 MiB).
	MaxDocumentBytes int
	// Conftest selects which packages of Policies are evaluated, as
	// conftest's --namespace and --all-namespaces do (main by default).
	Conftest eval.Conftest
	// Documents are what policies read at the root of data (conftest's
	// --data, eval.LoadData).
	Documents map[string]any
	// Combine evaluates the selected packages of Policies once, on every
	// document of the run together, as conftest's --combine does, instead
	// of on each object.
	Combine bool
	// MaxFileBytes caps one file or standard input; 0 means
	// readlimit.DefaultMaxFileBytes. A larger file is an invalid-manifest
	// finding naming the limit.
	MaxFileBytes int64
	// InputSize, when set, is told the size in bytes of LintPaths' input
	// before it is read, so that a program can size its memory for it
	// (the command line sets its soft memory limit from it).
	InputSize func(bytes int64)
	// Timeout is the base time budget of one policy package on one object;
	// 0 means eval.DefaultTimeout. docs/RELIABILITY.md says how it grows
	// with the object's size.
	Timeout time.Duration
}

// Linter lints manifests with compiled policies. Compile once, lint many
// times; it is safe for concurrent use.
type Linter struct {
	engine      *eval.Engine
	disabled    finding.Disabled
	workers     int
	kubeVersion KubeVersion
	excludePath func(string) bool
	// maxDocumentBytes caps one document (0: the manifest default).
	maxDocumentBytes int
	// combined evaluates a team's policies on the combined input
	// (--combine); nil otherwise.
	combined *eval.Engine
	// crds are schemas of CRDs given apart from the input (Options.CRDs).
	crds crdSchemas
	// maxFileBytes caps one file (0: the readlimit default).
	maxFileBytes int64
	// inputSize is Options.InputSize.
	inputSize func(bytes int64)
}

// Result is what one lint run found.
type Result struct {
	Findings []finding.Finding
	// Suppressed findings were switched off by a poddoctor.io/ignore
	// annotation; they are counted, never silently dropped.
	Suppressed []finding.Finding
	Files      int
	Objects    int
	// Inputs are the paths LintPaths was given; Excluded counts the files
	// found in them that Options.ExcludePath left out. Empty reads them.
	Inputs   []string
	Excluded int
	// Secrets are values the input holds that no output may show: the data
	// of Secret objects, literal values of secret-named env vars. Findings
	// and Suppressed are already redacted of them (and of credential-shaped
	// text); they are kept for a program that shows other text of its own.
	// They are never marshalled, so JSON of a Result shows none of them.
	Secrets []string `json:"-"`
	// Notes say what could not be checked, one sentence each, sorted and
	// said once: a CRD's transition rules (oldSelf), a CEL rule that does
	// not compile or runs out of its cost budget (crd_cel.go).
	Notes []string `json:"notes,omitempty"`
}

// New compiles the built-in and user policies.
func New(ctx context.Context, opts Options) (*Linter, error) {
	conftest := opts.Conftest
	conftest.NoUserPackages = opts.Combine
	// The id of a rule split in two names both (finding.ExpandRuleIDs).
	opts.Disable = finding.ExpandRuleIDs(opts.Disable)
	opts.Enable = finding.ExpandRuleIDs(opts.Enable)
	engine, disabled, err := eval.CompileBuiltins(ctx, "lint", opts.Policies, opts.Disable, eval.Config{
		Builtins:  builtin.All(imageref.NewSuggester(opts.KnownImages...)),
		GoRules:   goRules,
		Data:      opts.Data,
		Conftest:  conftest,
		Documents: opts.Documents,
		Profile:   opts.Profile,
		Enabled:   idSet(opts.Enable),
		Timeout:   opts.Timeout,
	})
	if err != nil {
		return nil, err
	}
	combined, err := compileCombined(ctx, opts)
	if err != nil {
		return nil, err
	}
	kube := opts.KubeVersion
	if kube.Major == 0 {
		kube = DefaultKubeVersion()
	}
	crds, err := loadCRDs(opts.CRDPaths)
	if err != nil {
		return nil, err
	}
	return &Linter{engine: engine, disabled: disabled, workers: parallel.Workers(opts.Workers), kubeVersion: kube, excludePath: opts.ExcludePath, maxDocumentBytes: opts.MaxDocumentBytes, combined: combined, crds: crds, maxFileBytes: opts.MaxFileBytes, inputSize: opts.InputSize}, nil
}

// Rules returns the metadata of every rule this linter runs or knows.
func (l *Linter) Rules() []finding.Rule { return l.engine.Registry().Rules() }

// Registry returns the rule registry of this linter.
func (l *Linter) Registry() *policy.Registry { return l.engine.Registry() }

// LintPaths lints files, directories (recursively) and "-" for stdin. It
// returns an error only when a path cannot be read; everything wrong inside
// a file is a finding.
//
// Checks across objects need the whole input before any object is
// evaluated. Up to holdInputBytes of input, every parsed object is held
// until it is evaluated; above, LintPaths reads the files twice, first for
// the inventory only, then to evaluate them a file at a time, so that its
// memory follows the largest file rather than the whole input.
func (l *Linter) LintPaths(ctx context.Context, paths []string, stdin io.Reader) (Result, error) {
	files, skipped, err := manifest.FindFiles(paths)
	if err != nil {
		return Result{}, err
	}
	found := len(files)
	if l.excludePath != nil {
		files = slices.DeleteFunc(files, l.excludePath)
		skipped = slices.DeleteFunc(skipped, func(s manifest.Skipped) bool { return l.excludePath(s.Path) })
	}
	in := inputs{files: files, stdin: stdin, options: manifest.Options{MaxDocumentBytes: l.maxDocumentBytes, MaxFileBytes: l.maxFileBytes}}
	size := in.size()
	if l.inputSize != nil {
		l.inputSize(size)
	}
	hold := size <= holdInputBytes

	// First reading: problems, the inventory, and the objects when held.
	type parsed struct {
		objects  []*manifest.Object
		problems []manifest.Problem
		inv      *inventory // what the file adds to its application's
		secrets  []string
		count    int
		err      error
	}
	results := make([]parsed, len(files))
	parallel.For(len(files), l.workers, func(i int) {
		p := parsed{inv: newInventory()}
		take := func(objs []*manifest.Object, probs []manifest.Problem) error {
			p.problems = append(p.problems, probs...)
			p.count += len(objs)
			for _, o := range objs {
				p.inv.add(inventoryEntryOf(o))
				p.secrets = append(p.secrets, redact.ValuesFromManifest(o.Data)...)
			}
			if hold {
				p.objects = objs
			}
			return nil
		}
		if hold {
			objs, probs, err := in.read(i)
			p.err = err
			if err == nil {
				_ = take(objs, probs)
			}
		} else {
			// Not held: a chunk of documents at a time, so that a file of
			// many small documents never has all its objects alive.
			p.err = in.readChunks(i, take)
		}
		results[i] = p
	})
	var res Result
	// What could not be read is said where every format shows it.
	for _, sk := range skipped {
		res.Findings = append(res.Findings, l.problemFinding(manifest.Problem{
			Location: finding.Location{File: sk.Path},
			Message:  sk.Path + " " + sk.Reason,
		})...)
	}
	// One inventory per application (application.go); CRDs define types
	// for the whole cluster, so their schemas serve every application.
	apps := newApplications()
	groups := make([]string, len(files))
	invs := map[string]*inventory{}
	offsets := make([]int, len(files)+1)
	for i, p := range results {
		offsets[i+1] = offsets[i] + p.count
		if p.err != nil {
			// A file that cannot be read (permissions, a device, a file
			// that vanished) is reported with its path; the rest of the
			// run goes on. A path that does not exist at all is an error
			// from manifest.Files before this.
			res.Findings = append(res.Findings, l.problemFinding(manifest.Problem{
				Location: finding.Location{File: displayName(files[i])},
				Message:  fmt.Sprintf("cannot read the file: %v", p.err),
			})...)
			continue
		}
		for _, problem := range p.problems {
			res.Findings = append(res.Findings, l.problemFinding(problem)...)
		}
		groups[i] = apps.of(files[i])
		inv := invs[groups[i]]
		if inv == nil {
			inv = newInventory()
			invs[groups[i]] = inv
		}
		inv.merge(p.inv)
		res.Secrets = append(res.Secrets, p.secrets...)
		results[i].inv = nil
	}
	crds := crdSchemas{}
	for _, inv := range invs {
		for k, v := range inv.crds {
			crds[k] = v
		}
	}
	groupRun := map[string]*appRun{}
	for group, inv := range invs {
		v, err := inv.value()
		// Only its Rego value is read from now on: the inventory can go
		// before the value is packed.
		delete(invs, group)
		if err != nil {
			v = nil
		}
		groupRun[group] = newAppRun(v, crds, size > packInventoryAbove)
	}

	// Evaluation, as objects come: from memory, or from a second reading.
	total := offsets[len(files)]
	// Each object's findings are held encoded until the end (held_findings.go).
	held := newHeldRun(total)
	next := make(chan indexedObject, 4*l.workers)
	readErr := make(chan error, 1)
	go func() {
		defer close(next)
		for i := range files {
			if results[i].err != nil {
				continue // reported as a finding by the first reading
			}
			objs := results[i].objects
			results[i].objects = nil // evaluated objects can go
			if !hold {
				changed := errors.New("the file changed while it was linted")
				n := 0
				err := in.readChunks(i, func(objs []*manifest.Object, _ []manifest.Problem) error {
					if n+len(objs) > results[i].count {
						return changed
					}
					for j, o := range objs {
						if ctx.Err() != nil {
							return ctx.Err()
						}
						next <- indexedObject{offsets[i] + n + j, o, groupRun[groups[i]]}
						// Handed over: once evaluated it can go, before
						// the rest of its chunk is.
						objs[j] = nil
					}
					n += len(objs)
					return nil
				})
				if err == nil && n != results[i].count {
					err = changed
				}
				if ctx.Err() != nil {
					return
				}
				if err != nil {
					readErr <- fmt.Errorf("lint %s: %w", files[i], err)
					return
				}
				continue
			}
			for j, o := range objs {
				if ctx.Err() != nil {
					return
				}
				next <- indexedObject{offsets[i] + j, o, groupRun[groups[i]]}
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(l.workers, max(total, 1)) {
		wg.Go(func() {
			for o := range next {
				if ctx.Err() == nil {
					held.hold(o.index, l.lintObject(ctx, o.object, o.app))
				}
			}
		})
	}
	wg.Wait()
	select {
	case err := <-readErr:
		return Result{}, err
	default:
	}
	objectResult := held.gather(res.Findings)
	res.Findings = objectResult.Findings
	res.Suppressed = objectResult.Suppressed
	res.Notes = objectResult.Notes
	if l.combined != nil {
		combined := l.combinedFindings(ctx, &in)
		res.Findings = append(res.Findings, combined.Findings...)
		res.Suppressed = append(res.Suppressed, combined.Suppressed...)
	}
	res.Files = len(files)
	res.Objects = total
	l.dropDisabled(&res)
	res.Inputs, res.Excluded = paths, found-len(files)
	res.redactSecrets()
	finding.Sort(res.Findings)
	return res, ctx.Err()
}

// holdInputBytes is the input size up to which LintPaths holds every parsed
// object until it is evaluated. Parsed objects take about 27 times the size
// of their YAML (the node tree that gives every field its line, and the
// data): 1 MiB of input held is some 27 MB, about what a run that reads
// its input twice keeps live anyway (the inventory, the findings, the
// compiled policies). Above it the input is read twice, which costs the
// parsing once more but keeps the live heap near 60 MB at 10,000 objects;
// held, the 7 MB reference corpus alone took 200 MB (docs/PERFORMANCE.md).
var holdInputBytes int64 = 1 << 20 // a variable for tests

// indexedObject is an object with its place in the whole input and the
// context of its application (its inventory).
type indexedObject struct {
	index  int
	object *manifest.Object
	app    *appRun
}

// inputs are the files of a run; standard input is read once and kept,
// since it cannot be read twice.
type inputs struct {
	files     []string
	stdin     io.Reader
	options   manifest.Options
	stdinOnce sync.Once
	stdinData []byte
	stdinErr  error
}

// size is the total size of the input; standard input is read to know it.
func (in *inputs) size() int64 {
	var n int64
	for _, f := range in.files {
		if f == "-" {
			if in.stdin != nil {
				in.readStdin()
				n += int64(len(in.stdinData))
			}
			continue
		}
		if info, err := os.Stat(f); err == nil {
			n += info.Size()
		}
	}
	return n
}

// read reads and parses file i.
func (in *inputs) read(i int) ([]*manifest.Object, []manifest.Problem, error) {
	if in.files[i] != "-" || in.stdin == nil {
		return manifest.ReadFileWith(in.files[i], nil, in.options)
	}
	in.readStdin()
	if in.stdinErr != nil {
		return manifest.ReadFileWith(in.files[i], errReader{in.stdinErr}, in.options)
	}
	return manifest.ReadFileWith(in.files[i], bytes.NewReader(in.stdinData), in.options)
}

// readChunks reads and parses file i a chunk of documents at a time.
func (in *inputs) readChunks(i int, each func([]*manifest.Object, []manifest.Problem) error) error {
	if in.files[i] != "-" || in.stdin == nil {
		return manifest.ReadFileChunks(in.files[i], nil, in.options, each)
	}
	in.readStdin()
	if in.stdinErr != nil {
		return manifest.ReadFileChunks(in.files[i], errReader{in.stdinErr}, in.options, each)
	}
	return manifest.ReadFileChunks(in.files[i], bytes.NewReader(in.stdinData), in.options, each)
}

func (in *inputs) readStdin() {
	in.stdinOnce.Do(func() {
		in.stdinData, in.stdinErr = readlimit.Reader(in.stdin, manifest.StdinName, in.options.MaxFileBytes)
	})
}

// errReader fails as standard input failed, so the error reads the same.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func (l *Linter) problemFinding(p manifest.Problem) []finding.Finding {
	if l.disabled[RuleInvalidManifest] {
		return nil
	}
	loc := p.Location
	return []finding.Finding{{
		Rule:     RuleInvalidManifest,
		Severity: finding.Error,
		Object:   finding.ObjectRef{Kind: "Document", Name: loc.String()},
		Location: &loc,
		Message:  p.Message,
		Remedy:   remedyOf(RuleInvalidManifest),
	}}
}

// LintObjects lints objects already read, in parallel. The objects are
// the whole input of the run: checks across objects (a Service and the
// pods it selects) see exactly these.
func (l *Linter) LintObjects(ctx context.Context, objects []*manifest.Object) Result {
	apps := l.appRuns(objects, newApplications().of)
	perObject := make([]objectResult, len(objects))
	parallel.For(len(objects), l.workers, func(i int) {
		if ctx.Err() != nil {
			return
		}
		perObject[i] = l.lintObject(ctx, objects[i], apps[i])
	})
	res := gather(perObject, nil)
	l.dropDisabled(&res)
	res.Objects = len(objects)
	for _, o := range objects {
		res.Secrets = append(res.Secrets, redact.ValuesFromManifest(o.Data)...)
	}
	res.redactSecrets()
	return res
}

// dropDisabled is where --disable is applied: whatever produced a
// finding, a disabled rule has none, reported or suppressed. The checks of
// l.disabled elsewhere only spare the work.
func (l *Linter) dropDisabled(res *Result) {
	res.Findings = l.disabled.Drop(res.Findings)
	res.Suppressed = l.disabled.Drop(res.Suppressed)
}

// objectResult is what lintObject found on one object. A run holds one
// per object until the end, so it holds only findings.
type objectResult struct {
	Findings   []finding.Finding
	Suppressed []finding.Finding
	Notes      []string
}

// sizedResult returns a Result holding first, its lists allocated for
// found findings (first included) and suppressed suppressed ones; nil
// when there are none.
func sizedResult(first []finding.Finding, found, suppressed int) Result {
	var res Result
	if found > 0 {
		res.Findings = make([]finding.Finding, 0, found)
		res.Findings = append(res.Findings, first...)
	}
	if suppressed > 0 {
		res.Suppressed = make([]finding.Finding, 0, suppressed)
	}
	return res
}

// gather joins the results of each object, in input order, after
// first (the findings of the files themselves), and sorts them. The lists
// are allocated at their final size: at 100,000 objects a list of
// findings is 30 MB, and growing it by appending left copies behind at
// the end of the run, when its heap is largest.
func gather(perObject []objectResult, first []finding.Finding) Result {
	found, suppressed := len(first), 0
	for _, r := range perObject {
		found += len(r.Findings)
		suppressed += len(r.Suppressed)
	}
	res := sizedResult(first, found, suppressed)
	for _, r := range perObject {
		res.Findings = append(res.Findings, r.Findings...)
		res.Suppressed = append(res.Suppressed, r.Suppressed...)
		res.Notes = append(res.Notes, r.Notes...)
	}
	finding.Sort(res.Findings)
	finding.Sort(res.Suppressed)
	res.Notes = uniqueNotes(res.Notes)
	return res
}

// appRun is what the objects of one application are linted with besides
// themselves, passed explicitly to every check: the policies' Run (the
// application's inventory, for poddoctor.inventory) and the schemas of
// the run's CRDs.
type appRun struct {
	policy eval.Run
	crds   crdSchemas
}

// packInventoryAbove is the input size above which a run holds its
// inventory packed (internal/packed) rather than as its Rego value. A run
// holds the inventory to its end, and the collector marks a Rego value at
// every cycle: at 100,000 objects (121 MB of input) that was most of what
// the run spent beyond ten times a 10,000-object one, and packed it runs
// 15 % faster. Packed, each read unpacks what it reads, and packing takes
// its own time: at 10,000 objects (12 MB), where the collector runs few
// cycles over a value of 10 MB, that costs more than it saves (some 5 %
// wall time in interleaved runs). docs/PERFORMANCE.md, session 10.
var packInventoryAbove int64 = 32 << 20 // bytes of input; a variable for tests

// newAppRun returns the appRun of an application with the given inventory
// (nil: none could be built, so rules that need one stay quiet), held
// packed when pack says so. An inventory that cannot be packed (never one
// inventory.go builds) is held as it is.
func newAppRun(inventory eval.Value, crds crdSchemas, pack bool) *appRun {
	in := &builtin.Inputs{}
	if inventory != nil {
		in.Inventory = ast.NewTerm(inventory)
		if pack {
			if p, err := packed.Pack(inventory); err == nil {
				in.Inventory, in.PackedInventory = nil, p
			}
		}
	}
	return &appRun{policy: eval.Run{Inputs: in}, crds: crds}
}

// appRunOf takes objects as one application: their inventory and the
// schemas of the CRDs among them.
func (l *Linter) appRunOf(objects []*manifest.Object) *appRun {
	runs := l.appRuns(objects, func(string) string { return "" })
	if len(runs) == 0 {
		return newAppRun(nil, nil, false)
	}
	return runs[0]
}

// appRuns gives each object the appRun of its application (groupOf, by
// its file; application.go): the inventory of the objects of that
// application, and the schemas of every CRD among objects (the last of a
// name wins, in input order). Each object's entry, CRD schemas included,
// is made once, for its application's inventory.
func (l *Linter) appRuns(objects []*manifest.Object, groupOf func(file string) string) []*appRun {
	groups := make([]string, len(objects))
	invs := map[string]*inventory{}
	crds := crdSchemas{}
	for i, o := range objects {
		groups[i] = groupOf(o.File)
		inv := invs[groups[i]]
		if inv == nil {
			inv = newInventory()
			invs[groups[i]] = inv
		}
		entry := inventoryEntryOf(o)
		for k, v := range entry.crds {
			crds[k] = v
		}
		inv.add(entry)
	}
	groupRun := map[string]*appRun{}
	for group, inv := range invs {
		v, err := inv.value()
		if err != nil {
			v = nil
		}
		groupRun[group] = newAppRun(v, crds, false)
	}
	out := make([]*appRun, len(objects))
	for i := range objects {
		out[i] = groupRun[groups[i]]
	}
	return out
}

// lintObject runs the Go rules and the policies on one object of the
// application app (nil: an object on its own, no inventory, no CRDs).
func (l *Linter) lintObject(ctx context.Context, obj *manifest.Object, app *appRun) objectResult {
	if app == nil {
		app = newAppRun(nil, nil, false)
	}
	var findings []finding.Finding
	findings = append(findings, guardGoRule(RuleUnknownField, obj, l.unknownFieldFindings)...)
	findings = append(findings, guardGoRule(RuleDeprecatedAPI, obj, l.deprecatedAPIFindings)...)
	findings = append(findings, guardGoRule(RuleAPIServiceInvalid, obj, func(o *manifest.Object) []finding.Finding {
		return l.apiServiceFindings(ctx, o)
	})...)
	findings = append(findings, guardGoRule(RuleUnknownKind, obj, l.unknownKindFindings)...)
	var notes []string
	findings = append(findings, guardGoRule(RuleCustomResource, obj, func(o *manifest.Object) []finding.Finding {
		found, n := l.customResourceFindings(ctx, o, app.crds)
		notes = n
		return found
	})...)
	policyFound, excepted := l.policyFindings(ctx, obj, app.policy)
	findings = append(findings, policyFound...)

	ignore := readSuppressions(obj.Annotations(), manifest.PodTemplateAnnotations(obj))
	var res objectResult
	res.Notes = notes
	res.Suppressed = excepted // conftest exceptions: reported, never findings
	for _, f := range findings {
		if reason, ok := ignore.covers(f.Rule, f.Container); ok {
			if reason != "" {
				f.Evidence = append(f.Evidence, "suppressed: "+reason)
			}
			res.Suppressed = append(res.Suppressed, f)
			continue
		}
		res.Findings = append(res.Findings, f)
	}
	// Sorted here, on the worker: objects come in file and line order, so
	// the run's findings are then in order already and the final sort of
	// tens of thousands of them, on one core, is a single pass.
	finding.Sort(res.Findings)
	finding.Sort(res.Suppressed)
	return res
}

func (l *Linter) unknownFieldFindings(obj *manifest.Object) []finding.Finding {
	if l.disabled[RuleUnknownField] {
		return nil
	}
	fields, err := manifest.UnknownFields(obj)
	if err != nil {
		// A wrong type (replicas: "1") is reported at the field the
		// decoder refuses.
		loc, path := obj.Location(), ""
		if se, ok := errors.AsType[*manifest.SchemaError](err); ok && se.Path != "" {
			loc, path = obj.Position(se.Path), se.Path
		}
		return []finding.Finding{{
			Rule: RuleInvalidManifest, Severity: finding.Error, Object: obj.Ref(), Location: &loc, Path: path,
			Message: err.Error(), Remedy: remedyOf(RuleInvalidManifest),
		}}
	}
	var out []finding.Finding
	for _, u := range fields {
		loc := obj.Position(u.Path)
		msg := fmt.Sprintf("unknown field %q in %s %s", u.Field, obj.Kind, u.Path)
		if u.Suggestion != "" {
			msg += fmt.Sprintf(": did you mean %q?", u.Suggestion)
		}
		out = append(out, finding.Finding{
			Rule:     RuleUnknownField,
			Severity: finding.Error,
			Object:   obj.Ref(),
			Location: &loc,
			Path:     u.Path,
			Message:  msg,
			Remedy:   remedyOf(RuleUnknownField),
		})
	}
	return out
}

// policyFindings evaluates the policies on one object. A policy that fails
// on it becomes a policy-error finding naming the policy; every other
// policy's findings stay. Conftest exceptions come back apart, as excepted.
func (l *Linter) policyFindings(ctx context.Context, obj *manifest.Object, run eval.Run) (found, excepted []finding.Finding) {
	input, err := eval.ToValue(policyInputOf(obj))
	var results []eval.Result
	if err == nil {
		results, err = l.engine.Evaluate(ctx, input, run)
	}
	out, excepted := l.resultFindings(obj, results)
	if err == nil {
		return out, excepted
	}
	loc := obj.Location()
	for _, msg := range eval.FailureMessages(err) {
		out = append(out, finding.Finding{
			Rule:     RulePolicyError,
			Severity: finding.Error,
			Object:   obj.Ref(),
			Location: &loc,
			Message:  msg,
			Remedy:   remedyOf(RulePolicyError),
		})
	}
	return out, excepted
}

// resultFindings turns results into findings about obj; conftest
// exceptions come apart, as excepted.
func (l *Linter) resultFindings(obj *manifest.Object, results []eval.Result) (found, excepted []finding.Finding) {
	found = make([]finding.Finding, 0, len(results))
	for _, r := range results {
		if l.disabled[r.Rule] {
			continue
		}
		f := r.Finding(obj.Ref())
		loc := obj.Position(r.Path)
		f.Location = &loc
		f = l.withFixEdit(obj, f)
		if r.Exception {
			excepted = append(excepted, f)
			continue
		}
		found = append(found, f)
	}
	return found, excepted
}

// guardGoRule runs a Go rule on one object; a panic becomes a rule-error
// finding naming the rule and the object, and the run goes on.
func guardGoRule(rule string, obj *manifest.Object, check func(*manifest.Object) []finding.Finding) (out []finding.Finding) {
	defer func() {
		if p := recover(); p != nil {
			loc := obj.Location()
			out = []finding.Finding{{
				Rule: RuleRuleError, Severity: finding.Error, Object: obj.Ref(), Location: &loc,
				Message: fmt.Sprintf("rule %s failed on this object: %v", rule, p),
				Remedy:  remedyOf(RuleRuleError),
			}}
		}
	}()
	return check(obj)
}

// displayName is how a path appears in findings: "<stdin>" for "-".
func displayName(path string) string {
	if path == "-" {
		return manifest.StdinName
	}
	return path
}
