# METADATA
# title: topology-spread-constraints
# description: A topologySpreadConstraint of the pod is invalid or has no effect - maxSkew or minDomains below 1, no topologyKey, a whenUnsatisfiable other than DoNotSchedule or ScheduleAnyway, minDomains with ScheduleAnyway, or the same topologyKey and whenUnsatisfiable twice (the API server rejects the object); or no labelSelector, so the constraint counts no pods and spreads nothing (warning).
# custom:
#   id: topology-spread-constraints
#   severity: error
#   category: scheduling
#   remedy: 'Give each constraint maxSkew 1 or more, a topologyKey (kubernetes.io/hostname, topology.kubernetes.io/zone), whenUnsatisfiable DoNotSchedule or ScheduleAnyway, and a labelSelector matching the pod''s own labels.'
#   peers: [kube-score:pod-topology-spread-constraints]
package poddoctor.lint.topology_spread_constraints

import data.poddoctor.lib.k8s

constraints := [[i, k8s.as_object(c)] | some i, c in k8s.as_array(object.get(k8s.pod_spec, "topologySpreadConstraints", []))]

# problems are [constraint index, field, what is wrong, severity], as the
# API server's ValidateTopologySpreadConstraints words them.
problems contains [i, "maxSkew", sprintf("maxSkew %v must be greater than zero", [c.maxSkew]), "error"] if {
	some [i, c] in constraints
	is_number(c.maxSkew)
	c.maxSkew < 1
}

problems contains [i, "minDomains", sprintf("minDomains %v must be greater than zero", [c.minDomains]), "error"] if {
	some [i, c] in constraints
	is_number(c.minDomains)
	c.minDomains < 1
}

problems contains [i, "minDomains", "minDomains can only be used with whenUnsatisfiable DoNotSchedule", "error"] if {
	some [i, c] in constraints
	is_number(c.minDomains)
	c.whenUnsatisfiable == "ScheduleAnyway"
}

problems contains [i, "topologyKey", "topologyKey is required", "error"] if {
	some [i, c] in constraints
	object.get(c, "topologyKey", "") == ""
}

problems contains [i, "whenUnsatisfiable", sprintf("whenUnsatisfiable %q is not DoNotSchedule or ScheduleAnyway", [c.whenUnsatisfiable]), "error"] if {
	some [i, c] in constraints
	not c.whenUnsatisfiable in {"DoNotSchedule", "ScheduleAnyway"}
}

problems contains [i, "topologyKey", sprintf("topologyKey %q with whenUnsatisfiable %v repeats constraint %d", [c.topologyKey, c.whenUnsatisfiable, j]), "error"] if {
	some [i, c] in constraints
	some [j, d] in constraints
	j < i
	c.topologyKey == d.topologyKey
	c.whenUnsatisfiable == d.whenUnsatisfiable
}

problems contains [i, "labelSelector", "it has no labelSelector, so it counts no pods and spreads nothing", "warning"] if {
	some [i, c] in constraints
	object.get(c, "labelSelector", null) == null
}

findings contains f if {
	some [i, field, what, severity] in problems
	f := {
		"msg": sprintf("topologySpreadConstraints[%d]: %s", [i, what]),
		"path": sprintf("%s.topologySpreadConstraints[%d].%s", [k8s.pod_spec_prefix, i, field]),
		"severity": severity,
	}
}
