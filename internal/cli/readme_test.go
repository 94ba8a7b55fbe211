package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// consoleBlock is a README example: "$ poddoctor ARGS" and its output.
var consoleBlock = regexp.MustCompile("(?s)```console\n\\$ poddoctor ([^\n]*)\n(.*?)```")

// TestReadmeExamplesAreReal runs every console example of the README and
// compares its output, so the README never shows output the tool does not
// print.
func TestReadmeExamplesAreReal(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := consoleBlock.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 2 {
		t.Fatalf("found %d console examples in README.md, want at least 2", len(blocks))
	}
	for _, b := range blocks {
		args := strings.Fields(b[1])
		t.Run(b[1], func(t *testing.T) {
			for i, a := range args {
				if strings.HasPrefix(a, "testdata/") {
					args[i] = "../../" + a
				}
			}
			_, out, stderr := run(t, "", append(args, "--no-color")...)
			out = strings.ReplaceAll(out, "../../testdata/", "testdata/")
			if out != b[2] {
				t.Errorf("README shows:\n%s\npoddoctor prints:\n%s\nstderr: %s", b[2], out, stderr)
			}
		})
	}
}
