package poddoctor.lint.selector_mismatch_test

import data.poddoctor.lint.selector_mismatch as rule

deployment(selector, labels) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {
	"selector": selector,
	"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "a", "image": "a:1"}]}},
}}

test_match_labels_mismatch if {
	some f in rule.findings with input as deployment({"matchLabels": {"app": "web"}}, {"app": "frontend"})
	f.path == "spec.selector.matchLabels[\"app\"]"
	f.msg == "selector app=web does not match the pod template labels app=frontend"
}

test_match_labels_subset if {
	count(rule.findings) == 0 with input as deployment({"matchLabels": {"app": "web"}}, {"app": "web", "tier": "front"})
}

test_expressions if {
	sel := {"matchExpressions": [
		{"key": "app", "operator": "In", "values": ["web", "api"]},
		{"key": "canary", "operator": "DoesNotExist"},
		{"key": "tier", "operator": "Exists"},
	]}
	findings := rule.findings with input as deployment(sel, {"app": "web"})
	{f.path | some f in findings} == {"spec.selector.matchExpressions[2]"}
}

test_missing_selector if {
	d := json.remove(deployment({}, {"app": "web"}), ["spec/selector"])
	some f in rule.findings with input as d
	f.path == "spec"
}

test_pods_are_ignored if {
	count(rule.findings) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}}
}

test_old_api_groups_default_the_selector if {
	d := json.patch(deployment({}, {"app": "web"}), [
		{"op": "remove", "path": "/spec/selector"},
		{"op": "replace", "path": "/apiVersion", "value": "extensions/v1beta1"},
	])
	count(rule.findings) == 0 with input as d
}
