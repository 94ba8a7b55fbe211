// Package policy is the Rego engine that both poddoctor engines share.
//
// Go reads and classifies; Rego decides what is a finding. This package
// loads built-in and user policies, reads their METADATA into rule
// metadata (the Registry), compiles them once with poddoctor's Go built-ins
// and restricted capabilities, and evaluates one aggregating query per
// input document (one manifest object for lint, one facts document for
// diagnose). The shared notes on OPA performance explain why: one
// evaluation per object over one query is about six times faster than one
// query per rule.
//
// Policy conventions:
//
//   - A built-in rule is one package under poddoctor.lint or
//     poddoctor.diagnose with a package-scoped `# METADATA` block whose
//     custom section holds id, severity, category and remedy, and a set
//     rule `findings` whose members are objects:
//     {"msg": ..., "path": ..., "container": ..., "fix": {"path", "value"},
//     "evidence": [...], "remedy": ..., "severity": ...}; only msg is
//     required.
//   - A user policy may follow the same convention in any package, or be a
//     conftest policy: rules deny, violation (errors) and warn (warnings)
//     producing strings or objects with msg.
//   - Shared helpers live under poddoctor.lib and produce no findings.
package policy
