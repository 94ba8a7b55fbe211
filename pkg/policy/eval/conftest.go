package eval

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/loader"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

// conftest's semantics for a team's policies (--policy), as conftest
// v0.71.1 runs them (policy/engine.go and runner/test.go of its source):
//
//   - only the packages of the selected namespaces are evaluated: main by
//     default, --namespace (exact names, or glob patterns as path.Match
//     reads them), or every package with --all-namespaces; the other
//     packages are compiled, as libraries;
//   - the result rules are deny, violation and warn, each with any number
//     of _suffixes (deny_run_as_root): deny and violation are errors, warn
//     warnings;
//   - a rule `exception` holding sets of rule names without their prefix
//     ("run_as_root" for deny_run_as_root, "" for deny) turns off every
//     result of those rules for the input, and the run reports the
//     exception instead, worded as conftest's query:
//     data.main.exception[_][_] == "run_as_root";
//   - --data loads YAML and JSON documents into data (OPA's loader);
//   - --combine gives the policies one input, [{path, contents}], of every
//     document of every file.
//
// A package that declares a poddoctor rule in its METADATA is poddoctor's
// kind of policy and always runs, whatever the namespaces.

// Conftest says which of a team's packages are evaluated, as conftest's
// --namespace and --all-namespaces do. The zero value selects main.
type Conftest struct {
	// Namespaces are package names or glob patterns (path.Match); none
	// means main.
	Namespaces []string
	// AllNamespaces selects every package.
	AllNamespaces bool
	// NoUserPackages selects none: with --combine, a team's conftest
	// policies run once on the combined input, not on each object.
	NoUserPackages bool
	// Flag and AllFlag name the command line's flags for Namespaces and
	// AllNamespaces in messages; empty means conftest's own names,
	// --namespace and --all-namespaces. poddoctor lint calls them
	// --policy-namespace and --all-policy-namespaces, because its
	// --namespace is a Kubernetes namespace.
	Flag, AllFlag string
}

// flags returns the names of the namespace flags, for messages.
func (c Conftest) flags() (string, string) {
	flag, all := c.Flag, c.AllFlag
	if flag == "" {
		flag = "--namespace"
	}
	if all == "" {
		all = "--all-namespaces"
	}
	return flag, all
}

// DefaultNamespace is the package conftest evaluates unless told otherwise.
const DefaultNamespace = "main"

// Selects reports whether the package pkg ("main", "team.k8s") is
// evaluated.
func (c Conftest) Selects(pkg string) bool {
	if c.NoUserPackages {
		return false
	}
	if c.AllNamespaces {
		return true
	}
	patterns := c.Namespaces
	if len(patterns) == 0 {
		patterns = []string{DefaultNamespace}
	}
	for _, p := range patterns {
		if ok, err := path.Match(p, pkg); err == nil && ok || p == pkg {
			return true
		}
	}
	return false
}

// Validate checks the namespace patterns.
func (c Conftest) Validate() error {
	for _, p := range c.Namespaces {
		if _, err := path.Match(p, ""); err != nil {
			flag, _ := c.flags()
			return fmt.Errorf("%s %q: %w", flag, p, err)
		}
	}
	return nil
}

var (
	conftestWarning = regexp.MustCompile(`^warn(_[a-zA-Z0-9]+)*$`)
	conftestFailure = regexp.MustCompile(`^(deny|violation)(_[a-zA-Z0-9]+)*$`)
)

// resultSetSeverity says whether the rule named name holds results, and
// their default severity. A team's packages follow conftest (suffixed
// names too); poddoctor's built-in packages use the plain names and
// `findings`.
func resultSetSeverity(name string, user bool) (finding.Severity, bool) {
	if sev, ok := conftestSets[name]; ok {
		return sev, true
	}
	if !user {
		return 0, false
	}
	switch {
	case conftestFailure.MatchString(name):
		return finding.Error, true
	case conftestWarning.MatchString(name):
		return finding.Warning, true
	}
	return 0, false
}

// conftestExceptionSet is the set name of collected exceptions.
const conftestExceptionSet = "exception"

// exceptionName is the name an exception lists to turn a rule off: the
// rule's name without deny_, violation_ or warn_ ("" for the plain ones).
func exceptionName(rule string) string {
	switch rule {
	case "deny", "violation", "warn":
		return ""
	}
	for _, prefix := range []string{"violation_", "deny_", "warn_"} {
		if s, ok := strings.CutPrefix(rule, prefix); ok {
			return s
		}
	}
	return rule
}

// exceptionQuery is how conftest words an exception that applied.
func exceptionQuery(pkg, rule string) string {
	return fmt.Sprintf("data.%s.exception[_][_] == %q", pkg, exceptionName(rule))
}

