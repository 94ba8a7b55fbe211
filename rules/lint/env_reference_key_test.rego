package poddoctor.lint.env_reference_key_test

import data.poddoctor.lint.env_reference_key as rule

pod(env) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "a:1", "env": env}]}}

inventory := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {
	"ConfigMap": [{"namespace": "", "name": "cfg", "keys": ["LOG_LEVEL"]}],
	"Secret": [{"namespace": "", "name": "db", "keys": ["password", "user"]}],
}}

test_missing_keys if {
	findings := rule.findings with input as pod([
		{"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "LOG_LEVEL"}}},
		{"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pasword"}}},
		{"name": "OPT", "valueFrom": {"secretKeyRef": {"name": "db", "key": "token", "optional": true}}},
		{"name": "ELSEWHERE", "valueFrom": {"secretKeyRef": {"name": "not-in-input", "key": "x"}}},
	]) with poddoctor.inventory as inventory
	{f.msg | some f in findings} == {`container "a": env PASS reads key "pasword" of Secret db, which has only password, user`}
}
