# METADATA
# description: The billing service stops with "license key expired (LIC-nnn)" when its vendor license lapses; poddoctor's classifier does not know this in-house wording, so this policy reads the log itself.
# custom:
#   id: billing-license-expired
#   severity: error
#   category: runbooks
#   remedy: Renew the vendor license, see https://runbooks.example.com/billing/license
package team.billing_license

findings contains f if {
	input.kind == "Pod"
	some c in input.pod.containers
	some line in log_lines(c)
	m := regex.find_all_string_submatch_n(`license key expired \((LIC-\d+)\)`, line, 1)
	count(m) == 1
	f := {
		"msg": sprintf("container %q stopped: its vendor license expired (%s)", [c.name, m[0][1]]),
		"container": c.name,
		"evidence": [sprintf("| %s", [line])],
	}
}

# log_lines are the captured log tail, and the log's end the kubelet copied
# into the last termination message (terminationMessagePolicy
# FallbackToLogsOnError), which saved snapshots keep without any log.
log_lines(c) := array.concat(object.get(c, "logTail", []), split(object.get(object.get(c, "lastState", {}), "message", ""), "\n"))
