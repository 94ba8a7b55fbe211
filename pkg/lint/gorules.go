package lint

import "github.com/poddoctor/poddoctor/pkg/finding"

// Ids of the rules implemented in Go rather than Rego.
const (
	RuleInvalidManifest = "invalid-manifest"
	RuleUnknownField    = "unknown-field"
	RulePolicyError     = "policy-error"
	RuleRuleError       = "rule-error"
)

// goRules is the metadata of the lint rules implemented in Go, registered
// beside the Rego ones so ids stay unique and `poddoctor rules` lists them.
var goRules = []finding.Rule{
	{
		ID:          RuleInvalidManifest,
		Engine:      "lint",
		Severity:    finding.Error,
		Category:    "correctness",
		Description: "A document is not a Kubernetes object: it does not parse as YAML or JSON, is not a mapping, or lacks apiVersion, kind or metadata.name.",
		Remedy:      "Fix the document at the reported line; `kubectl apply --dry-run=client -f FILE` shows the same problem.",
		Source:      "go:pkg/manifest",
		Peers:       []string{"kube-linter:kubeconform"},
	},
	{
		ID:          RuleUnknownField,
		Engine:      "lint",
		Severity:    finding.Error,
		Category:    "correctness",
		Description: "A field is not part of the object's Kubernetes API type (usually a typo or wrong indentation); strict validation rejects it and lax validation silently drops it.",
		Remedy:      "Correct the field name (poddoctor suggests the nearest valid one) or move it to the level where it belongs.",
		Source:      "go:pkg/manifest",
	},
	{
		ID:          RuleDeprecatedAPI,
		Engine:      "lint",
		Severity:    finding.Warning,
		Category:    "compatibility",
		Description: "The object's apiVersion is deprecated in the target Kubernetes version (warning) or no longer served there (error). The target is --kube-version, by default the release of the k8s.io/api poddoctor was built with.",
		Remedy:      "Change apiVersion to the replacement named in the message and adapt the fields that changed; `kubectl convert` rewrites most manifests.",
		Source:      "go:pkg/lint/deprecated.go",
		Peers:       []string{"kube-linter:no-extensions-v1beta", "kube-score:stable-version"},
	},
	{
		ID:          RuleUnknownKind,
		Engine:      "lint",
		Severity:    finding.Error,
		Category:    "correctness",
		Description: "An object's apiVersion is one of Kubernetes' own API groups, but no version of it serves the kind (apiVersion v1 with kind Deployment, a kind in the wrong case, a version that never existed); kubectl apply refuses it with \"no matches for kind\". When the kind is served in another group, the other rules then read the object as that kind, as if the fix were made, so one run shows everything to correct.",
		Remedy:      "Correct apiVersion and kind; `kubectl api-resources` lists the kinds a cluster serves, with their group.",
		Source:      "go:pkg/lint/unknown_kind.go",
	},
	{
		ID:          RuleCustomResource,
		Engine:      "lint",
		Severity:    finding.Error,
		Category:    "correctness",
		Description: "A custom resource does not match the OpenAPI schema of its CustomResourceDefinition (in the input, or given with --crd): an unknown field (with the nearest known one), a wrong type, a missing required field, a value outside an enum, pattern or range, two items of a map list with the same keys, and a failed CEL rule (x-kubernetes-validations) with the rule's own message. Checked with the API server's own validation (k8s.io/apiextensions-apiserver), as on a create: transition rules (oldSelf) cannot be judged offline and are said in a note, as are rules that do not compile or run out of their cost budget.",
		Remedy:      "Correct the field as the message says; `kubectl explain KIND.FIELD` shows the schema of an installed CRD.",
		Source:      "go:pkg/lint/crd.go",
	},
	{
		ID:          RuleAPIServiceInvalid,
		Engine:      "lint",
		Severity:    finding.Error,
		Category:    "correctness",
		Description: "The API server refuses an apiregistration.k8s.io/v1 APIService: a name other than <version>.<group>, a missing or malformed group or version, groupPriorityMinimum outside 1..20000 or versionPriority outside 1..1000, a service reference without namespace or name or with an invalid port, insecureSkipTLSVerify together with a caBundle, or a caBundle on a local APIService. Checked with the aggregator's own validation (k8s.io/kube-aggregator).",
		Remedy:      "Correct the field as the message says: the name is spec.version + \".\" + spec.group (v1beta1.metrics.k8s.io), groupPriorityMinimum is 1 to 20000 and versionPriority 1 to 1000, and a caBundle goes without insecureSkipTLSVerify.",
		Source:      "go:pkg/lint/apiservice.go",
	},
	{
		ID:          RuleAPIServiceInsecureTLS,
		Engine:      "lint",
		Severity:    finding.Warning,
		Category:    "security",
		Description: "An APIService sets insecureSkipTLSVerify: true, so kube-apiserver proxies every request of that API group (with the requesting user's identity in its headers) to the extension API server without verifying its certificate; anything that can answer for the Service's address can read and answer those requests. Many charts ship it on by default (metrics-server), which is why it is a warning and not an error.",
		Remedy:      "Give spec.caBundle the CA that signed the extension API server's serving certificate (cert-manager's CA injector can fill it) and set insecureSkipTLSVerify to false.",
		Source:      "go:pkg/lint/apiservice.go",
	},
	{
		ID:          RulePolicyError,
		Engine:      "lint",
		Severity:    finding.Error,
		Category:    "policy",
		Description: "A policy failed while evaluating an object (a runtime error, or it ran past its time budget), so some checks did not run on it.",
		Remedy:      "Fix the policy named in the message; run `poddoctor test-policies DIR` to reproduce it with tests.",
		Source:      "go:pkg/policy",
	},
	{
		ID:          RuleRuleError,
		Engine:      "lint",
		Severity:    finding.Error,
		Category:    "policy",
		Description: "A rule implemented in Go failed on an object (a bug in poddoctor), so that rule did not check it; the other rules still did.",
		Remedy:      "Report the message and the object to the poddoctor developers; --disable the rule named in the message to silence it meanwhile.",
		Source:      "go:pkg/lint",
	},
}

// GoRules returns the metadata of the lint rules implemented in Go.
func GoRules() []finding.Rule {
	return append([]finding.Rule(nil), goRules...)
}

// remedyOf returns the remedy of a Go rule.
func remedyOf(id string) string {
	for _, r := range goRules {
		if r.ID == id {
			return r.Remedy
		}
	}
	panic("lint: unknown Go rule " + id)
}
