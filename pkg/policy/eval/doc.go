// Package eval is the policy evaluator both engines share.
//
// Compile turns the modules policy.Load read into one engine: it compiles
// them once with the built-ins the caller injects (Config.Builtins) and
// restricted capabilities (no network, no environment, no clock in lint),
// and prepares one aggregating query that gathers every package's results
// (`findings`, and conftest's deny, violation and warn with conftest's
// semantics: namespaces, exceptions, --data). Evaluate runs it on one
// input document within a time budget that grows with the input; a package
// that fails costs only its own results (isolate.go). The per-run values
// (the clock, what the injected built-ins answer from) come with each
// evaluation as a Run, never through a context value.
//
// The query is evaluated by poddoctor's interpreter of the plan OPA's
// planner makes (vm_*.go), with OPA's topdown as the reference and the
// fallback: TestOPAConformance runs OPA's published conformance cases on
// the interpreter, and the TestVMMatchesTopdown* tests here and in
// pkg/lint and pkg/diagnose require both to agree. ToValue converts Go
// values to Rego values without a JSON round trip, equal to
// ast.InterfaceToValue of their JSON (TestDocumentValueIsInterfaceToValue).
//
// The built-in policies of each engine in their default configuration are
// compiled by `go generate` and embedded (bundle.go, vm_codec.go): a run
// that compiles exactly them loads the interpreter's program instead of
// parsing and compiling the Rego, and TestBundlesAreFresh holds the
// embedded program equal to a fresh compile.
package eval
