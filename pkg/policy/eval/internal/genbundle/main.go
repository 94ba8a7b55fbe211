// Command genbundle compiles the built-in policies of each engine and
// writes the bundles pkg/policy/eval embeds (bundled/ENGINE.bin), so that
// a run loads the compiled program instead of compiling the Rego. Run it
// through `go generate ./pkg/policy/eval` after changing a rule, a helper
// library, a custom built-in's declaration, OPA or the interpreter's
// compiler; TestBundlesAreFresh fails until it is run.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

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
	for _, engine := range []string{"lint", "diagnose"} {
		// The custom built-ins' declarations are what the bundle depends
		// on; the suggester behind them is the run's.
		data, err := eval.EncodeBuiltinBundle(context.Background(), engine, builtin.All(imageref.NewSuggester()))
		if err != nil {
			return fmt.Errorf("%s: %w", engine, err)
		}
		file := filepath.Join("bundled", engine+".bin")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", file, len(data))
	}
	return nil
}
