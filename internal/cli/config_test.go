package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMalformedConfigIsExit2: a config value that would silently do
// nothing (a misspelled rule under severity or params, a parameter of the
// wrong shape, a glob that does not compile) stops lint and diagnose alike
// with exit 2 and the key.
func TestMalformedConfigIsExit2(t *testing.T) {
	tests := map[string]string{
		"severity:\n  latest-tags: error\n":                         `severity: unknown rule "latest-tags": did you mean "latest-tag"?`,
		"params:\n  allowed-registry:\n    registries: [quay.io]\n": `params: unknown rule "allowed-registry": did you mean "allowed-registries"?`,
		"params:\n  allowed-registries:\n    registries: quay.io\n": `params.allowed-registries.registries: want a list of strings`,
		"exclude:\n  paths: [\"[\"]\n":                              `exclude.paths[0]`,
	}
	for content, want := range tests {
		cfg := filepath.Join(t.TempDir(), ".poddoctor.yaml")
		if err := os.WriteFile(cfg, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"lint", "--config", cfg, examples + "/typo.yaml"},
			{"diagnose", "--config", cfg, "-f", "../../testdata/diagnose/image-typo-docker.yaml"},
		} {
			code, _, stderr := run(t, "", args...)
			if code != ExitError || !strings.Contains(stderr, want) {
				t.Errorf("%s with %q: exit %d, stderr %q; want exit 2 and %q", args[0], content, code, stderr, want)
			}
		}
	}
}
