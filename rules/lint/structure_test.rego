package poddoctor.lint.structure_test

import data.poddoctor.lint.duplicate_container_name
import data.poddoctor.lint.duplicate_env_var

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_duplicate_container_across_init if {
	findings := duplicate_container_name.findings with input as pod({
		"initContainers": [{"name": "app", "image": "a:1"}],
		"containers": [{"name": "app", "image": "a:1"}, {"name": "side", "image": "b:1"}],
	})
	{f.path | some f in findings} == {"spec.containers[0].name"}
}

test_unique_names if {
	count(duplicate_container_name.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}]})
}

test_duplicate_env if {
	findings := duplicate_env_var.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [
		{"name": "MODE", "value": "x"},
		{"name": "OTHER", "value": "y"},
		{"name": "MODE", "value": "z"},
	]}]})
	{f.path | some f in findings} == {"spec.containers[0].env[2].name"}
}

test_distinct_env if {
	count(duplicate_env_var.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [{"name": "A"}, {"name": "B"}]}]})
}
