package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/report"
)

// printError writes the error that stopped a run, one "poddoctor: " line
// (and the further lines of an error that has several, such as a policy
// that does not compile, indented under it). Errors quote file names,
// values and messages from the input, so they are escaped like every
// other output: no control character, no GitHub workflow command.
func printError(w io.Writer, err error) {
	text := report.EscapeLines(err.Error())
	fmt.Fprintf(w, "poddoctor: %s\n", strings.ReplaceAll(text, "\n", "\n  "))
}

// printNotes writes what the input lacked or what could not be read, one
// "note: " line each, escaped. Notes never change the exit status: a run
// that read nothing is exit 2 (Result.Empty), and whatever was read is
// checked and gated as usual.
func printNotes(s streams, notes []string) {
	for _, note := range notes {
		fmt.Fprintf(s.err, "note: %s\n", report.Escape(note))
	}
}
