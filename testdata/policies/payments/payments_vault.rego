# METADATA
# description: The payments service exits with code 3 when its Vault token has expired.
# custom:
#   id: payments-vault-token
#   severity: error
#   category: runbooks
#   remedy: Renew the token, see https://runbooks.example.com/payments/vault-token
package team.payments_vault

findings contains f if {
	input.kind == "Pod"
	input.pod.owner.name == "payments"
	some c in input.pod.containers
	c.lastState.exit.code == 3
	f := {
		"msg": sprintf("container %q exited with code 3: its Vault token expired", [c.name]),
		"container": c.name,
		"evidence": [sprintf("Restart count: %d", [c.restartCount])],
	}
}
