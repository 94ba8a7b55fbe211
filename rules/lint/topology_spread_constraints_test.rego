package poddoctor.lint.topology_spread_constraints_test

import data.poddoctor.lint.topology_spread_constraints as rule

good := {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}

pod(constraints) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "web"}}, "spec": {"topologySpreadConstraints": constraints, "containers": [{"name": "a", "image": "a:1"}]}}

test_valid if {
	count(rule.findings) == 0 with input as pod([good, object.union(good, {"topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway"})])
	count(rule.findings) == 0 with input as pod([object.union(good, {"minDomains": 3})])
}

test_invalid if {
	bad := [
		object.union(good, {"maxSkew": 0}),
		object.union(good, {"topologyKey": "kubernetes.io/hostname", "minDomains": 0}),
		object.remove(object.union(good, {"whenUnsatisfiable": "ScheduleAnyway"}), ["topologyKey"]),
		object.union(good, {"topologyKey": "node", "whenUnsatisfiable": "DoNotSCHEDULE"}),
		object.union(good, {"topologyKey": "rack", "whenUnsatisfiable": "ScheduleAnyway", "minDomains": 2}),
	]
	findings := rule.findings with input as pod(bad)
	{f.path | some f in findings} == {
		"spec.topologySpreadConstraints[0].maxSkew",
		"spec.topologySpreadConstraints[1].minDomains",
		"spec.topologySpreadConstraints[2].topologyKey",
		"spec.topologySpreadConstraints[3].whenUnsatisfiable",
		"spec.topologySpreadConstraints[4].minDomains",
	}
	every f in findings {
		f.severity == "error"
	}
}

test_duplicate if {
	some f in rule.findings with input as pod([good, good])
	f.msg == "topologySpreadConstraints[1]: topologyKey \"topology.kubernetes.io/zone\" with whenUnsatisfiable DoNotSchedule repeats constraint 0"
}

test_no_selector_spreads_nothing if {
	some f in rule.findings with input as pod([object.remove(good, ["labelSelector"])])
	f.severity == "warning"
	f.path == "spec.topologySpreadConstraints[0].labelSelector"
}
