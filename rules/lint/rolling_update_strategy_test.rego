package poddoctor.lint.rolling_update_strategy_test

import data.poddoctor.lint.rolling_update_strategy as rule

test_recreate_and_on_delete if {
	count(rule.findings) == 1 with input as {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"strategy": {"type": "Recreate"}}}
	count(rule.findings) == 1 with input as {"kind": "DaemonSet", "metadata": {"name": "d"}, "spec": {"updateStrategy": {"type": "OnDelete"}}}
}

test_rolling_or_default if {
	count(rule.findings) == 0 with input as {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {}}
	count(rule.findings) == 0 with input as {"kind": "StatefulSet", "metadata": {"name": "d"}, "spec": {"updateStrategy": {"type": "RollingUpdate"}}}
}
