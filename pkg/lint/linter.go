package lint

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

// Options configure a Linter. The zero value runs every built-in rule.
type Options struct {
	// Policies are a team's own Rego modules (policy.LoadDir), evaluated
	// beside the built-ins.
	Policies []policy.Module
	// Disable switches rules off by id.
	Disable []string
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
}

// Linter lints manifests with compiled policies. Compile once, lint many
// times; it is safe for concurrent use.
type Linter struct {
	engine      *policy.Engine
	disabled    map[string]bool
	workers     int
	kubeVersion KubeVersion
	excludePath func(string) bool
}

// Result is what one lint run found.
type Result struct {
	Findings []finding.Finding
	// Suppressed findings were switched off by a poddoctor.io/ignore
	// annotation; they are counted, never silently dropped.
	Suppressed []finding.Finding
	Files      int
	Objects    int
}

// New compiles the built-in and user policies.
func New(ctx context.Context, opts Options) (*Linter, error) {
	modules, err := policy.Builtins("lint")
	if err != nil {
		return nil, err
	}
	modules = append(modules, opts.Policies...)
	disabled := make(map[string]bool, len(opts.Disable))
	for _, id := range opts.Disable {
		disabled[id] = true
	}
	engine, err := policy.Compile(ctx, policy.Config{
		Engine:    "lint",
		Modules:   modules,
		Disabled:  disabled,
		Suggester: imageref.NewSuggester(opts.KnownImages...),
		GoRules:   goRules,
		Data:      opts.Data,
	})
	if err != nil {
		return nil, err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	kube := opts.KubeVersion
	if kube.Major == 0 {
		kube = DefaultKubeVersion()
	}
	return &Linter{engine: engine, disabled: disabled, workers: workers, kubeVersion: kube, excludePath: opts.ExcludePath}, nil
}

// Rules returns the metadata of every rule this linter runs or knows.
func (l *Linter) Rules() []finding.Rule { return l.engine.Registry().Rules() }

// Registry returns the rule registry of this linter.
func (l *Linter) Registry() *policy.Registry { return l.engine.Registry() }

// LintPaths lints files, directories (recursively) and "-" for stdin. It
// returns an error only when a path cannot be read; everything wrong inside
// a file is a finding.
func (l *Linter) LintPaths(ctx context.Context, paths []string, stdin io.Reader) (Result, error) {
	files, err := manifest.Files(paths)
	if err != nil {
		return Result{}, err
	}
	if l.excludePath != nil {
		files = slices.DeleteFunc(files, l.excludePath)
	}
	type parsed struct {
		objects  []*manifest.Object
		problems []manifest.Problem
		err      error
	}
	results := make([]parsed, len(files))
	l.parallel(len(files), func(i int) {
		var in io.Reader
		if files[i] == "-" {
			in = stdin
		}
		objs, probs, err := manifest.ReadFile(files[i], in)
		results[i] = parsed{objs, probs, err}
	})
	var res Result
	var objects []*manifest.Object
	for i, p := range results {
		if p.err != nil {
			return Result{}, fmt.Errorf("lint %s: %w", files[i], p.err)
		}
		objects = append(objects, p.objects...)
		for _, problem := range p.problems {
			res.Findings = append(res.Findings, l.problemFinding(problem)...)
		}
	}
	objectResult := l.LintObjects(ctx, objects)
	res.Findings = append(res.Findings, objectResult.Findings...)
	res.Suppressed = objectResult.Suppressed
	res.Files = len(files)
	res.Objects = len(objects)
	finding.Sort(res.Findings)
	return res, ctx.Err()
}

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
	if inv, err := buildInventory(objects); err == nil {
		ctx = policy.WithInventory(ctx, inv)
	}
	perObject := make([]Result, len(objects))
	l.parallel(len(objects), func(i int) {
		if ctx.Err() != nil {
			return
		}
		perObject[i] = l.lintObject(ctx, objects[i])
	})
	var res Result
	for _, r := range perObject {
		res.Findings = append(res.Findings, r.Findings...)
		res.Suppressed = append(res.Suppressed, r.Suppressed...)
	}
	res.Objects = len(objects)
	finding.Sort(res.Findings)
	finding.Sort(res.Suppressed)
	return res
}

// lintObject runs the Go rules and the policies on one object.
func (l *Linter) lintObject(ctx context.Context, obj *manifest.Object) Result {
	var findings []finding.Finding
	findings = append(findings, l.unknownFieldFindings(obj)...)
	findings = append(findings, l.deprecatedAPIFindings(obj)...)
	findings = append(findings, l.policyFindings(ctx, obj)...)

	ignore := readSuppressions(obj.Annotations(), manifest.PodTemplateAnnotations(obj))
	var res Result
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
	return res
}

func (l *Linter) unknownFieldFindings(obj *manifest.Object) []finding.Finding {
	if l.disabled[RuleUnknownField] {
		return nil
	}
	fields, err := manifest.UnknownFields(obj)
	if err != nil {
		loc := obj.Location()
		return []finding.Finding{{
			Rule: RuleInvalidManifest, Severity: finding.Error, Object: obj.Ref(), Location: &loc,
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

func (l *Linter) policyFindings(ctx context.Context, obj *manifest.Object) []finding.Finding {
	input, err := policy.ToValue(obj.Data)
	if err == nil {
		var results []policy.Result
		results, err = l.engine.Evaluate(ctx, input)
		if err == nil {
			return l.resultFindings(obj, results)
		}
	}
	loc := obj.Location()
	return []finding.Finding{{
		Rule:     RulePolicyError,
		Severity: finding.Error,
		Object:   obj.Ref(),
		Location: &loc,
		Message:  err.Error(),
		Remedy:   remedyOf(RulePolicyError),
	}}
}

func (l *Linter) resultFindings(obj *manifest.Object, results []policy.Result) []finding.Finding {
	out := make([]finding.Finding, 0, len(results))
	for _, r := range results {
		if l.disabled[r.Rule] {
			continue
		}
		loc := obj.Position(r.Path)
		out = append(out, finding.Finding{
			Rule:      r.Rule,
			Severity:  r.Severity,
			Object:    obj.Ref(),
			Container: r.Container,
			Location:  &loc,
			Path:      r.Path,
			Message:   r.Message,
			Evidence:  r.Evidence,
			Remedy:    r.Remedy,
			Fix:       r.Fix,
		})
	}
	return out
}

// parallel calls work(i) for i in [0, n) on at most l.workers goroutines.
func (l *Linter) parallel(n int, work func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(l.workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				work(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
