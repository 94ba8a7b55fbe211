package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// suggestFlag turns pflag's "unknown flag: --fail-onn" into one that names
// the flag the user probably meant, as git and kubectl do for commands. The
// run then ends with exit 2, like every usage error.
func suggestFlag(cmd *cobra.Command, err error) error {
	msg := err.Error()
	var typed string
	switch {
	case strings.HasPrefix(msg, "unknown flag: --"):
		typed = strings.TrimPrefix(msg, "unknown flag: --")
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		// "unknown shorthand flag: 'x' in -xyz": a long flag typed with one
		// dash ("-fail-on") lands here too.
		if i := strings.Index(msg, " in -"); i >= 0 {
			typed = strings.TrimLeft(msg[i+len(" in -"):], "-")
		}
	default:
		return err
	}
	typed, _, _ = strings.Cut(typed, "=")
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if s := nearest(typed, names); s != "" {
		return fmt.Errorf("%s: did you mean --%s? (see %s --help)", msg, s, cmd.CommandPath())
	}
	return fmt.Errorf("%s (see %s --help)", msg, cmd.CommandPath())
}
