package cli

import (
	"fmt"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/poddoctor/poddoctor/pkg/lint"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
	"github.com/poddoctor/poddoctor/pkg/report"
)

func newLintCommand(s streams) *cobra.Command {
	var flags analysisFlags
	var conftest conftestFlags
	var sources sourceFlags
	var kubeVersion, maxDocumentSize, maxFileSize string
	var crdPaths []string
	formats := report.Formats()
	cmd := &cobra.Command{
		Use:   "lint [PATH|CHART|KUSTOMIZATION|-]...",
		Short: "Check Kubernetes manifests before kubectl apply",
		Long: `Check Kubernetes manifests (YAML or JSON files, directories searched
recursively, or - for standard input) against the built-in rules and your own
Rego policies. Every finding points at the file:line:column of the field.

A Helm chart (a directory with Chart.yaml, or a packaged .tgz) is rendered
as helm template renders it, offline (--values, --set, --release-name,
--namespace, --kube-version, --api-versions), and each finding points at the
template line that wrote the field and the values.yaml line of its value.
A directory with a kustomization.yaml is built as kustomize build builds it,
and each finding points at the resource or patch file that set the field.
helm template output on standard input is read with its # Source: comments.

Switch a rule off for one object with the annotation
  poddoctor.io/ignore: "latest-tag,run-as-root=reason"
on the object or its pod template, or for one container with
  poddoctor.io/ignore.<container>: "latest-tag".`,
		Example: `  poddoctor lint ./chart -f values-prod.yaml --set image.tag=1.4.2
  poddoctor lint overlays/prod
  poddoctor lint deploy/
  helm template ./chart | poddoctor lint -
  poddoctor lint -o sarif --fail-on warning k8s/ > poddoctor.sarif`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return fmt.Errorf("no input: give files, directories, or - for standard input (see poddoctor lint --help)")
			}
			if err := flags.applyConfig(cmd); err != nil {
				return err
			}
			if err := flags.validate(formats); err != nil {
				return err
			}
			if kubeVersion == "" {
				kubeVersion = flags.config.KubeVersion
			}
			policies, err := flags.loadPolicies()
			if err != nil {
				return err
			}
			selection, documents, err := conftest.load()
			if err != nil {
				return err
			}
			if note := eval.NamespaceNote(policies, selection); note != "" {
				fmt.Fprintf(s.err, "note: %s\n", note)
			}
			ctx := cmd.Context()
			opts := lint.Options{
				Conftest:    selection,
				Documents:   documents,
				Combine:     conftest.combine,
				Policies:    policies,
				Disable:     flags.disabled(),
				Enable:      flags.enable,
				CRDPaths:    crdPaths,
				Profile:     flags.profile,
				KnownImages: flags.config.KnownImages,
				Data:        flags.config.Data(),
				ExcludePath: flags.config.ExcludesPath,
				// The memory limit follows the input (memory.go).
				InputSize: func(bytes int64) { tuneMemory(lintMemoryLimit(bytes)) },
			}
			if opts.MaxFileBytes, err = parseMaxFileSize(maxFileSize); err != nil {
				return err
			}
			if maxDocumentSize != "" {
				q, err := resource.ParseQuantity(maxDocumentSize)
				if err != nil || q.Value() <= 0 || q.Value() > 1<<30 {
					return fmt.Errorf("--max-document-size %q: want a size such as 32Mi (at most 1Gi)", maxDocumentSize)
				}
				opts.MaxDocumentBytes = int(q.Value())
			}
			if kubeVersion != "" {
				if opts.KubeVersion, err = lint.ParseKubeVersion(kubeVersion); err != nil {
					return fmt.Errorf("--kube-version: %w", err)
				}
			}
			tuneMemory(lintMemoryLimit(0))
			linter, err := lint.New(ctx, opts)
			if err != nil {
				return err
			}
			for _, note := range linter.Notes() {
				fmt.Fprintf(s.err, "note: %s\n", note)
			}
			if err := flags.checkRuleIDs(ctx, policies); err != nil {
				return err
			}
			sources.helm.KubeVersion = kubeVersion
			result, err := lintSources(ctx, linter, args, s.in, sources)
			if err != nil {
				return err
			}
			if err := flags.checkEmpty(result.Empty()); err != nil {
				return err
			}
			flags.secrets = result.Secrets
			printNotes(s, result.Notes)
			return flags.emit(s, "lint", result.Findings, result.Suppressed, linter.Rules())
		},
	}
	flags.register(cmd, formats)
	conftest.register(cmd, true)
	sources.register(cmd)
	cmd.Flags().StringVar(&kubeVersion, "kube-version", "", "target Kubernetes version for deprecated-api and a chart's .Capabilities.KubeVersion, MAJOR.MINOR (default "+lint.DefaultKubeVersion().String()+", the release poddoctor was built for)")
	cmd.Flags().StringArrayVar(&crdPaths, "crd", nil, "file or directory of CustomResourceDefinitions to check custom resources against (schema and CEL rules, docs/crd.md), besides those in the input (repeatable)")
	addMaxFileSize(cmd, &maxFileSize)
	cmd.Flags().StringVar(&maxDocumentSize, "max-document-size", "", "largest YAML document read, such as 32Mi (default 16Mi); a bigger one is an invalid-manifest finding")
	return cmd
}
