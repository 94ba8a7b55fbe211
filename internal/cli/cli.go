// Package cli is poddoctor's command line: cobra commands, flags and exit
// codes. It holds no analysis logic; everything it does, a Go program can do
// with pkg/lint, pkg/diagnose and pkg/report.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/poddoctor/poddoctor/internal/version"
)

// Exit codes, as DESIGN.md and the README promise.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitError    = 2 // the run could not be done
)

// exitError carries an exit code through cobra's error return.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// streams are the command's input and outputs, injected for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// Run executes the command line args (args[0] is the program name, which
// decides whether help says "poddoctor" or "kubectl poddoctor") and returns
// the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "poddoctor"
	if len(args) > 0 && strings.HasPrefix(filepath.Base(args[0]), "kubectl-") {
		name = "kubectl poddoctor"
	}
	s := streams{in: stdin, out: stdout, err: stderr}
	root := newRootCommand(name, s)
	if len(args) > 0 {
		args = args[1:]
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var exit exitError
	if errors.As(err, &exit) {
		return exit.code
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "poddoctor: interrupted")
		return ExitError
	}
	printError(stderr, err)
	return ExitError
}

func newRootCommand(name string, s streams) *cobra.Command {
	root := &cobra.Command{
		Use: "poddoctor",
		// As a kubectl plugin (kubectl-poddoctor), help shows "kubectl poddoctor".
		Annotations: map[string]string{cobra.CommandDisplayNameAnnotation: name},
		Short:       "Tells what is wrong with Kubernetes manifests and pods, and what to do about it",
		Long: `poddoctor reads Kubernetes manifests before you apply them (lint) and failing
pods after you did (diagnose), and explains each problem with its evidence and
a concrete remedy.

Exit status: 0 when nothing is at or above --fail-on, 1 when something is,
2 when the run could not be done (a bad flag or config, an unreadable path)
or the input held nothing to check (give --allow-empty to accept that).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version prints the same line as the version command.
		Version: version.Get().Version,
	}
	root.SetVersionTemplate(version.Get().String() + "\n")
	root.SetFlagErrorFunc(suggestFlag)
	root.AddCommand(
		newLintCommand(s),
		newDiagnoseCommand(s),
		newRulesCommand(s),
		newTestPoliciesCommand(s),
		newVersionCommand(s),
	)
	return root
}

func newVersionCommand(s streams) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the poddoctor version, commit and build date",
		Long: `Print the poddoctor version, the commit it was built from and the build date.
A release binary carries all three; "go install ...@vX" records vX; a build
from a git checkout records the commit and its time.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			info := version.Get()
			switch output {
			case "text", "":
				_, err := fmt.Fprintln(s.out, info.String())
				return err
			case "json":
				enc := json.NewEncoder(s.out)
				enc.SetIndent("", "  ")
				return enc.Encode(info)
			default:
				return fmt.Errorf("-o %q: want text or json", output)
			}
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return cmd
}
