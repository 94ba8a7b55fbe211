# METADATA
# title: command-not-found
# description: The container cannot start because its command is not an executable in the image (executable file not found in $PATH, or no such file).
# custom:
#   id: command-not-found
#   severity: error
#   category: containers
#   remedy: Fix command/args in the pod template, or use an image that contains the program; `docker run --entrypoint sh IMAGE -c 'command -v NAME'` checks it.
package poddoctor.diagnose.command_not_found

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.containers
	c.error.cause == "command-not-found"
	f := {
		"msg": sprintf("the %s %q cannot start: %s in image %q", [d.kind_word(c), c.name, command_text(c), c.image]),
		"container": c.name,
		"path": sprintf("%s.command", [c.path]),
		"evidence": array.concat([d.state_line("State", c.state), sprintf("Runtime: %s", [c.error.detail])], d.event_lines(c.events, {"container", "crash"})),
	}
}

command_text(c) := sprintf("the command %q is not an executable", [c.error.command]) if c.error.command

# runc names an empty command as exec: "": a command or args list whose
# first element is empty (often an unset variable in a chart).
command_text(c) := "the command is empty (\"\"), so there is no executable to run" if {
	not c.error.command
	contains(c.error.detail, `exec: ""`)
}

command_text(c) := "the command is not an executable" if {
	not c.error.command
	not contains(c.error.detail, `exec: ""`)
}
