// Package lint checks Kubernetes manifests before they are applied.
//
// Go reads (pkg/manifest keeps every object's file:line:column), Rego
// decides (the built-in policies in rules/lint and any team policies), and
// every finding points at the line of the offending field. A few checks
// need the decoder itself and are Go rules in the same registry:
// invalid-manifest, unknown-field and policy-error.
//
//	linter, err := lint.New(ctx, lint.Options{})
//	result, err := linter.LintPaths(ctx, []string{"deploy/"}, nil)
//	report.Text(os.Stdout, result.Findings, report.Options{Engine: "lint"})
package lint
