package eval

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// Result is one decision of one policy about one input document.
type Result struct {
	Rule      string
	Severity  finding.Severity
	Message   string
	Path      string // field path in the input object, "" when none
	Container string
	Remedy    string
	Evidence  []string
	Fix       *finding.Fix
	// Package is the Rego package that produced the result.
	Package string
	// Exception marks a conftest exception that turned the rule off for
	// this input: reported, as conftest reports it, but not a finding.
	Exception bool
}

func (r Result) less(o Result) bool {
	return cmp.Or(
		cmp.Compare(r.Rule, o.Rule),
		cmp.Compare(r.Container, o.Container),
		cmp.Compare(r.Path, o.Path),
		cmp.Compare(r.Message, o.Message),
	) < 0
}

// decodeResult turns one [package, set, value] triple of the collect rule
// into a Result, filling rule id, severity and remedy from the metadata
// where the policy did not set them.
func (e *Engine) decodeResult(item any) (Result, error) {
	triple, ok := item.([]any)
	if !ok || len(triple) != 3 {
		return Result{}, fmt.Errorf("evaluate policies: malformed collected result %v", item)
	}
	pkg, _ := triple[0].(string)
	set, _ := triple[1].(string)
	src := e.sources[pkg]
	r := Result{Package: pkg, Rule: src.rule.ID, Severity: src.defaults[set], Remedy: src.rule.Remedy}
	if src.rule.ID != "" && set == "findings" {
		r.Severity = src.rule.Severity
	}
	if r.Rule == "" {
		r.Rule = userRuleID(pkg, set)
	}
	r.Exception = set == conftestExceptionSet
	switch v := triple[2].(type) {
	case string:
		r.Message = v
	case map[string]any:
		if err := r.readObject(v); err != nil {
			return Result{}, fmt.Errorf("policy package %s, rule %s: %w", pkg, set, err)
		}
	default:
		return Result{}, fmt.Errorf("policy package %s, rule %s: a result must be a string or an object with msg, got %T", pkg, set, v)
	}
	if strings.TrimSpace(r.Message) == "" {
		return Result{}, fmt.Errorf("policy package %s, rule %s: a result has an empty msg", pkg, set)
	}
	return r, nil
}

// userRuleID names results of a package without METADATA: "main.deny".
func userRuleID(pkg, set string) string {
	id := strings.ToLower(strings.NewReplacer(".", "-", "_", "-").Replace(pkg))
	if set == "findings" {
		return id
	}
	return id + "-" + strings.ReplaceAll(set, "_", "-")
}

func (r *Result) readObject(v map[string]any) error {
	msg, ok := v["msg"].(string)
	if !ok {
		return fmt.Errorf("a result object needs a string msg, got %v", v)
	}
	r.Message = msg
	r.Path, _ = v["path"].(string)
	r.Container, _ = v["container"].(string)
	if id, ok := v["rule"].(string); ok && id != "" {
		r.Rule = id
	}
	if remedy, ok := v["remedy"].(string); ok && remedy != "" {
		r.Remedy = remedy
	}
	if sev, ok := v["severity"].(string); ok && sev != "" {
		s, err := finding.ParseSeverity(sev)
		if err != nil {
			return err
		}
		r.Severity = s
	}
	if ev, ok := v["evidence"].([]any); ok {
		for _, e := range ev {
			if s, ok := e.(string); ok {
				r.Evidence = append(r.Evidence, s)
			}
		}
	}
	if fix, ok := v["fix"].(map[string]any); ok {
		path, _ := fix["path"].(string)
		value, _ := fix["value"].(string)
		if path == "" {
			return fmt.Errorf("fix needs a path, got %v", fix)
		}
		r.Fix = &finding.Fix{Path: path, Value: value}
	}
	return nil
}

// Finding turns a result into a finding about object. The engines add what
// only they know: the location in a file (lint), the owner (diagnose).
func (r Result) Finding(object finding.ObjectRef) finding.Finding {
	return finding.Finding{
		Rule:      r.Rule,
		Severity:  r.Severity,
		Object:    object,
		Container: r.Container,
		Path:      r.Path,
		Message:   r.Message,
		Evidence:  boundEvidence(r.Evidence),
		Remedy:    r.Remedy,
		Fix:       r.Fix,
	}
}

