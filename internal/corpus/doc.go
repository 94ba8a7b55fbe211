// Package corpus generates the realistic inputs poddoctor is benchmarked on:
// trees of multi-document manifests for lint, and `kubectl get -o json`
// snapshots for diagnose. bench/gen writes them to disk; the Go benchmarks of
// pkg/lint, pkg/policy and pkg/diagnose call it directly, so both measure the
// same shapes.
//
// Output is a pure function of the options (the seed included): the same
// options give the same bytes, so figures taken on different days compare.
package corpus
