// Package source turns the inputs people ship, Helm charts and Kustomize
// directories, into the manifests poddoctor lints, and maps every finding on
// those manifests back to the file a person edits: the chart's template and
// the line that produced the field (with the values.yaml line the value came
// from), or the kustomize resource or patch file.
//
// Rendering happens in-process with the upstream libraries (Helm's Go SDK,
// kustomize's krusty) and never uses the network.
package source
