package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

func newTestPoliciesCommand(s streams) *cobra.Command {
	var verbose bool
	var conftest conftestFlags
	var policyDirs []string
	cmd := &cobra.Command{
		Use:   "test-policies DIR...",
		Short: "Run the Rego unit tests (_test.rego) of your policies",
		Long: `Run the test_ rules of the _test.rego files in the given directories, with
poddoctor's built-in functions (poddoctor.image.parse, poddoctor.image.suggest,
poddoctor.quantity.parse, and conftest's parse_config, parse_config_file and
parse_combined_config_files) and helper library (data.poddoctor.lib)
available, exactly as when the policies run. Exit 1 when a test fails.

As conftest verify: --policy/-p names the directories too, --data/-d loads
data documents, and --namespace keeps the tests of the packages it names.`,
		Example: `  poddoctor test-policies ./policies
  poddoctor test-policies -p policy -d exclusions --namespace main`,
		RunE: func(cmd *cobra.Command, dirs []string) error {
			dirs = append(policyDirs, dirs...)
			if len(dirs) == 0 {
				return fmt.Errorf("no policies: give directories of policies and their tests, as arguments or with --policy")
			}
			var modules []policy.Module
			for _, dir := range dirs {
				m, err := policy.LoadDir(dir)
				if err != nil {
					return err
				}
				modules = append(modules, m...)
			}
			library, err := policy.Library()
			if err != nil {
				return err
			}
			selection, documents, err := conftest.load()
			if err != nil {
				return err
			}
			results, err := eval.RunTests(cmd.Context(), append(library, modules...), eval.TestOptions{
				Builtins:  builtin.All(imageref.NewSuggester()),
				Documents: documents,
			})
			if err != nil {
				return err
			}
			if len(results) == 0 {
				return fmt.Errorf("no tests found in %v: test rules are named test_... in files ending _test.rego", dirs)
			}
			// As conftest verify: --namespace keeps the tests of the
			// packages it names; without it every test runs.
			if len(conftest.namespaces) > 0 && !conftest.allNamespaces {
				results = slices.DeleteFunc(results, func(r eval.TestResult) bool {
					return !selection.Selects(strings.TrimPrefix(r.Package, "data."))
				})
				if len(results) == 0 {
					return fmt.Errorf("no tests in the packages of --namespace %s", strings.Join(conftest.namespaces, ","))
				}
			}
			failed := 0
			for _, r := range results {
				switch {
				case !r.Pass && !r.Skipped:
					failed++
					fmt.Fprintf(s.out, "FAIL %s:%d %s.%s: %s\n", r.File, r.Line, r.Package, r.Name, r.Failure)
				case verbose:
					fmt.Fprintf(s.out, "PASS %s:%d %s.%s (%s)\n", r.File, r.Line, r.Package, r.Name, r.Duration)
				}
			}
			fmt.Fprintf(s.out, "%d passed, %d failed\n", len(results)-failed, failed)
			if failed > 0 {
				return exitError{ExitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list passing tests too")
	conftest.register(cmd, false)
	cmd.Flags().StringArrayVarP(&policyDirs, "policy", "p", nil, "directory or file of policies and tests (repeatable; conftest verify's --policy)")
	return cmd
}
