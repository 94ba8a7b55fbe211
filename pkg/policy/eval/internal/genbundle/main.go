// Command genbundle compiles the built-in policies of each engine and
// rule profile and writes the bundles pkg/policy/eval embeds (bundled/),
// so that a run loads the compiled program instead of compiling the Rego.
// Run it through `go generate ./pkg/policy/eval` after changing a rule, a
// helper library, a custom built-in's declaration, OPA or the evaluator's
// code; TestBundlesAreFresh fails until it is run.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "genbundle:", err)
		os.Exit(1)
	}
}

func run() error {
	// The custom built-ins' declarations are what the bundles depend on;
	// the suggester behind them is the run's.
	bundles, err := eval.BuiltinBundles(context.Background(), builtin.All(imageref.NewSuggester()))
	if err != nil {
		return err
	}
	// A bundle no longer made (a profile that now selects the default
	// rules) must not stay behind.
	old, err := filepath.Glob(filepath.Join("bundled", "*.bin"))
	if err != nil {
		return err
	}
	for _, file := range old {
		if _, kept := bundles[filepath.Base(file)]; !kept {
			if err := os.Remove(file); err != nil {
				return err
			}
		}
	}
	names := make([]string, 0, len(bundles))
	for name := range bundles {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		file := filepath.Join("bundled", name)
		if err := os.WriteFile(file, bundles[name], 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", file, len(bundles[name]))
	}
	return nil
}
