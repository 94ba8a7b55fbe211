package poddoctor.lint.env_reference_key_test

import data.poddoctor.lint.env_reference_key as rule

pod(env) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "a:1", "env": env}]}}

# pkg/lint lists a ConfigMap or Secret, with its keys, under objects (and
# the same entry under related).
inventory := {"complete": true, "kinds": {}, "related": {}, "templates": [], "objects": {
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

# With the name index pkg/lint builds, only the objects of the referenced
# name are read, and they are the very entries that carry the keys.
indexed := {"complete": true, "kinds": {}, "templates": [], "related": {},
	"objects": {
		"ConfigMap": [{"namespace": "", "name": "other", "keys": []}, {"namespace": "", "name": "cfg", "keys": ["LOG_LEVEL"]}],
		"Secret": [{"namespace": "", "name": "db", "keys": ["password"]}],
	},
	"name_index": {"ConfigMap": {"other": [0], "cfg": [1]}, "Secret": {"db": [0]}},
}

test_indexed_inventory if {
	findings := rule.findings with input as pod([
		{"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "LOG_LEVL"}}},
		{"name": "EMPTY", "valueFrom": {"configMapKeyRef": {"name": "other", "key": "x"}}},
		{"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
	]) with poddoctor.inventory as indexed
	{f.msg | some f in findings} == {
		`container "a": env LEVEL reads key "LOG_LEVL" of ConfigMap cfg, which has only LOG_LEVEL`,
		`container "a": env EMPTY reads key "x" of ConfigMap other, which has no keys`,
	}
}
