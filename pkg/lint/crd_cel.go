package lint

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/google/cel-go/common"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/parser"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	apiservercel "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// The CEL rules of a CRD (x-kubernetes-validations) are checked with the
// API server's own validator, k8s.io/apiextensions-apiserver's
// schema/cel: the same CEL environment (the stored-expressions one, which
// the server uses for custom resources), the same per-call cost limit and
// the same budget per object, run on the defaulted and pruned object as on
// a create. Offline there is no stored object, so, like a create:
//   - a transition rule (one that reads oldSelf) is not run, and since it
//     would run on every update, a note says it was not checked;
//   - a rule with optionalOldSelf: true is run, with oldSelf unset.
//
// Compiling the rules builds CEL environments, which takes tens of
// milliseconds: it happens on the first custom resource checked against a
// CRD version with rules, never at start-up nor for a CRD whose kind the
// input does not use.

// celRules are the compiled x-kubernetes-validations of one CRD version.
type celRules struct {
	once      sync.Once
	validator *apiservercel.Validator
	// transition are the rules that read oldSelf without optionalOldSelf,
	// "path (message)" each, for the note that says they were not checked.
	transition []string
}

// compiled compiles the rules on first use; nil if the schema has none.
func (r *celRules) compiled(s *structuralschema.Structural) *celRules {
	r.once.Do(func() {
		r.validator = apiservercel.NewValidator(s, true, celconfig.PerCallLimit)
		r.transition = transitionRules(s, "")
	})
	return r
}

// hasCELRules tells whether any node of the schema carries
// x-kubernetes-validations.
func hasCELRules(s *structuralschema.Structural) bool {
	if s == nil {
		return false
	}
	if len(s.XValidations) > 0 {
		return true
	}
	if hasCELRules(s.Items) {
		return true
	}
	if s.AdditionalProperties != nil && hasCELRules(s.AdditionalProperties.Structural) {
		return true
	}
	for _, p := range s.Properties {
		if hasCELRules(&p) {
			return true
		}
	}
	if s.ValueValidation != nil {
		for _, n := range s.ValueValidation.AllOf {
			if len(n.XValidations) > 0 {
				return true
			}
		}
	}
	return false
}

// transitionRules lists the rules under s that only an update runs: those
// that read oldSelf and are not optionalOldSelf.
func transitionRules(s *structuralschema.Structural, path string) []string {
	if s == nil {
		return nil
	}
	var out []string
	rules := s.XValidations
	if s.ValueValidation != nil {
		for _, n := range s.ValueValidation.AllOf {
			rules = append(rules, n.XValidations...)
		}
	}
	for _, rule := range rules {
		if rule.OptionalOldSelf != nil && *rule.OptionalOldSelf {
			continue
		}
		if !readsOldSelf(rule.Rule) {
			continue
		}
		where := path
		if where == "" {
			where = "the object"
		}
		what := strings.TrimSpace(rule.Message)
		if what == "" {
			what = strings.TrimSpace(rule.Rule)
		}
		out = append(out, fmt.Sprintf("%s (%s)", where, what))
	}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := s.Properties[name]
		out = append(out, transitionRules(&p, joinPath(path, name))...)
	}
	out = append(out, transitionRules(s.Items, path+"[*]")...)
	if s.AdditionalProperties != nil {
		out = append(out, transitionRules(s.AdditionalProperties.Structural, path+"[*]")...)
	}
	return out
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// readsOldSelf tells whether a CEL expression refers to oldSelf, as the
// API server decides it is a transition rule. A rule that does not parse
// is not one: the validator reports it as not compiling.
func readsOldSelf(expr string) bool {
	parsed, errs := parser.Parse(common.NewTextSource(expr))
	if errs != nil && len(errs.GetErrors()) > 0 {
		return false
	}
	found := false
	ast.PostOrderVisit(parsed.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() == ast.IdentKind && e.AsIdent() == apiservercel.OldScopedVarName {
			found = true
		}
	}))
	return found
}

