package manifest

import (
	"bytes"
	"regexp"
	"strings"
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
	if isKustomization(data) || bytes.Contains(raw, []byte("kustomize.config.k8s.io/")) {
		return "this is a kustomization file, not a manifest: lint what it builds (kustomize build DIR | poddoctor lint -)"
	}
	if key := topLevelMetadataKey(data); key != "" {
		return key + ": sits at the top level, so its indentation was probably lost: indent it under metadata:"
	}
	return ""
}

// isKustomization reports whether a document is a kustomization file.
func isKustomization(data map[string]any) bool {
	apiVersion, _ := data["apiVersion"].(string)
	return data["kind"] == "Kustomization" || strings.HasPrefix(apiVersion, "kustomize.config.k8s.io/")
}

// topLevelMetadataKey returns a key of metadata written at the top level of
// a document whose metadata is empty, the mark of lost indentation; "" when
// there is none.
func topLevelMetadataKey(data map[string]any) string {
	if meta, _ := data["metadata"].(map[string]any); len(meta) == 0 {
		for _, key := range []string{"name", "namespace", "labels", "annotations", "generateName"} {
			if _, ok := data[key]; ok {
				return key
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
