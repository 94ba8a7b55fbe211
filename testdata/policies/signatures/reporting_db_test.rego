package team.reporting_db_test

import data.team.reporting_db

pod_with_cause(cause) := {"kind": "Pod", "pod": {"containers": [{"name": "export", "logCause": cause}]}}

test_reporting_login_failed if {
	cause := {"cause": "auth-failed", "family": "postgres", "user": "reporting", "line": "psql: error: FATAL:  password authentication failed for user \"reporting\""}
	count(reporting_db.findings) == 1 with input as pod_with_cause(cause)
}

test_other_users_are_quiet if {
	cause := {"cause": "auth-failed", "family": "postgres", "user": "app", "line": "FATAL:  password authentication failed for user \"app\""}
	count(reporting_db.findings) == 0 with input as pod_with_cause(cause)
}
