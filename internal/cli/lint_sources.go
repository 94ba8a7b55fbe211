package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/lint"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/source"
)

// sourceFlags are lint's flags for rendering Helm charts, as helm template
// takes them.
type sourceFlags struct {
	helm source.HelmOptions
}

func (f *sourceFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.helm.ValuesFiles, "values", "f", nil, "Helm values file for a chart (repeatable; later files win)")
	fl.StringArrayVar(&f.helm.Set, "set", nil, "Helm value for a chart, key=value (repeatable)")
	fl.StringArrayVar(&f.helm.SetString, "set-string", nil, "Helm string value for a chart, key=value (repeatable)")
	fl.StringArrayVar(&f.helm.SetFile, "set-file", nil, "Helm value read from a file, key=path (repeatable)")
	fl.StringVar(&f.helm.ReleaseName, "release-name", "", "Helm release name for a chart (default release-name)")
	fl.StringVarP(&f.helm.Namespace, "namespace", "n", "", "the namespace a chart is rendered into, as helm template -n (default default); conftest's package selection is --policy-namespace")
	fl.StringSliceVar(&f.helm.APIVersions, "api-versions", nil, "Kubernetes API versions a chart's .Capabilities.APIVersions has (repeatable)")
}

// remapper moves findings from rendered output back to the files a
// person edits.
type remapper interface{ Remap([]finding.Finding) }

// lintSources lints args: Helm charts and kustomizations are rendered
// in-process, helm template output on standard input is read with its
// # Source: comments, and plain files are linted as they are.
func lintSources(ctx context.Context, linter *lint.Linter, args []string, stdin io.Reader, f sourceFlags) (lint.Result, error) {
	var plain []string
	var inputs []lint.Input
	var remappers []remapper
	var problems []manifest.Problem
	for _, arg := range args {
		switch {
		case arg == "-":
			if stdin == nil {
				plain = append(plain, arg)
				continue
			}
			data, err := io.ReadAll(stdin)
			if err != nil {
				return lint.Result{}, fmt.Errorf("read manifests from %s: %w", manifest.StdinName, err)
			}
			stdin = bytes.NewReader(data)
			if piped, ok := source.ParsePiped(manifest.StdinName, data); ok {
				inputs = append(inputs, lint.Input{Name: "-", Data: data})
				remappers = append(remappers, piped)
				continue
			}
			plain = append(plain, arg)
		case source.IsChart(arg):
			chart, err := source.RenderChart(arg, f.helm)
			if err != nil {
				return lint.Result{}, err
			}
			for _, te := range chart.TemplateErrors {
				problems = append(problems, manifest.Problem{
					Location: finding.Location{File: te.File, Line: te.Line, Column: te.Column},
					Message:  "the chart does not render: " + te.Message,
				})
			}
			for _, file := range chart.Files {
				inputs = append(inputs, lint.Input{Name: file.Name, Data: file.Data})
			}
			remappers = append(remappers, chart)
		case source.IsKustomization(arg):
			k, err := source.BuildKustomization(arg)
			if err != nil {
				return lint.Result{}, err
			}
			inputs = append(inputs, lint.Input{Name: k.File.Name, Data: k.File.Data})
			remappers = append(remappers, k)
		default:
			plain = append(plain, arg)
		}
	}
	var res lint.Result
	if len(plain) > 0 {
		r, err := linter.LintPaths(ctx, plain, stdin)
		if err != nil {
			return lint.Result{}, err
		}
		res = r
	}
	if len(inputs) > 0 || len(problems) > 0 {
		r := linter.LintInputs(ctx, inputs)
		for _, m := range remappers {
			m.Remap(r.Findings)
			m.Remap(r.Suppressed)
		}
		res.Findings = append(res.Findings, r.Findings...)
		for _, f := range linter.ProblemFindings(problems) {
			f.Remedy = "Fix the template, or give the value it needs (-f, --set); `helm template` shows the same error."
			res.Findings = append(res.Findings, f)
		}
		res.Suppressed = append(res.Suppressed, r.Suppressed...)
		res.Secrets = append(res.Secrets, r.Secrets...)
		res.Notes = append(res.Notes, r.Notes...)
		res.Files += r.Files
		res.Objects += r.Objects
		finding.Sort(res.Findings)
		finding.Sort(res.Suppressed)
	}
	return res, ctx.Err()
}
