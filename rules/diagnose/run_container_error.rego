# METADATA
# title: run-container-error
# description: The container runtime could not create or start the container (CreateContainerError, RunContainerError, StartError) for a reason other than a missing command or configuration, such as a permission problem, a binary for another platform or runAsNonRoot with a root image.
# custom:
#   id: run-container-error
#   severity: error
#   category: containers
#   remedy: Read the runtime's message in the evidence; it names the file, the user or the setting at fault.
package poddoctor.diagnose.run_container_error

import data.poddoctor.lib.diagnose as d

causes := {"permission-denied", "exec-format", "no-such-file", "run-as-non-root", "other"}

findings contains f if {
	some c in d.containers
	c.error.cause in causes
	f := {
		"msg": sprintf("the %s %q cannot start: %s", [d.kind_word(c), c.name, c.error.detail]),
		"container": c.name,
		"path": c.path,
		"evidence": array.concat([d.state_line("State", c.state)], d.event_lines(c.events, {"container", "crash"})),
		"remedy": remedy(c.error.cause),
	}
}

remedies := {
	"permission-denied": "The entrypoint is not executable for the container's user: set the file mode in the image (chmod +x) or run as a user allowed to execute it.",
	"exec-format": "The binary is built for another CPU architecture than the node's: build a multi-platform image or pin the pod to matching nodes with kubernetes.io/arch.",
	"no-such-file": "A file the command needs does not exist in the image (often the interpreter of a script's #! line): check the image contents.",
	"run-as-non-root": "runAsNonRoot is set but the image runs as root: set securityContext.runAsUser to a non-zero id, or build the image with a non-root USER.",
}

remedy(cause) := remedies[cause]

remedy(cause) := "Read the runtime's message in the evidence; it names the file, user or setting at fault." if not remedies[cause]
