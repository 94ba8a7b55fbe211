package lint

import (
	"context"
	"fmt"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// CombinedFile is the file name of findings on the combined input of
// --combine, the name conftest gives that input.
const CombinedFile = "Combined"

// compileCombined compiles a team's policies for conftest's --combine: the
// selected packages only, with the helper library, evaluated once on the
// combined input. nil when the run does not combine.
func compileCombined(ctx context.Context, opts Options) (*eval.Engine, error) {
	if !opts.Combine {
		return nil, nil
	}
	library, err := policy.Library()
	if err != nil {
		return nil, err
	}
	var user []policy.Module
	for _, m := range opts.Policies {
		if !m.IsTest() {
			user = append(user, m)
		}
	}
	e, err := eval.Compile(ctx, eval.Config{
		Engine:    "lint",
		Modules:   append(library, user...),
		Builtins:  builtin.All(imageref.NewSuggester(opts.KnownImages...)),
		Data:      opts.Data,
		Conftest:  opts.Conftest,
		Documents: opts.Documents,
	})
	if err != nil {
		return nil, fmt.Errorf("compile policies for --combine: %w", err)
	}
	return e, nil
}

// combinedFindings evaluates a team's policies once on every document of
// the run, as conftest's --combine does: the input is [{path, contents}],
// ordered by path. The files are read again (objects of the first reading
// are gone by now); a file that could not be read is reported already.
func (l *Linter) combinedFindings(ctx context.Context, in *inputs) Result {
	var docs []builtin.CombinedDocument
	for i, file := range in.files {
		objs, _, err := in.read(i)
		if err != nil {
			continue
		}
		for _, o := range objs {
			docs = append(docs, builtin.CombinedDocument{Path: displayName(file), Contents: o.Data})
		}
	}
	var res Result
	input, err := builtin.CombinedInput(docs)
	var results []eval.Result
	if err == nil {
		results, err = l.combined.Evaluate(ctx, input, eval.Run{})
	}
	loc := &finding.Location{File: CombinedFile}
	if err != nil {
		res.Findings = append(res.Findings, finding.Finding{
			Rule: RulePolicyError, Severity: finding.Error, Location: loc,
			Message: fmt.Sprintf("evaluating the combined input (--combine): %v", err),
			Remedy:  remedyOf(RulePolicyError),
		})
		return res
	}
	for _, r := range results {
		if l.disabled[r.Rule] {
			continue
		}
		f := r.Finding(finding.ObjectRef{})
		f.Location = loc
		if r.Exception {
			res.Suppressed = append(res.Suppressed, f)
		} else {
			res.Findings = append(res.Findings, f)
		}
	}
	return res
}
