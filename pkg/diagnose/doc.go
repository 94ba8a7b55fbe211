// Package diagnose explains why pods and workloads fail, from what a
// cluster shows about them: pod and container status, events, nodes,
// owners, volumes and claims, and container log tails.
//
// # Pipeline
//
// A diagnosis runs in three steps, each with its own home:
//
//  1. Snapshot. pkg/snapshot gathers the input into one typed
//     snapshot.Snapshot, from a live cluster (get, list and pods/log only)
//     or from saved data (`kubectl get -o json`, `kubectl cluster-info
//     dump`), and indexes it.
//  2. Facts. Go reads the snapshot and writes one Facts document per pod
//     that needs a look (the test of internal/podlook, shared with live
//     reading) and per workload whose pods never appeared or keep failing.
//     The texts the kubelet, the scheduler, the controllers and the
//     container runtimes write are classified here (package classify) into
//     structured fields, so policies match on fields and not on wordings.
//     The shape of a document is versioned (SchemaVersion) and documented
//     in docs/facts.md; `poddoctor diagnose -o facts` prints it.
//  3. Rego. The built-in policies of rules/diagnose and a team's own
//     policies (Options.Policies) are evaluated on every Facts document, in
//     parallel, and their results become finding.Finding values: the rule,
//     its severity, a message naming the cause, the remedy, and where it
//     applies, a fix.
//
// # Entry points
//
// New compiles the policies into a Diagnoser, which is safe for concurrent
// use. Diagnoser.Diagnose examines the pods and workloads of a snapshot
// that a Filter selects and returns a Result; Diagnoser.DiagnoseFacts also
// returns the Facts documents, and Diagnoser.Facts builds them without
// evaluating any policy. Diagnoser.Rules lists the rules' metadata.
// Result.Empty tells a run that had nothing to diagnose from one that
// found nothing wrong.
//
// # Guarantees
//
//   - Nothing in is never a pass: a snapshot without pods or workloads
//     gives an *EmptyInputError from Result.Empty.
//   - Never silent: input the snapshot could not use becomes an
//     input-ignored finding, and a policy that fails on one document
//     becomes a diagnose-policy-error finding that costs only that policy's
//     results, never another rule's.
//   - --disable applies in one place, to Rego and Go findings alike.
//   - Findings and notes come redacted: no literal value of a secret-named
//     environment variable and no credential-shaped text of the input
//     reaches them. The Facts documents are the policies' input and stay as
//     read.
//   - Output is deterministic: findings are sorted, and ages are measured
//     against one clock (Options.Now, else the snapshot's capture time)
//     that Result.Clock reports.
package diagnose
