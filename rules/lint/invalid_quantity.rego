# METADATA
# title: invalid-quantity
# description: A resource request or limit is not a valid Kubernetes quantity (for example "500mb" or "1.5 GB"), so the API server rejects the object.
# custom:
#   id: invalid-quantity
#   severity: error
#   category: resources
#   remedy: Write quantities with Kubernetes suffixes, memory as 512Mi or 1Gi (binary) or 500M (decimal), CPU as 250m or 0.5.
package poddoctor.lint.invalid_quantity

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	some section in ["requests", "limits"]
	some name, value in object.get(c.spec, ["resources", section], {})
	# A quantity left empty (`cpu:`, an unset Helm value) is null, which the
	# API server reads as zero: not a rejection.
	value != null
	q := poddoctor.quantity.parse(value)
	not q.valid
	f := {
		"msg": sprintf("container %q: resources.%s.%s: %s", [c.name, section, name, q.error]),
		"path": sprintf("%s.resources.%s[%q]", [c.path, section, name]),
		"container": c.name,
		"remedy": remedy(name, value),
	}
}

remedy(name, value) := sprintf("Write the memory quantity with a Kubernetes suffix, for example 512Mi or 1Gi (%q is not one).", [value]) if name == "memory"

remedy(name, value) := sprintf("Write the CPU quantity as millicores (250m) or cores (0.5) (%q is not one).", [value]) if name == "cpu"

remedy(name, value) := sprintf("Write %s as a Kubernetes quantity such as 1, 500m, 512Mi or 1Gi (%q is not one).", [name, value]) if not name in {"cpu", "memory"}
