# A rule whose body calls a function that does not exist: it parses, and
# its METADATA is read, but no engine compiles it.
# METADATA
# title: Team rule with a typo
# description: A team rule whose body calls a function that does not exist.
# custom:
#   id: team-typo
#   severity: warning
#   remedy: Fix the policy.
package team.typo

import rego.v1

findings contains {"msg": "x"} if {
	no_such_function(input.kind)
}
