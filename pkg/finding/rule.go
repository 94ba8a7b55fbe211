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
	// Profile is the smallest profile that runs the rule: "default" (on
	// unless disabled), "strict" or "all" (opinionated checks, off unless
	// enabled by id or by --profile).
	Profile string `json:"profile"`
	// EnabledByDefault says whether a run without --enable or --profile
	// runs the rule: Profile is "default".
	EnabledByDefault bool `json:"enabledByDefault"`
	// Peers names the checks of other linters this rule covers, as
	// "tool:check" ("kube-linter:no-read-only-root-fs"), for people
	// migrating from them; "tool:check@warning" when only the rule's
	// findings of that severity or above answer the check
	// (internal/peerchecks.Parse).
	Peers []string `json:"peers,omitempty"`
}
