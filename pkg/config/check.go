package config

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/agnivade/levenshtein"
	"k8s.io/apimachinery/pkg/api/resource"
)

// builtinParams are the parameters built-in rules read from
// data.poddoctor.params, by rule and name, with the shape each must have.
// A rule's Rego reads exactly these (rules/lint/allowed_registries.rego);
// a parameter it does not read would silently do nothing, and one of the
// wrong shape would make the rule misjudge every image.
var builtinParams = map[string]map[string]paramShape{
	"allowed-registries":     {"registries": stringList},
	"resource-range":         {"limits": quantityRanges, "requests": quantityRanges},
	"required-labels":        {"labels": stringMap, "kinds": stringList},
	"required-annotations":   {"annotations": stringMap, "kinds": stringList},
	"too-few-replicas":       {"min-replicas": positiveInteger},
	"unknown-priority-class": {"classes": stringList},
}

// paramShape is what one parameter must look like.
type paramShape int

const (
	stringList      paramShape = iota // a list of strings
	stringMap                         // a mapping of strings to strings
	positiveInteger                   // a whole number above 0
	// quantityRanges maps resource names to {min, max}, each optional, each
	// a Kubernetes quantity ("100m", "6Gi", 2), min not above max.
	quantityRanges
)

func (s paramShape) String() string {
	switch s {
	case stringList:
		return "a list of strings"
	case stringMap:
		return "a mapping of strings to strings"
	case positiveInteger:
		return "a whole number above 0"
	case quantityRanges:
		return "a mapping of resource names to {min, max} quantities, min not above max"
	}
	return "unknown"
}

// matches reports whether a decoded JSON value has the shape.
func (s paramShape) matches(v any) bool {
	switch s {
	case stringList:
		list, ok := v.([]any)
		if !ok {
			return false
		}
		for _, item := range list {
			if _, ok := item.(string); !ok {
				return false
			}
		}
		return true
	case quantityRanges:
		return isQuantityRanges(v)
	case stringMap:
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for _, item := range m {
			if _, ok := item.(string); !ok {
				return false
			}
		}
		return true
	case positiveInteger:
		n, ok := v.(float64)
		return ok && n >= 1 && n == float64(int64(n))
	}
	return false
}

// isQuantityRanges checks {resource: {min: q, max: q}}: the quantities
// parse as the API server parses them, and min is not above max.
func isQuantityRanges(v any) bool {
	ranges, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for _, r := range ranges {
		bounds, ok := r.(map[string]any)
		if !ok || len(bounds) == 0 {
			return false
		}
		parsed := map[string]resource.Quantity{}
		for name, b := range bounds {
			if name != "min" && name != "max" {
				return false
			}
			q, ok := quantityOf(b)
			if !ok {
				return false
			}
			parsed[name] = q
		}
		lo, hasMin := parsed["min"]
		hi, hasMax := parsed["max"]
		if hasMin && hasMax && lo.Cmp(hi) > 0 {
			return false
		}
	}
	return true
}

// quantityOf reads a quantity written as text ("100Mi") or as a number.
func quantityOf(v any) (resource.Quantity, bool) {
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case float64:
		text = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return resource.Quantity{}, false
	}
	q, err := resource.ParseQuantity(text)
	return q, err == nil
}

// checkParamShapes checks the parameters of the built-in rules: known
// names, right shapes. Parameters of other rules (a team's own policies)
// are checked against the known rule ids by CheckRuleIDs.
func checkParamShapes(params map[string]map[string]any) error {
	for _, rule := range sortedKeys(params) {
		spec, ok := builtinParams[rule]
		if !ok {
			continue
		}
		for _, name := range sortedKeys(params[rule]) {
			shape, ok := spec[name]
			if !ok {
				known := sortedKeys(spec)
				msg := fmt.Sprintf("params.%s: unknown parameter %q", rule, name)
				if s := nearest(name, known); s != "" {
					msg += fmt.Sprintf(": did you mean %q?", s)
				}
				return fmt.Errorf("%s (%s reads %s)", msg, rule, strings.Join(known, ", "))
			}
			if v := params[rule][name]; !shape.matches(v) {
				return fmt.Errorf("params.%s.%s: want %s, got %s", rule, name, shape, describeValue(v))
			}
		}
	}
	return nil
}

// CheckRuleIDs checks that every rule id the config names under severity
// and params is a rule of this run (built-in or a team policy's), with
// the nearest known id as a suggestion: a misspelled id would otherwise
// silently do nothing.
func (c *Config) CheckRuleIDs(known []string) error {
	check := func(key, id string) error {
		if slices.Contains(known, id) {
			return nil
		}
		msg := fmt.Sprintf("config %s: %s: unknown rule %q", c.name(), key, id)
		if s := nearest(id, known); s != "" {
			msg += fmt.Sprintf(": did you mean %q?", s)
		}
		return errors.New(msg + " (poddoctor rules lists them all)")
	}
	for _, id := range sortedKeys(c.Severity) {
		if err := check("severity", id); err != nil {
			return err
		}
	}
	for _, id := range sortedKeys(c.Params) {
		if err := check("params", id); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) name() string {
	if c.File == "" {
		return "(in memory)"
	}
	return c.File
}

// nearest returns the candidate closest to word, if close enough to be a
// plausible typo (plurals included: "registry" for "registries").
func nearest(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+1
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(word, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// describeValue names the shape of a decoded JSON value for a message.
func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing (null)"
	case string:
		return fmt.Sprintf("the string %q", x)
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case float64:
		return fmt.Sprintf("the number %v", x)
	case []any:
		return fmt.Sprintf("a list of %d", len(x))
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}

// typeErrorPattern reads encoding/json's type error as sigs.k8s.io/yaml
// passes it on: "json: cannot unmarshal array into Go struct field
// Config.params of type map[string]...".
var typeErrorPattern = regexp.MustCompile(`cannot unmarshal (\w+) into Go (?:struct field \w+\.(\S+)|value) of type (\S+)`)

// explainDecodeError says which key has a value of the wrong shape in
// the words of the file (a list, a mapping), not of Go's types.
func explainDecodeError(err error) error {
	m := typeErrorPattern.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	got := map[string]string{"array": "a list", "object": "a mapping", "string": "a string", "number": "a number", "bool": "a boolean"}[m[1]]
	if got == "" {
		got = m[1]
	}
	want := "a mapping"
	switch t := m[3]; {
	case strings.HasPrefix(t, "[]"):
		want = "a list"
	case t == "string":
		want = "a string"
	case strings.HasPrefix(t, "map[string]map"):
		want = "a mapping of rule ids to their parameters"
	case strings.HasPrefix(t, "map[string]interface"), strings.HasPrefix(t, "map[string]any"):
		want = "each rule's entry to be a mapping of parameter names to values"
	case t == "string" || strings.HasPrefix(t, "map[string]string"):
		want = "a mapping of rule ids to severities"
	}
	key := m[2]
	if key == "" {
		key = "the file"
	}
	return fmt.Errorf("%s: want %s, got %s", key, want, got)
}
