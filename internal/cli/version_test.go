package cli

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/internal/version"
)

func TestVersionCommand(t *testing.T) {
	want := version.Get()

	code, out, stderr := run(t, "", "version")
	if code != ExitOK || out != want.String()+"\n" {
		t.Fatalf("version: exit %d, out %q (stderr %q), want %q", code, out, stderr, want.String())
	}

	code, out, _ = run(t, "", "--version")
	if code != ExitOK || out != want.String()+"\n" {
		t.Fatalf("--version: exit %d, out %q, want the version command's line", code, out)
	}

	code, out, _ = run(t, "", "version", "-o", "json")
	if code != ExitOK {
		t.Fatalf("version -o json: exit %d", code)
	}
	var got version.Info
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("version -o json is not JSON: %v\n%s", err, out)
	}
	if got != want || got.GoVersion != runtime.Version() {
		t.Fatalf("version -o json = %+v, want %+v", got, want)
	}

	code, _, stderr = run(t, "", "version", "-o", "yaml")
	if code != ExitError || !strings.Contains(stderr, "want text or json") {
		t.Fatalf("version -o yaml: exit %d, stderr %q", code, stderr)
	}
}
