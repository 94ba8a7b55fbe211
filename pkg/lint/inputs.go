package lint

import (
	"context"

	"github.com/poddoctor/poddoctor/internal/parallel"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// Input is manifests already in memory, such as a rendered Helm template
// or a kustomize build, with the name findings give as their file.
type Input struct {
	Name string
	Data []byte
}

// LintInputs lints in-memory inputs as LintPaths lints files: every
// document that does not parse is an invalid-manifest finding, and checks
// across objects see all the inputs together.
func (l *Linter) LintInputs(ctx context.Context, inputs []Input) Result {
	type parsed struct {
		objects  []*manifest.Object
		problems []manifest.Problem
	}
	results := make([]parsed, len(inputs))
	opts := manifest.Options{MaxDocumentBytes: l.maxDocumentBytes}
	parallel.For(len(inputs), l.workers, func(i int) {
		objs, probs := manifest.ParseWith(inputs[i].Name, inputs[i].Data, opts)
		results[i] = parsed{objects: objs, problems: probs}
	})
	var objects []*manifest.Object
	var problems []finding.Finding
	for _, r := range results {
		objects = append(objects, r.objects...)
		for _, p := range r.problems {
			problems = append(problems, l.problemFinding(p)...)
		}
	}
	res := l.LintObjects(ctx, objects)
	res.Findings = append(res.Findings, problems...)
	finding.Sort(res.Findings)
	res.Files = len(inputs)
	return res
}

// ProblemFindings turns problems found outside the manifests, such as a
// Helm template that does not render, into invalid-manifest findings.
func (l *Linter) ProblemFindings(problems []manifest.Problem) []finding.Finding {
	var out []finding.Finding
	for _, p := range problems {
		out = append(out, l.problemFinding(p)...)
	}
	return out
}
