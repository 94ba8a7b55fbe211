package poddoctor.lint.statefulset_service_name_test

import data.poddoctor.lint.statefulset_service_name as rule

sts(name) := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"serviceName": name, "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": []}}}}

inventory(services) := {"complete": true, "kinds": {"Service": count(services)}, "objects": {}, "templates": [], "related": {"Service": services}}

headless := {"namespace": "", "name": "db", "clusterIP": "None", "selector": {"app": "db"}}

test_headless_service_selecting_pods if {
	count(rule.findings) == 0 with input as sts("db") with poddoctor.inventory as inventory([headless])
}

test_problems if {
	some f in rule.findings with input as sts("dbb") with poddoctor.inventory as inventory([headless])
	f.msg == `StatefulSet db: the Service "dbb" is not in the input`
	some g in rule.findings with input as sts("db") with poddoctor.inventory as inventory([object.union(headless, {"clusterIP": "10.0.0.1"})])
	contains(g.msg, "not headless")
	some h in rule.findings with input as sts("db") with poddoctor.inventory as inventory([object.union(headless, {"selector": {"app": "other"}})])
	contains(h.msg, "does not select")
}

test_no_services_in_input if {
	count(rule.findings) == 0 with input as sts("dbb") with poddoctor.inventory as inventory([])
}

# With the inventory's index of related objects by name
# (pkg/lint/name_indexes.go),
# the StatefulSet reads only the Services of its serviceName, and answers
# as the scan does.
indexed(services) := object.union(inventory(services), {"related_names": {"Service": {n: [i | some i, s in services; s.name == n] | some s0 in services; n := s0.name}}})

test_name_index_answers_as_the_scan if {
	other := {"namespace": "", "name": "cache", "clusterIP": "None", "selector": {"app": "cache"}}
	cases := [[headless], [other], [other, headless], [object.union(headless, {"clusterIP": "10.0.0.1"}), other], []]
	every services in cases {
		every name in ["db", "dbb"] {
			scanned := rule.findings with input as sts(name) with poddoctor.inventory as inventory(services)
			by_name := rule.findings with input as sts(name) with poddoctor.inventory as indexed(services)
			scanned == by_name
		}
	}
	count(rule.findings) == 0 with input as sts("db") with poddoctor.inventory as indexed([other, headless])
	some f in rule.findings with input as sts("db") with poddoctor.inventory as indexed([other])
	f.msg == `StatefulSet db: the Service "db" is not in the input`
}
