package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hostile is a text that, printed raw, retitles the terminal window,
// clears the screen and, in a GitHub Actions log, masks a word and
// raises an error annotation.
const hostile = "\x1b]0;pwned\x07\x1b[2J\n::add-mask::web\r\n::error::fake\u202e"

// checkSafe fails when output could act on a terminal or on the Actions
// runner: a control character other than newline and tab, a bidi
// override, or a line that is a workflow command other than allowed ones.
func checkSafe(t *testing.T, what, out string, allowed *regexp.Regexp) {
	t.Helper()
	for i, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || r == utf8.RuneError {
			t.Errorf("%s holds %U at byte %d: %q", what, r, i, out)
			return
		}
	}
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") && (allowed == nil || !allowed.MatchString(line)) {
			t.Errorf("%s has a workflow command line: %q", what, line)
		}
	}
}

// TestCommandLineEscapesInput runs lint and diagnose on input whose file
// names, object names and texts are hostile, in every format people read,
// and checks standard output and standard error alike: findings, notes
// and errors.
func TestCommandLineEscapesInput(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "deploy"+strings.ReplaceAll(hostile, "/", "")+".yaml")
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"web\\e[2J\\n::add-mask::x\"\nspec:\n  containers:\n  - name: \"c\\a\\u202e\"\n    image: \"nginx:latest\\e]0;t\\a\"\n"
	if err := os.WriteFile(name, []byte(pod), 0o644); err != nil {
		t.Fatal(err)
	}
	githubLine := regexp.MustCompile(`^::(error|warning|notice) [^\n]*$`)
	for _, format := range []string{"text", "github", "junit"} {
		code, out, stderr := run(t, "", "lint", "-o", format, dir)
		if code == ExitError {
			t.Fatalf("%s: exit 2: %s", format, stderr)
		}
		allowed := (*regexp.Regexp)(nil)
		if format == "github" {
			allowed = githubLine
		}
		checkSafe(t, "lint -o "+format+" stdout", out, allowed)
		checkSafe(t, "lint -o "+format+" stderr", stderr, nil)
		if !strings.Contains(out, `\x1b`) {
			t.Errorf("lint -o %s: the escape is not shown as \\x1b:\n%s", format, out)
		}
	}

	// Errors quote paths as given.
	code, _, stderr := run(t, "", "lint", filepath.Join(dir, "missing"+hostile+".yaml"))
	if code != ExitError {
		t.Fatalf("missing file: exit %d", code)
	}
	checkSafe(t, "error", stderr, nil)
	for i, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if (i == 0) != strings.HasPrefix(line, "poddoctor: ") || (i > 0 && !strings.HasPrefix(line, "  ")) {
			t.Errorf("error line %d is neither the first nor indented under it: %q", i, stderr)
		}
	}

	// Notes quote the names of files that could not be read as cluster data.
	snap := t.TempDir()
	data, err := os.ReadFile("../../testdata/diagnose/image-typo-docker.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(snap, "pods.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(snap, "x"+strings.ReplaceAll(hostile, "/", "")+".json"), []byte("{not json "+hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, stderr := run(t, "", "diagnose", "-f", snap)
	if !strings.Contains(stderr, "note: ") {
		t.Fatalf("no note about the broken file: %q", stderr)
	}
	checkSafe(t, "diagnose stdout", out, nil)
	checkSafe(t, "diagnose notes", stderr, nil)
}
