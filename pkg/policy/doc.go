// Package policy loads poddoctor's Rego policies and reads their rules,
// without compiling anything.
//
// Go reads and classifies; Rego decides what is a finding. This package
// reads the built-in policies (embedded from rules/, with the helper
// library and the workload table written from Go) and a team's (LoadDir),
// parses them, and reads each package's METADATA into rule metadata: the
// Registry, where every rule of a run, Go or Rego, lint or diagnose, has
// one unique id. Load does only that, so listing the rules and checking
// --disable ids cost a parse and never a compilation. Profiles select the
// rules a run compiles. Builtin is the shape of a Go function policies
// may call; package eval compiles and evaluates the policies with the
// built-ins a caller injects, and package builtin holds poddoctor's.
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
