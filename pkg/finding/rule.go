package finding

// Rule is the metadata of one check, lint or diagnose, built-in or a team's.
// The policy registry holds one per rule id; renderers use it for help text
// (SARIF rules, `poddoctor rules`, docs/rules.md).
type Rule struct {
	ID          string   `json:"id"`
	Engine      string   `json:"engine"` // "lint" or "diagnose"
	Severity    Severity `json:"severity"`
	Category    string   `json:"category"`
	Description string   `json:"description"`
	Remedy      string   `json:"remedy"`
	// Source says where the rule is implemented: "rego:rules/lint/latest_tag.rego",
	// "go", or a user policy file.
	Source string `json:"source"`
	// DocURL points at the rule's entry in docs/rules.md.
	DocURL string `json:"docUrl,omitempty"`
}
