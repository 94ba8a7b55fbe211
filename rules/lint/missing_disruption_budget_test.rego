package poddoctor.lint.missing_disruption_budget_test

import data.poddoctor.lint.missing_disruption_budget as rule

deployment := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": []}}}}

inventory(pdbs) := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"PodDisruptionBudget": pdbs}}

test_missing_and_present if {
	count(rule.findings) == 1 with input as deployment with poddoctor.inventory as inventory([])
	count(rule.findings) == 1 with input as deployment with poddoctor.inventory as inventory([{"namespace": "", "name": "p", "selector": {"matchLabels": {"app": "api"}}}])
	count(rule.findings) == 0 with input as deployment with poddoctor.inventory as inventory([{"namespace": "", "name": "p", "selector": {"matchLabels": {"app": "web"}}}])
}
