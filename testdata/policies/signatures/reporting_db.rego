# METADATA
# description: The reporting jobs log in to the warehouse as user "reporting", whose password the DBA team rotates monthly; a failed login of that user means the Secret was not updated.
# custom:
#   id: reporting-db-password-rotated
#   severity: error
#   category: runbooks
#   remedy: Copy the new password from the vault into Secret reporting-db, see https://runbooks.example.com/reporting/rotation
package team.reporting_db

# Over the classified facts: logCause is what poddoctor's classifier read
# in the crashed instance's log (docs/facts.md, LogCause).
findings contains f if {
	input.kind == "Pod"
	some c in input.pod.containers
	c.logCause.cause == "auth-failed"
	c.logCause.user == "reporting"
	f := {
		"msg": sprintf("container %q cannot log in to the warehouse as \"reporting\": the monthly password rotation has not reached Secret reporting-db", [c.name]),
		"container": c.name,
		"evidence": [sprintf("| %s", [c.logCause.line])],
	}
}
