package manifest

import (
	"bytes"
	"fmt"
	"regexp"
)

// A manifest copied from a web page often loses its indentation: every line
// starts at column 0, so `metadata:` is left with nothing under it and
// `name:`, `containers:`, `image:` become keys of the object itself. The
// parser then complains far below, about the second `name:` or `image:` as
// a duplicate key, or about a missing metadata.name. The first misplaced
// key is where the reader must look, so the problem is reported there.

// topLevelKey matches a key at column 0 and what follows its colon.
var topLevelKey = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.-]*):[ \t]*(.*)$`)

// objectTopLevel are keys that sit at the top level of some built-in object.
var objectTopLevel = map[string]bool{
	"apiVersion": true, "kind": true, "metadata": true, "spec": true, "status": true,
	"data": true, "stringData": true, "binaryData": true, "immutable": true, "type": true,
	"rules": true, "subjects": true, "roleRef": true, "aggregationRule": true, "webhooks": true,
	"items": true, "template": true, "provisioner": true, "parameters": true, "reclaimPolicy": true,
	"volumeBindingMode": true, "allowVolumeExpansion": true, "mountOptions": true, "allowedTopologies": true,
	"secrets": true, "imagePullSecrets": true, "automountServiceAccountToken": true,
	"handler": true, "overhead": true, "scheduling": true, "value": true, "globalDefault": true,
	"description": true, "preemptionPolicy": true, "subsets": true, "endpoints": true, "addressType": true,
	"ports": true, "target": true, "involvedObject": true, "reason": true, "message": true, "source": true,
}

// holders are the keys whose value is always a mapping, so a bare
// `metadata:` followed by a key at column 0 means the lines under it lost
// their indentation.
var holders = map[string]bool{"metadata": true, "spec": true}

// lostIndentation finds the first key of a document that sits at the top
// level although it belongs under the bare `metadata:` or `spec:` just
// above it. Lines are counted from 1 within raw.
func lostIndentation(raw []byte) (line int, parent, key string, ok bool) {
	lines := bytes.Split(raw, []byte("\n"))
	bare := ""
	for i, l := range lines {
		text := string(bytes.TrimRight(l, "\r"))
		trimmed := bytes.TrimSpace([]byte(text))
		if len(trimmed) == 0 || trimmed[0] == '#' || text == "---" {
			continue
		}
		m := topLevelKey.FindStringSubmatch(text)
		if m == nil {
			bare = "" // indented or a list item: the holder has content
			continue
		}
		if bare != "" && !objectTopLevel[m[1]] {
			return i + 1, bare, m[1], true
		}
		bare = ""
		if holders[m[1]] && (m[2] == "" || m[2][0] == '#') {
			bare = m[1]
		}
	}
	return 0, "", "", false
}

// indentationProblem moves a problem of a document whose indentation was
// lost to the first misplaced key, and says so with the fix. firstLine is
// the file line of the document's first line; line and message are the
// parser's problem, kept at the end of the message.
func indentationProblem(raw []byte, firstLine, line int, message string) (int, string) {
	rel, parent, key, ok := lostIndentation(raw)
	if !ok {
		return line, message
	}
	at := firstLine + rel - 1
	return at, fmt.Sprintf("indentation lost: %s: at line %d has nothing under it, and %s: sits at the top level; indent %s: and the lines that belong under %s: (two spaces per level), as the original manifest had them (the parser then says: %s)",
		parent, at-1, key, key, parent, message)
}
