# A team policy that quotes what it finds, as policies do: the library
# must redact its message before any program shows it.
package main

deny contains msg if {
	some c in input.spec.template.spec.containers
	some e in c.env
	e.value
	msg := sprintf("container %s sets %s to %s in plain text", [c.name, e.name, e.value])
}