// MaxEvidence is how many evidence lines a finding shows: the first ones,
// which policies put newest first, and then a line saying how many more
// there were. A finding is read by a person; megabytes of it are not.
const MaxEvidence = 40

func boundEvidence(lines []string) []string {
	if len(lines) <= MaxEvidence {
		return lines
	}
	out := make([]string, MaxEvidence, MaxEvidence+1)
	copy(out, lines[:MaxEvidence])
	return append(out, fmt.Sprintf("… and %d more", len(lines)-MaxEvidence))
}

// Keys of result objects, for reading them without converting them.
var (
	keyMsg       = ast.StringTerm("msg")
	keyPath      = ast.StringTerm("path")
	keyContainer = ast.StringTerm("container")
	keyRule      = ast.StringTerm("rule")
	keyRemedy    = ast.StringTerm("remedy")
	keySeverity  = ast.StringTerm("severity")
	keyEvidence  = ast.StringTerm("evidence")
	keyFix       = ast.StringTerm("fix")
	keyValue     = ast.StringTerm("value")
)

// readResult is decodeResult reading a collected triple as a Rego value,
// without converting it to Go values first; false for anything but a
// well-formed result, which decodeResult then reads, or reports, from its
// JSON.
func (e *Engine) readResult(v ast.Value) (Result, bool) {
	triple, ok := v.(*ast.Array)
	if !ok || triple.Len() != 3 {
		return Result{}, false
	}
	pkg, _ := triple.Elem(0).Value.(ast.String)
	set, _ := triple.Elem(1).Value.(ast.String)
	src := e.sources[string(pkg)]
	r := Result{Package: string(pkg), Rule: src.rule.ID, Severity: src.defaults[string(set)], Remedy: src.rule.Remedy}
	if src.rule.ID != "" && set == "findings" {
		r.Severity = src.rule.Severity
	}
	if r.Rule == "" {
		r.Rule = userRuleID(string(pkg), string(set))
	}
	r.Exception = set == conftestExceptionSet
	switch v := triple.Elem(2).Value.(type) {
	case ast.String:
		r.Message = string(v)
	case ast.Object:
		if !r.readValue(v) {
			return Result{}, false
		}
	default:
		return Result{}, false
	}
	if strings.TrimSpace(r.Message) == "" {
		return Result{}, false
	}
	return r, true
}

// stringAt is the string at key k of obj, "" when there is none.
func stringAt(obj ast.Object, k *ast.Term) (string, bool) {
	if t := obj.Get(k); t != nil {
		if s, ok := t.Value.(ast.String); ok {
			return string(s), true
		}
	}
	return "", false
}

// readValue is readObject on a Rego object; false where readObject would
// fail.
func (r *Result) readValue(v ast.Object) bool {
	msg, ok := stringAt(v, keyMsg)
	if !ok {
		return false
	}
	r.Message = msg
	r.Path, _ = stringAt(v, keyPath)
	r.Container, _ = stringAt(v, keyContainer)
	if id, _ := stringAt(v, keyRule); id != "" {
		r.Rule = id
	}
	if remedy, _ := stringAt(v, keyRemedy); remedy != "" {
		r.Remedy = remedy
	}
	if sev, _ := stringAt(v, keySeverity); sev != "" {
		s, err := finding.ParseSeverity(sev)
		if err != nil {
			return false
		}
		r.Severity = s
	}
	if ev := v.Get(keyEvidence); ev != nil {
		add := func(t *ast.Term) {
			if s, ok := t.Value.(ast.String); ok {
				r.Evidence = append(r.Evidence, string(s))
			}
		}
		switch ev := ev.Value.(type) {
		case *ast.Array:
			ev.Foreach(add)
		case ast.Set:
			// In the order ast.JSON lists a set.
			_ = ev.Iter(func(t *ast.Term) error { add(t); return nil })
		}
	}
	if fix := v.Get(keyFix); fix != nil {
		if fix, ok := fix.Value.(ast.Object); ok {
			path, _ := stringAt(fix, keyPath)
			value, _ := stringAt(fix, keyValue)
			if path == "" {
				return false
			}
			r.Fix = &finding.Fix{Path: path, Value: value}
		}
	}
	return true
}
