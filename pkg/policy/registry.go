package policy

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// ruleIDPattern is the shape of a stable rule id: kebab-case ASCII.
var ruleIDPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Registry holds the metadata of every rule of a run, lint and diagnose,
// Go and Rego, built-in and user. Ids are unique across all of them.
type Registry struct {
	rules map[string]finding.Rule
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{rules: make(map[string]finding.Rule)}
}

// Register adds a rule. A duplicate id, a malformed id, or a rule without
// description or remedy is an error: every finding must explain itself.
func (r *Registry) Register(rule finding.Rule) error {
	if !ruleIDPattern.MatchString(rule.ID) {
		return fmt.Errorf("rule id %q (%s) is not kebab-case", rule.ID, rule.Source)
	}
	if existing, ok := r.rules[rule.ID]; ok {
		return fmt.Errorf("rule id %q is registered twice: by %s and by %s", rule.ID, existing.Source, rule.Source)
	}
	if rule.Description == "" {
		return fmt.Errorf("rule %q (%s) has no description", rule.ID, rule.Source)
	}
	if rule.Remedy == "" {
		return fmt.Errorf("rule %q (%s) has no remedy", rule.ID, rule.Source)
	}
	if err := normalizeProfile(&rule); err != nil {
		return err
	}
	if rule.Engine != "lint" && rule.Engine != "diagnose" {
		return fmt.Errorf("rule %q (%s) has engine %q, want lint or diagnose", rule.ID, rule.Source, rule.Engine)
	}
	r.rules[rule.ID] = rule
	return nil
}

// Lookup returns the rule with the given id.
func (r *Registry) Lookup(id string) (finding.Rule, bool) {
	rule, ok := r.rules[id]
	return rule, ok
}

// Rules returns every rule, sorted by engine then id.
func (r *Registry) Rules() []finding.Rule {
	out := make([]finding.Rule, 0, len(r.rules))
	for _, rule := range r.rules {
		out = append(out, rule)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Engine != out[j].Engine {
			return out[i].Engine > out[j].Engine // lint before diagnose
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// IDs returns every rule id, sorted.
func (r *Registry) IDs() []string {
	ids := make([]string, 0, len(r.rules))
	for id := range r.rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
