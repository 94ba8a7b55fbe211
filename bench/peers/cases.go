package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

// nativeKinds are the kinds of the Kubernetes API (client-go's scheme), by
// name alone: the peers' files sometimes pair a kind with a wrong or
// retired apiVersion (polaris' "apiVersion: v1, kind: Deployment",
// autoscaling/v2beta1), and the object is still meant as that kind.
var nativeKinds = func() map[string]bool {
	kinds := map[string]bool{}
	for gvk := range scheme.Scheme.AllKnownTypes() {
		if !strings.HasSuffix(gvk.Kind, "List") && !strings.HasSuffix(gvk.Kind, "Options") {
			kinds[gvk.Kind] = true
		}
	}
	return kinds
}()

// readObjects lists the objects of a file and whether each is of a
// Kubernetes-native kind.
func readObjects(files string) (map[objectKey]bool, error) {
	out := map[objectKey]bool{}
	for _, file := range strings.Split(files, fileSeparator) {
		if err := readObjectsOf(file, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readObjectsOf(file string, out map[objectKey]bool) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		var obj struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name      string `json:"name"`
				Namespace string `json:"namespace"`
			} `json:"metadata"`
		}
		if err := dec.Decode(&obj); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("%s: %w", file, err)
		}
		if obj.Kind == "" {
			continue
		}
		out[objectKey{Kind: obj.Kind, Namespace: obj.Metadata.Namespace, Name: obj.Metadata.Name}] = nativeKinds[obj.Kind]
	}
	return nil
}

// batsTest matches one kube-linter e2e test: its file and the check it
// includes.
var (
	batsTest    = regexp.MustCompile(`(?s)@test "[^"]*" \{.*?\n\}`)
	batsFile    = regexp.MustCompile(`tmp="(tests/checks/[^"]+)"`)
	batsInclude = regexp.MustCompile(`--include ([a-z0-9-]+) --do-not-auto-add-defaults`)
)

// kubeLinterVerdict is what kube-linter reported for one check's test.
type kubeLinterVerdict struct {
	Check   string      `json:"check"`
	File    string      `json:"file"`
	Flagged []objectKey `json:"flagged"`
}

