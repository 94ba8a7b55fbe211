package ci

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

func readYAML(t *testing.T, path string, into any) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, path))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(data, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data
}

// TestActionFile checks action.yml's wiring: every input it reads is
// declared, every declared input is read, every script it runs exists, and
// the SARIF upload is pinned to a major version.
func TestActionFile(t *testing.T) {
	var action struct {
		Name        string            `json:"name"`
		Description string            `json:"description"`
		Author      string            `json:"author"`
		Branding    map[string]string `json:"branding"`
		Inputs      map[string]struct {
			Description string `json:"description"`
			Required    bool   `json:"required"`
			Default     string `json:"default"`
		} `json:"inputs"`
		Outputs map[string]struct {
			Description string `json:"description"`
			Value       string `json:"value"`
		} `json:"outputs"`
		Runs struct {
			Using string `json:"using"`
			Steps []struct {
				Name  string            `json:"name"`
				ID    string            `json:"id"`
				If    string            `json:"if"`
				Shell string            `json:"shell"`
				Run   string            `json:"run"`
				Uses  string            `json:"uses"`
				With  map[string]string `json:"with"`
				Env   map[string]string `json:"env"`
			} `json:"steps"`
		} `json:"runs"`
	}
	data := readYAML(t, "action.yml", &action)
	if action.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", action.Runs.Using)
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(string(data), -1) {
		used[m[1]] = true
		if _, ok := action.Inputs[m[1]]; !ok {
			t.Errorf("action.yml reads inputs.%s, which it does not declare", m[1])
		}
	}
	for name, in := range action.Inputs {
		if !used[name] {
			t.Errorf("input %s is declared but never used", name)
		}
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	for _, step := range action.Runs.Steps {
		if step.Run != "" && step.Shell == "" {
			t.Errorf("step %q has no shell (composite actions need one)", step.Name)
		}
		for _, m := range regexp.MustCompile(`\$GITHUB_ACTION_PATH/(\S+?)"`).FindAllStringSubmatch(step.Run, -1) {
			if _, err := os.Stat(filepath.Join(repo, m[1])); err != nil {
				t.Errorf("step %q runs %s: %v", step.Name, m[1], err)
			}
		}
		if step.Uses != "" && !regexp.MustCompile(`@v\d+$`).MatchString(step.Uses) {
			t.Errorf("step %q uses %s, not pinned to a major version", step.Name, step.Uses)
		}
	}
	if v := action.Inputs["version"].Default; !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(v) {
		t.Errorf("the version input defaults to %q, not a pinned release", v)
	}
}

// TestPreCommitHooks checks .pre-commit-hooks.yaml against what pre-commit
// requires of a hook and what poddoctor's command line accepts.
func TestPreCommitHooks(t *testing.T) {
	var hooks []struct {
		ID            string   `json:"id"`
		Name          string   `json:"name"`
		Description   string   `json:"description"`
		Entry         string   `json:"entry"`
		Args          []string `json:"args"`
		Language      string   `json:"language"`
		Files         string   `json:"files"`
		Exclude       string   `json:"exclude"`
		PassFilenames *bool    `json:"pass_filenames"`
	}
	readYAML(t, ".pre-commit-hooks.yaml", &hooks)
	var ids []string
	for _, h := range hooks {
		ids = append(ids, h.ID)
		if h.ID == "" || h.Name == "" || h.Entry == "" || h.Language == "" {
			t.Errorf("hook %+v lacks one of id, name, entry, language", h)
		}
		for _, pattern := range []string{h.Files, h.Exclude} {
			if _, err := regexp.Compile(pattern); err != nil {
				t.Errorf("hook %s: pattern %q: %v", h.ID, pattern, err)
			}
		}
		fields := strings.Fields(h.Entry)
		command := fields[len(fields)-1]
		if !slices.Contains([]string{"lint", "test-policies"}, command) {
			t.Errorf("hook %s runs %q, not a poddoctor command", h.ID, h.Entry)
		}
		if h.Language == "docker_image" && !regexp.MustCompile(`^ghcr\.io/poddoctor/poddoctor:v\d+\.\d+\.\d+$`).MatchString(fields[0]) {
			t.Errorf("hook %s runs image %s, not a pinned release image", h.ID, fields[0])
		}
	}
	want := []string{"poddoctor-lint", "poddoctor-test-policies", "poddoctor-lint-docker"}
	if !slices.Equal(ids, want) {
		t.Errorf("hook ids %v, want %v", ids, want)
	}

	// The lint hooks pass manifests and leave out YAML that is not one.
	lint := hooks[0]
	files, exclude := regexp.MustCompile(lint.Files), regexp.MustCompile(lint.Exclude)
	for path, want := range map[string]bool{
		"deploy/web.yaml":                  true,
		"k8s/base/service.yml":             true,
		"manifests/list.json":              true,
		".github/workflows/ci.yaml":        false,
		"charts/web/templates/dep.yaml":    false,
		"charts/web/values.yaml":           false,
		"charts/web/values-prod.yaml":      false,
		"charts/web/Chart.yaml":            false,
		"overlays/prod/kustomization.yaml": false,
		"README.md":                        false,
	} {
		if got := files.MatchString(path) && !exclude.MatchString(path); got != want {
			t.Errorf("lint hook on %s: passed=%v, want %v", path, got, want)
		}
	}
}

// TestGitLabTemplate checks the template writes the Code Quality report
// GitLab reads and pins the same release for the install script and the job.
func TestGitLabTemplate(t *testing.T) {
	var template map[string]any
	readYAML(t, "ci/gitlab/poddoctor.gitlab-ci.yml", &template)
	job, ok := template["poddoctor-lint"].(map[string]any)
	if !ok {
		t.Fatal("no poddoctor-lint job")
	}
	artifacts := job["artifacts"].(map[string]any)
	reports := artifacts["reports"].(map[string]any)
	if reports["codequality"] != "gl-code-quality-report.json" || artifacts["when"] != "always" {
		t.Errorf("artifacts = %v, want the codequality report kept always", artifacts)
	}
	script := strings.Join(anyStrings(job["script"]), "\n")
	if !strings.Contains(script, "-o codeclimate") || !strings.Contains(script, "> gl-code-quality-report.json") {
		t.Errorf("script does not write the codeclimate report:\n%s", script)
	}
	vars := template["variables"].(map[string]any)
	if v, _ := vars["PODDOCTOR_VERSION"].(string); !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(v) {
		t.Errorf("PODDOCTOR_VERSION = %v, not a pinned release", vars["PODDOCTOR_VERSION"])
	}
	before := strings.Join(anyStrings(job["before_script"]), "\n")
	if !strings.Contains(before, "${PODDOCTOR_VERSION}/scripts/ci/install.sh") {
		t.Errorf("before_script does not fetch install.sh at PODDOCTOR_VERSION:\n%s", before)
	}
}

func anyStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, item := range list {
		s, _ := item.(string)
		out = append(out, s)
	}
	return out
}
