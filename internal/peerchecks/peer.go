package peerchecks

import "strings"

// Parse splits a rule's custom.peers entry, "tool:check" or
// "tool:check@severity", into the peer check and the least severity of the
// rule's findings that answer it ("" for any). host-path-volume grades its
// findings - a runtime socket or a writable sensitive path is a warning,
// any other hostPath info - and only its warnings answer kube-linter's
// docker-sock: "kube-linter:docker-sock@warning".
func Parse(peer string) (check, minSeverity string) {
	check, minSeverity, _ = strings.Cut(peer, "@")
	return check, minSeverity
}
