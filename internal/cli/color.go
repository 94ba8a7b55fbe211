package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
)

// colorModes are the values of --color.
var colorModes = []string{"auto", "always", "never"}

// useColor decides whether text output to w is coloured. The flag wins:
// --color=always colours even into a pipe, --color=never (or the older
// --no-color) never colours. With auto, the conventions of the no-color.org
// and bixense.com/clicolors pages apply: NO_COLOR (non-empty) turns colour
// off, CLICOLOR_FORCE (non-empty, not "0") turns it on without a terminal,
// and otherwise w must be a terminal.
func useColor(w io.Writer, mode string, noColor bool, getenv func(string) string) bool {
	switch {
	case noColor || mode == "never":
		return false
	case mode == "always":
		return true
	case getenv("NO_COLOR") != "":
		return false
	case getenv("CLICOLOR_FORCE") != "" && getenv("CLICOLOR_FORCE") != "0":
		return true
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// validateColorMode checks a --color value.
func validateColorMode(mode string) error {
	if !slices.Contains(colorModes, mode) {
		return fmt.Errorf("--color %q: want auto, always or never", mode)
	}
	return nil
}
