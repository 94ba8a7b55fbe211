package manifest

import (
	"bytes"
	"regexp"
)

// templateMarker finds Go template actions ({{ .Values.x }}, {{- if }}),
// which mean the file is a Helm chart template or similar, not a manifest.
var templateMarker = regexp.MustCompile(`\{\{-?\s*[.$a-zA-Z/(]`)

// documentHint says what a document that is not a Kubernetes object
// probably is, and how to lint what it stands for; "" when nothing is known.
func documentHint(raw []byte, data map[string]any) string {
	if templateMarker.Match(raw) {
		return "this looks like a Helm or Go template, not a manifest: render it first (helm template CHART | poddoctor lint -)"
	}
	if data != nil && data["kind"] == "Kustomization" || bytes.Contains(raw, []byte("kustomize.config.k8s.io/")) {
		return "this is a kustomization file, not a manifest: lint what it builds (kustomize build DIR | poddoctor lint -)"
	}
	if meta, _ := data["metadata"].(map[string]any); len(meta) == 0 {
		for _, key := range []string{"name", "namespace", "labels", "annotations", "generateName"} {
			if _, ok := data[key]; ok {
				return key + ": sits at the top level, so its indentation was probably lost: indent it under metadata:"
			}
		}
	}
	return ""
}

// withHint appends the hint, if any, to a problem message.
func withHint(message string, raw []byte, data map[string]any) string {
	if hint := documentHint(raw, data); hint != "" {
		return message + "; " + hint
	}
	return message
}
