// Package config reads .poddoctor.yaml: the rules a team switches off or
// on, severity overrides, excluded paths and objects, its own policies and
// image names, and parameters for rules. The command line finds the file
// upward from the working directory; a Go program calls Load.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/poddoctor/poddoctor/internal/didyoumean"
	"github.com/poddoctor/poddoctor/pkg/finding"
)

// FileNames are the names Find looks for, in order.
var FileNames = []string{".poddoctor.yaml", ".poddoctor.yml"}

// Config is the content of .poddoctor.yaml.
type Config struct {
	// Disable and Enable switch rules off and back on, by id.
	Disable []string `json:"disable,omitempty"`
	Enable  []string `json:"enable,omitempty"`
	// Profile is the default of --profile: default, strict or all.
	Profile string `json:"profile,omitempty"`
	// Severity overrides a rule's severity: {"latest-tag": "error"}.
	Severity map[string]string `json:"severity,omitempty"`
	// FailOn and MinSeverity are the defaults of --fail-on and --min-severity.
	FailOn      string `json:"failOn,omitempty"`
	MinSeverity string `json:"minSeverity,omitempty"`
	// KubeVersion is the default of --kube-version.
	KubeVersion string `json:"kubeVersion,omitempty"`
	// Policies are directories of the team's Rego policies, relative to
	// the config file.
	Policies []string `json:"policies,omitempty"`
	// KnownImages extend the typo catalog with the team's own image names.
	KnownImages []string `json:"knownImages,omitempty"`
	// Exclude leaves paths and objects out of the run.
	Exclude Exclude `json:"exclude,omitempty"`
	// Params are rule parameters, which policies read as
	// data.poddoctor.params[RULE][NAME]: {"allowed-registries":
	// {"registries": ["registry.acme.example"]}}.
	Params map[string]map[string]any `json:"params,omitempty"`

	// File is where the config was read from; "" for none.
	File string `json:"-"`
}

// Exclude lists what a run leaves out.
type Exclude struct {
	// Paths are globs over file paths relative to the config file ("**"
	// matches any number of directories): "vendor/**", "charts/*/templates/**".
	Paths []string `json:"paths,omitempty"`
	// Objects are KIND/NAMESPACE/NAME globs ("Secret/*/*",
	// "Deployment/kube-system/*"), or KIND/NAME for any namespace.
	Objects []string `json:"objects,omitempty"`
}

// Find looks for a config file in dir and its parents; ok is false when
// there is none.
func Find(dir string) (path string, ok bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		for _, name := range FileNames {
			candidate := filepath.Join(dir, name)
			if info, err := os.Stat(candidate); err == nil && !info.IsDir() {
				return candidate, true
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Load reads and checks a config file. Unknown keys are errors with the
// nearest known key as a suggestion, since a misspelled key would
// otherwise silently do nothing.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	cfg, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	cfg.File = path
	return cfg, nil
}

// Parse reads config YAML (or JSON) and checks its values.
func Parse(data []byte) (*Config, error) {
	var cfg Config
	if len(bytes.TrimSpace(data)) == 0 {
		return &cfg, nil
	}
	if err := yaml.UnmarshalStrict(data, &cfg); err != nil {
		return nil, explainDecodeError(explainUnknownField(err))
	}
	for rule, sev := range cfg.Severity {
		if _, err := finding.ParseSeverity(sev); err != nil {
			return nil, fmt.Errorf("severity of %s: %w", rule, err)
		}
	}
	if cfg.FailOn != "" {
		if _, err := finding.ParseThreshold(cfg.FailOn); err != nil {
			return nil, fmt.Errorf("failOn: %w", err)
		}
	}
	if cfg.MinSeverity != "" {
		if _, err := finding.ParseSeverity(cfg.MinSeverity); err != nil {
			return nil, fmt.Errorf("minSeverity: %w", err)
		}
	}
	for i, p := range cfg.Exclude.Paths {
		if _, err := globPattern(p); err != nil {
			return nil, fmt.Errorf("exclude.paths[%d]: %w", i, err)
		}
	}
	for i, p := range cfg.Exclude.Objects {
		if n := strings.Count(p, "/"); n < 1 || n > 2 {
			return nil, fmt.Errorf("exclude.objects[%d]: %q: want KIND/NAMESPACE/NAME or KIND/NAME", i, p)
		}
		for _, part := range strings.Split(p, "/") {
			if _, err := path.Match(part, ""); err != nil {
				return nil, fmt.Errorf("exclude.objects[%d]: %q: %q is not a valid pattern: %w", i, p, part, err)
			}
		}
	}
	if err := checkParamShapes(cfg.Params); err != nil {
		return nil, err
	}
	return &cfg, nil
}

var unknownFieldPattern = regexp.MustCompile(`unknown field "([^"]+)"`)

// explainUnknownField adds "did you mean" to a strict decoding error.
func explainUnknownField(err error) error {
	m := unknownFieldPattern.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	path := strings.Split(m[1], ".")
	field := path[len(path)-1]
	// The decoder does not always say at which level the key was; suggest
	// from every level.
	known := jsonFields(reflect.TypeFor[Config]())
	nested := jsonFields(reflect.TypeFor[Exclude]())
	best := didyoumean.Nearest(field, append(known, nested...))
	msg := fmt.Sprintf("unknown key %q", m[1])
	if best != "" {
		msg += fmt.Sprintf(": did you mean %q?", best)
	}
	return errors.New(msg + " (known keys: " + strings.Join(known, ", ") + "; under exclude: " + strings.Join(nested, ", ") + ")")
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// PolicyDirs returns the policy directories, resolved against the config
// file's directory.
func (c *Config) PolicyDirs() []string {
	out := make([]string, 0, len(c.Policies))
	for _, p := range c.Policies {
		out = append(out, c.resolve(p))
	}
	return out
}

func (c *Config) resolve(p string) string {
	if filepath.IsAbs(p) || c.File == "" {
		return p
	}
	return filepath.Join(filepath.Dir(c.File), p)
}

// Data is what policies read under data.poddoctor: the rule parameters.
func (c *Config) Data() map[string]any {
	params := map[string]any{}
	for rule, p := range c.Params {
		params[rule] = p
	}
	// A JSON round trip gives the policy engine plain JSON values.
	raw, _ := json.Marshal(params)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return map[string]any{"params": out}
}