// collectRules writes the collect rules of one rule of a package: its
// results, less those an exception turns off, and the exceptions that
// applied, as results marked Exception. n numbers the rule in the module;
// heads are the sets they go in: the aggregating results and the
// package's own package_N (see collectModule).
func collectRules(b *strings.Builder, src source, name string, n int, heads ...string) {
	if !src.exceptions || src.rule.ID != "" {
		for _, head := range heads {
			fmt.Fprintf(b, "%s contains [%q, %q, r] if some r in data.%s.%s\n", head, src.pkg, name, src.pkg, name)
		}
		return
	}
	excepted := fmt.Sprintf("excepted_%d", n)
	fmt.Fprintf(b, "%s if data.%s.exception[_][_] == %q\n", excepted, src.pkg, exceptionName(name))
	sev := "error"
	if src.defaults[name] == finding.Warning {
		sev = "warning"
	}
	for _, head := range heads {
		fmt.Fprintf(b, "%s contains [%q, %q, r] if {\n\tsome r in data.%s.%s\n\tnot %s\n}\n", head, src.pkg, name, src.pkg, name, excepted)
		fmt.Fprintf(b, "%s contains [%q, %q, {\"msg\": %q, \"rule\": %q, \"severity\": %q}] if %s\n",
			head, src.pkg, conftestExceptionSet, exceptionQuery(src.pkg, name), userRuleID(src.pkg, name), sev, excepted)
	}
}

// Namespaces lists the packages of a team's modules, sorted, as conftest's
// --all-namespaces sees them.
func Namespaces(modules []policy.Module) ([]string, error) {
	var out []string
	for _, m := range modules {
		if !m.User || m.IsTest() {
			continue
		}
		mod, err := policy.ParseModule(m)
		if err != nil {
			return nil, err
		}
		pkg := strings.TrimPrefix(mod.Package.Path.String(), "data.")
		if !slices.Contains(out, pkg) {
			out = append(out, pkg)
		}
	}
	sort.Strings(out)
	return out, nil
}

// NamespaceNote says what the namespace selection leaves out, where
// conftest says nothing: that no package of a team's modules is selected
// (with the packages found), or which packages hold deny, violation or warn
// rules that are not evaluated. "" when there is nothing to say.
func NamespaceNote(modules []policy.Module, c Conftest) string {
	if c.AllNamespaces || c.NoUserPackages {
		return ""
	}
	pkgs, err := Namespaces(modules)
	if err != nil || len(pkgs) == 0 {
		return ""
	}
	want := c.Namespaces
	if len(want) == 0 {
		want = []string{DefaultNamespace}
	}
	flag, all := c.flags()
	if !slices.ContainsFunc(pkgs, c.Selects) {
		return fmt.Sprintf("no policy package matches %s %s (packages found: %s): conftest-style rules there are not evaluated; use %s or %s",
			flag, strings.Join(want, ","), strings.Join(pkgs, ", "), flag, all)
	}
	var left []string
	for _, m := range modules {
		if !m.User || m.IsTest() {
			continue
		}
		mod, err := policy.ParseModule(m)
		if err != nil {
			return ""
		}
		pkg := strings.TrimPrefix(mod.Package.Path.String(), "data.")
		if _, hasRule, _ := policy.PackageRule(mod, m.File, "lint"); hasRule || c.Selects(pkg) || slices.Contains(left, pkg) {
			continue
		}
		for _, r := range mod.Rules {
			if _, ok := resultSetSeverity(r.Head.Name.String(), true); ok && r.Head.Name != "" {
				left = append(left, pkg)
				break
			}
		}
	}
	if len(left) == 0 {
		return ""
	}
	sort.Strings(left)
	subject, has, is := "policy packages "+strings.Join(left, ", "), "have", "are"
	if len(left) == 1 {
		subject, has, is = "policy package "+left[0], "has", "is"
	}
	return fmt.Sprintf("%s %s deny, violation or warn rules but %s not evaluated (%s %s): use %s or %s to run them",
		subject, has, is, flag, strings.Join(want, ","), flag, all)
}

// LoadData reads conftest's --data paths: YAML and JSON files, or
// directories of them (recursively), merged into one document as OPA's
// loader merges them (a file in dir/a/ lands under data.a). The document is
// what policies read at the root of data; poddoctor's own data stays under
// data.poddoctor.
func LoadData(paths []string) (map[string]any, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("--data: %w", err)
		}
	}
	skip := func(_ string, info os.FileInfo, _ int) bool {
		if info.IsDir() {
			return false
		}
		switch strings.ToLower(filepath.Ext(info.Name())) {
		case ".yaml", ".yml", ".json":
			return false
		}
		return true
	}
	res, err := loader.NewFileLoader().Filtered(paths, skip)
	if err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	}
	if _, clash := res.Documents["poddoctor"]; clash {
		return nil, fmt.Errorf("--data: the key poddoctor at the root of data is poddoctor's own (rule parameters); put the documents under another key")
	}
	return res.Documents, nil
}
