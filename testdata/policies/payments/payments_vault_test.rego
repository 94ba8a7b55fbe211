package team.payments_vault_test

import data.team.payments_vault

test_exit_code_3 if {
	doc := {"kind": "Pod", "pod": {"owner": {"kind": "Deployment", "name": "payments"}, "containers": [
		{"name": "api", "restartCount": 4, "lastState": {"name": "terminated", "exit": {"code": 3, "meaning": "application-specific"}}},
	]}}
	count(payments_vault.findings) == 1 with input as doc
}

test_other_exit_codes_are_quiet if {
	doc := {"kind": "Pod", "pod": {"owner": {"kind": "Deployment", "name": "payments"}, "containers": [
		{"name": "api", "restartCount": 4, "lastState": {"name": "terminated", "exit": {"code": 1, "meaning": "general error"}}},
	]}}
	count(payments_vault.findings) == 0 with input as doc
}
