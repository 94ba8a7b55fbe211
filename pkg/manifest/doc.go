// Package manifest reads Kubernetes manifests and remembers where everything
// came from.
//
// Parse turns the bytes of one file (multi-document YAML or JSON) into
// Objects and Problems. Each Object carries its decoded data as plain
// JSON-compatible Go values, ready for Rego, with every value and key read
// as kubectl and the API server read it (sigs.k8s.io/yaml, YAML 1.1: an
// unquoted yes is true), and keeps the YAML node tree of
// its document so that any field path can be turned into file:line:column
// when, and only when, a finding needs it. A document that cannot become an
// object becomes a Problem with a line number; parsing goes on with the next
// document.
//
// Field paths use the syntax of poddoctor findings: dot-separated keys and
// [n] list indexes, for example spec.template.spec.containers[1].image. A key
// that contains a dot or a bracket is written quoted in brackets:
// metadata.annotations["poddoctor.io/ignore"]. JoinPath builds such paths.
package manifest
