package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

func newTestPoliciesCommand(s streams) *cobra.Command {
	var verbose bool
	cmd := &cobra.Command{
		Use:   "test-policies DIR...",
		Short: "Run the Rego unit tests (_test.rego) of your policies",
		Long: `Run the test_ rules of the _test.rego files in the given directories, with
poddoctor's built-in functions (poddoctor.image.parse, poddoctor.image.suggest,
poddoctor.quantity.parse) and helper library (data.poddoctor.lib) available,
exactly as when the policies run. Exit 1 when a test fails.`,
		Example: `  poddoctor test-policies ./policies`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, dirs []string) error {
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
			results, err := policy.RunTests(cmd.Context(), append(library, modules...), imageref.NewSuggester())
			if err != nil {
				return err
			}
			if len(results) == 0 {
				return fmt.Errorf("no tests found in %v: test rules are named test_... in files ending _test.rego", dirs)
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
	return cmd
}