// celFindings checks the CEL rules of s on object, the custom resource
// obj defaulted and pruned. structural are the errors the schema
// validation found: like the API server, the rules are not run on an
// object with type, required, enum or size errors. Failed rules are
// findings; what stopped a rule from being judged is a note.
func (l *Linter) celFindings(ctx context.Context, obj *manifest.Object, s *crdSchema, object map[string]any, structural field.ErrorList) (findings []finding.Finding, notes []string) {
	if !s.hasRules {
		return nil, nil
	}
	rules := s.rules.compiled(s.structural)
	if n := len(rules.transition); n > 0 {
		what := "1 transition rule is"
		if n > 1 {
			what = fmt.Sprintf("%d transition rules are", n)
		}
		notes = append(notes, fmt.Sprintf("CRD %s (%s): %s not checked offline, a transition rule compares an update with the stored object (oldSelf): %s",
			s.crd, s.version, what, strings.Join(rules.transition, "; ")))
	}
	if rules.validator == nil {
		return nil, notes
	}
	if blockingSchemaError(structural) {
		notes = append(notes, fmt.Sprintf("%s: the CEL rules of CRD %s (%s) were not checked: the API server runs them only once the schema errors reported are fixed",
			objectName(obj), s.crd, s.version))
		return nil, notes
	}
	errs, _ := rules.validator.Validate(ctx, nil, s.structural, object, nil, celconfig.RuntimeCELCostBudget)
	for _, e := range errs {
		if note, ok := celNote(obj, s, e); ok {
			notes = append(notes, note)
			continue
		}
		path := celFieldPath(e.Field)
		loc := obj.Position(path)
		findings = append(findings, finding.Finding{
			Rule: RuleCustomResource, Severity: finding.Error, Object: obj.Ref(), Location: &loc,
			Path: path, Message: fmt.Sprintf("%s (CRD %s, x-kubernetes-validations)", fieldErrorText(e), s.crd),
			Remedy: remedyOf(RuleCustomResource),
		})
	}
	return findings, notes
}

// blockingSchemaError mirrors the API server's hasBlockingErr
// (apiextensions-apiserver registry/customresource/strategy.go): with one
// of these the CEL rules are not run, their input being ill-typed.
func blockingSchemaError(errs field.ErrorList) bool {
	for _, e := range errs {
		switch e.Type {
		case field.ErrorTypeNotSupported, field.ErrorTypeRequired, field.ErrorTypeTooLong, field.ErrorTypeTooMany, field.ErrorTypeTypeInvalid:
			return true
		}
	}
	return false
}

// celNote turns an error of the validator that is not a failed rule into
// a note: a rule that does not compile (a CRD the API server would have
// refused), and a rule that ran out of the cost budget (offline, it says
// nothing of the object but that the rules after it were not run).
func celNote(obj *manifest.Object, s *crdSchema, e *field.Error) (string, bool) {
	where := celFieldPath(e.Field)
	if where == "" {
		where = "the object"
	}
	detail := oneLine(e.Detail)
	switch {
	case strings.HasPrefix(detail, "rule compile error: "), strings.HasPrefix(detail, "rule compiler initialization error: "):
		return fmt.Sprintf("CRD %s (%s): a CEL rule at %s was not checked, it does not compile (the API server refuses such a CRD): %s",
			s.crd, s.version, where, detail), true
	case strings.Contains(detail, "running out of cost budget"), strings.Contains(detail, "call cost exceeds limit"):
		return fmt.Sprintf("%s: the CEL rules of CRD %s (%s) at %s and after it were not checked, they exceed the API server's cost budget (the API server refuses such an object): %s",
			objectName(obj), s.crd, s.version, where, detail), true
	case e.Type == field.ErrorTypeInternal:
		return fmt.Sprintf("%s: the CEL rules of CRD %s (%s) at %s could not be checked: %s",
			objectName(obj), s.crd, s.version, where, detail), true
	}
	return "", false
}

// celFieldPath is a validator error's field as a manifest path: the
// validator starts from a nil path, which prints as "<nil>".
func celFieldPath(f string) string {
	if f == "<nil>" {
		return ""
	}
	return strings.TrimPrefix(f, "<nil>.")
}

// oneLine folds CEL's multi-line compiler output into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// objectName names obj in a note: kind, namespace/name, file:line.
func objectName(obj *manifest.Object) string {
	loc := obj.Location()
	return fmt.Sprintf("%s (%s:%d)", obj.Ref(), loc.File, loc.Line)
}
