package team.billing_license_test

import data.team.billing_license

pod_with_log(lines) := {"kind": "Pod", "pod": {"containers": [{"name": "billing", "logTail": lines}]}}

test_license_expired if {
	some f in billing_license.findings with input as pod_with_log(["2026-11-25 08:00:01 FATAL license key expired (LIC-403)"])
	f.msg == "container \"billing\" stopped: its vendor license expired (LIC-403)"
}

test_other_logs_are_quiet if {
	count(billing_license.findings) == 0 with input as pod_with_log(["connection refused"])
}
