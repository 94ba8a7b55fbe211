// Package rules embeds poddoctor's built-in Rego policies, so the binary
// carries them and needs no files at run time. The policies themselves are
// the documentation of what each rule decides; docs/rules.md is generated
// from their METADATA.
//
// go:embed cannot reach up a directory, which is why this tiny package sits
// beside the policies rather than in pkg/policy.
package rules

import "embed"

// FS holds lib/ (shared helpers), lint/ and diagnose/, tests included.
//
//go:embed lib lint diagnose
var FS embed.FS