func kubeLinterCases(ctx context.Context, repo, bin, cacheFile string) ([]checkCase, error) {
	bats, err := os.ReadFile(filepath.Join(repo, "e2etests", "bats-tests.sh"))
	if err != nil {
		return nil, fmt.Errorf("%w (clone https://github.com/stackrox/kube-linter into the directory)", err)
	}
	var verdicts []kubeLinterVerdict
	if bin == "" {
		data, err := os.ReadFile(cacheFile)
		if err != nil {
			return nil, fmt.Errorf("no cached verdicts (%w): pass -kube-linter BIN once (go build ./cmd/kube-linter in the clone)", err)
		}
		if err := json.Unmarshal(data, &verdicts); err != nil {
			return nil, fmt.Errorf("read %s: %w", cacheFile, err)
		}
	} else {
		for _, test := range batsTest.FindAll(bats, -1) {
			file, include := batsFile.FindSubmatch(test), batsInclude.FindSubmatch(test)
			if file == nil || include == nil {
				continue // config-driven template tests, bash version check
			}
			v, err := runKubeLinter(ctx, bin, repo, string(include[1]), string(file[1]))
			if err != nil {
				return nil, err
			}
			verdicts = append(verdicts, v)
		}
		data, err := json.MarshalIndent(verdicts, "", "  ")
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(cacheFile, data, 0o644); err != nil {
			return nil, err
		}
	}
	var cases []checkCase
	for _, v := range verdicts {
		file := filepath.Join(repo, v.File)
		objects, err := readObjects(file)
		if err != nil {
			return nil, err
		}
		flagged := map[objectKey]bool{}
		for _, k := range v.Flagged {
			flagged[k] = true
		}
		keys := make([]objectKey, 0, len(objects))
		for k := range objects {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		c := checkCase{Check: v.Check}
		for _, k := range keys {
			c.Units = append(c.Units, unit{File: file, Object: &k, Positive: flagged[k]})
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// runKubeLinter runs one check on its test file as the e2e test does.
func runKubeLinter(ctx context.Context, bin, repo, check, file string) (kubeLinterVerdict, error) {
	cmd := exec.CommandContext(ctx, bin, "lint", "--include", check, "--do-not-auto-add-defaults", "--format", "json", file)
	cmd.Dir = repo
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return kubeLinterVerdict{}, fmt.Errorf("run %s on %s: %w", check, file, err)
	}
	var parsed struct {
		Reports []struct {
			Object struct {
				K8sObject struct {
					Namespace        string
					Name             string
					GroupVersionKind struct{ Kind string }
				}
			}
		}
	}
	if err := json.Unmarshal(out, &parsed); err != nil {
		return kubeLinterVerdict{}, fmt.Errorf("read kube-linter's report of %s on %s: %w", check, file, err)
	}
	v := kubeLinterVerdict{Check: check, File: file}
	seen := map[objectKey]bool{}
	for _, r := range parsed.Reports {
		o := r.Object.K8sObject
		k := objectKey{Kind: o.GroupVersionKind.Kind, Namespace: o.Namespace, Name: o.Name}
		if !seen[k] {
			seen[k] = true
			v.Flagged = append(v.Flagged, k)
		}
	}
	return v, nil
}

// kubeScoreCall is one graded case of kube-score's tests: the files, the
// run configuration and the check's name and grade.
var kubeScoreCall = regexp.MustCompile(`(?s)testExpectedScore(?:WithConfig)?\(t,\s*(?:\[\]ks\.NamedReader\{([^}]*)\}, (nil|[^,]+), ([^"]*?)|("[^"]+"(?:\+v\+"[^"]+")?), )"([A-Z][^"]+)", scorecard\.Grade(Critical|Warning|AllOK)\)`)

var (
	kubeScoreTestFile = regexp.MustCompile(`testFile\("([^"]+)"\)`)
	// Run configurations that only switch optional checks on keep the
	// check's default behaviour; any other setting changes the verdict. A
	// KubernetesVersion does too: stable_version_test.go grades the same
	// apps/v1beta1 StatefulSet AllOK for Kubernetes 1.4 and Warning for
	// 1.18, and poddoctor judges for its own target version.
	kubeScoreNeutralConfig = regexp.MustCompile(`^&config\.RunConfiguration\{\s*((EnabledOptionalTests: \w+|UseOptionalChecksAnnotation: true),?\s*)*\},?\s*$`)
)

func kubeScoreCases(repo string) ([]checkCase, error) {
	tests, err := filepath.Glob(filepath.Join(repo, "score", "*_test.go"))
	if err != nil || len(tests) == 0 {
		return nil, fmt.Errorf("no score/*_test.go in %s (clone https://github.com/zegl/kube-score into the directory)", repo)
	}
	byCheck := map[string]map[unit]bool{}
	for _, t := range tests {
		src, err := os.ReadFile(t)
		if err != nil {
			return nil, err
		}
		for _, m := range kubeScoreCall.FindAllSubmatch(src, -1) {
			var fileSets [][]string
			if m[4] != nil {
				name := strings.Trim(string(m[4]), `"`)
				if parts := strings.Split(name, `"+v+"`); len(parts) == 2 {
					// cronjob_test.go runs one case per batch API version.
					for _, v := range []string{"batchv1beta1", "batchv1"} {
						fileSets = append(fileSets, []string{parts[0] + v + parts[1]})
					}
				} else {
					fileSets = append(fileSets, []string{name})
				}
			} else {
				if string(m[2]) != "nil" || !kubeScoreNeutralConfig.Match(m[3]) {
					continue
				}
				var files []string
				for _, f := range kubeScoreTestFile.FindAllSubmatch(m[1], -1) {
					files = append(files, string(f[1]))
				}
				if len(files) == 0 {
					continue
				}
				fileSets = append(fileSets, files)
			}
			// The check's id, as kube-score derives it from the name.
			id := strings.ReplaceAll(strings.ToLower(string(m[5])), " ", "-")
			for _, files := range fileSets {
				paths := make([]string, len(files))
				for i, f := range files {
					paths[i] = filepath.Join(repo, "score", "testdata", f)
				}
				u := unit{File: strings.Join(paths, fileSeparator), Positive: string(m[6]) != "AllOK"}
				if byCheck[id] == nil {
					byCheck[id] = map[unit]bool{}
				}
				byCheck[id][u] = true
			}
		}
	}
	return casesOf(byCheck), nil
}

// fileSeparator joins the files of a unit linted together.
const fileSeparator = "\n"

func polarisCases(repo string) ([]checkCase, error) {
	dirs, err := filepath.Glob(filepath.Join(repo, "test", "checks", "*"))
	if err != nil || len(dirs) == 0 {
		return nil, fmt.Errorf("no test/checks in %s (clone https://github.com/FairwindsOps/polaris into the directory)", repo)
	}
	byCheck := map[string]map[unit]bool{}
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(d, "*.yaml"))
		if err != nil {
			return nil, err
		}
		check := filepath.Base(d)
		for _, f := range files {
			base := filepath.Base(f)
			var positive bool
			switch {
			case strings.HasPrefix(base, "failure"):
				positive = true
			case strings.HasPrefix(base, "success"):
			default:
				continue // mutated.yaml: the fix polaris writes, not a verdict
			}
			if byCheck[check] == nil {
				byCheck[check] = map[unit]bool{}
			}
			byCheck[check][unit{File: f, Positive: positive}] = true
		}
	}
	return casesOf(byCheck), nil
}

func casesOf(byCheck map[string]map[unit]bool) []checkCase {
	var cases []checkCase
	for _, check := range sortedKeys(byCheck) {
		c := checkCase{Check: check}
		for u := range byCheck[check] {
			c.Units = append(c.Units, u)
		}
		sort.Slice(c.Units, func(i, j int) bool { return c.Units[i].String() < c.Units[j].String() })
		cases = append(cases, c)
	}
	return cases
}
