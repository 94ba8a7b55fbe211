package poddoctor.lint.naked_pod_test

import data.poddoctor.lint.naked_pod as rule

test_naked if {
	count(rule.findings) == 1 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}}
	count(rule.findings) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"restartPolicy": "Never", "containers": []}}
	count(rule.findings) == 0 with input as {"kind": "Pod", "metadata": {"name": "p", "ownerReferences": [{"kind": "ReplicaSet", "name": "r"}]}, "spec": {"containers": []}}
}
