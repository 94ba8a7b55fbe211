package policy

import (
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// PackageRule reads the rule metadata of a module from its package-scoped
// METADATA block. ok is false when the module declares no rule (a helper
// library or a user policy without metadata).
func PackageRule(mod *ast.Module, file, engine string) (rule finding.Rule, ok bool, err error) {
	for _, a := range mod.Annotations {
		if a.Scope != "package" {
			continue
		}
		id, _ := a.Custom["id"].(string)
		if id == "" {
			if a.Custom["id"] != nil {
				return rule, false, fmt.Errorf("%s: METADATA custom.id must be a string", file)
			}
			continue
		}
		sevText, _ := a.Custom["severity"].(string)
		if sevText == "" {
			return rule, false, fmt.Errorf("%s: rule %q: METADATA custom.severity is missing", file, id)
		}
		sev, err := finding.ParseSeverity(sevText)
		if err != nil {
			return rule, false, fmt.Errorf("%s: rule %q: %w", file, id, err)
		}
		category, _ := a.Custom["category"].(string)
		remedy, _ := a.Custom["remedy"].(string)
		profile, _ := a.Custom["profile"].(string)
		peers, err := stringList(a.Custom["peers"])
		if err != nil {
			return rule, false, fmt.Errorf("%s: rule %q: METADATA custom.peers: %w", file, id, err)
		}
		description := strings.TrimSpace(a.Description)
		if description == "" {
			description = strings.TrimSpace(a.Title)
		}
		return finding.Rule{
			ID:          id,
			Engine:      engine,
			Severity:    sev,
			Category:    category,
			Description: description,
			Remedy:      strings.TrimSpace(remedy),
			Source:      file,
			DocURL:      DocURL(id),
			Profile:     profile,
			Peers:       peers,
		}, true, nil
	}
	return rule, false, nil
}

// DocURL is where a rule is documented: its anchor in docs/rules.md.
func DocURL(id string) string {
	return "https://github.com/poddoctor/poddoctor/blob/main/docs/rules.md#" + id
}

// stringList reads a METADATA list of strings; absent is an empty list.
func stringList(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of strings, got %T", v)
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		s, ok := item.(string)
		if !ok {
			return nil, fmt.Errorf("want a list of strings, got an item of type %T", item)
		}
		out = append(out, s)
	}
	return out, nil
}
