package lint

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	structurallisttype "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// RuleCustomResource is the id of the Go rule that checks custom resources
// against the CustomResourceDefinitions of the input.
const RuleCustomResource = "custom-resource-schema"

// Custom resources are validated with k8s.io/apiextensions-apiserver, the
// code the API server itself runs on create: the CRD version's OpenAPI v3
// schema is converted to the internal type, made structural, used to
// apply defaults and to prune (which names the unknown fields the server
// would drop, or reject under strict field validation), and then validated
// by the same schema validator (types, required, enums, patterns, formats,
// ranges). Anything else would be a second opinion of what the server
// accepts; this is the server's own.

// crdSchema is the compiled schema of one served version of a CRD.
type crdSchema struct {
	crd        string // the CRD's name, for messages
	version    string // the served version this schema is of
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaCreateValidator
	// hasRules: the schema carries x-kubernetes-validations, compiled in
	// rules on first use (crd_cel.go).
	hasRules bool
	rules    *celRules
	// problem says why the schema cannot check anything (the API server
	// would refuse the CRD); the other fields are then empty.
	problem string
}

// crdKey names a custom resource type: group/version, kind.
type crdKey struct{ apiVersion, kind string }

// crdSchemas are the schemas of every CRD of a run, by apiVersion and kind.
type crdSchemas map[crdKey]*crdSchema

// crdSchemasOf compiles the schemas of a CustomResourceDefinition object;
// nil for other objects and for CRDs without schemas (a CRD that does not
// decode is the API server's, and unknown-field's, business).
func crdSchemasOf(o *manifest.Object) crdSchemas {
	if o.Kind != "CustomResourceDefinition" || o.APIVersion != "apiextensions.k8s.io/v1" {
		return nil
	}
	var crd apiextensionsv1.CustomResourceDefinition
	if err := decodeAsServer(o, &crd); err != nil {
		return nil
	}
	out := crdSchemas{}
	for i, v := range crd.Spec.Versions {
		if !v.Served || v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
			continue
		}
		key := crdKey{apiVersion: crd.Spec.Group + "/" + v.Name, kind: crd.Spec.Names.Kind}
		where := field.NewPath("spec", "versions").Index(i).Child("schema", "openAPIV3Schema")
		schema, err := compileCRDSchema(v.Schema.OpenAPIV3Schema, where)
		if err != nil {
			// Its custom resources are not checked, and a note says why.
			out[key] = &crdSchema{crd: crd.Name, version: v.Name, problem: err.Error()}
			continue
		}
		schema.crd, schema.version = crd.Name, v.Name
		out[key] = schema
	}
	return out
}

// compileCRDSchema makes the schema of one CRD version usable as the API
// server does; an error is a schema the API server refuses (one that is not
// structural, for apiextensions.k8s.io/v1), or one it cannot read.
func compileCRDSchema(v1 *apiextensionsv1.JSONSchemaProps, where *field.Path) (*crdSchema, error) {
	var internal apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v1, &internal, nil); err != nil {
		return nil, fmt.Errorf("its schema does not convert: %w", err)
	}
	structural, err := structuralschema.NewStructural(&internal)
	if err != nil {
		return nil, fmt.Errorf("its schema is not structural: %w", err)
	}
	if errs := structuralschema.ValidateStructural(where, structural); len(errs) > 0 {
		return nil, fmt.Errorf("its schema is not structural: %w", errs.ToAggregate())
	}
	validator, _, err := apiservervalidation.NewSchemaValidator(&internal)
	if err != nil {
		return nil, fmt.Errorf("its schema does not compile: %w", err)
	}
	return &crdSchema{structural: structural, validator: validator, hasRules: hasCELRules(structural), rules: &celRules{}}, nil
}

// customResourceFindings checks a custom resource against the schema of
// its CRD, when the run has it: among the schemas of the input (schemas)
// or of --crd. Notes say what of the CRD could not be checked (crd_cel.go).
func (l *Linter) customResourceFindings(ctx context.Context, obj *manifest.Object, schemas crdSchemas) ([]finding.Finding, []string) {
	if l.disabled[RuleCustomResource] {
		return nil, nil
	}
	if len(l.crds) > 0 {
		merged := crdSchemas{}
		for k, v := range l.crds {
			merged[k] = v
		}
		for k, v := range schemas {
			merged[k] = v
		}
		schemas = merged
	}
	s, ok := schemas[crdKey{apiVersion: obj.APIVersion, kind: obj.Kind}]
	if !ok {
		return nil, nil
	}
	if s.problem != "" {
		return nil, []string{fmt.Sprintf("%s was not checked against CRD %s (%s), which the API server would refuse: %s",
			objectName(obj), s.crd, s.version, oneLine(s.problem))}
	}
	copied := runtime.DeepCopyJSONValue(obj.Data)
	object, ok := copied.(map[string]any)
	if !ok {
		return nil, nil
	}
	var out []finding.Finding
	add := func(path, msg string) {
		loc := obj.Position(path)
		out = append(out, finding.Finding{
			Rule: RuleCustomResource, Severity: finding.Error, Object: obj.Ref(), Location: &loc,
			Path: path, Message: msg, Remedy: remedyOf(RuleCustomResource),
		})
	}
	structuraldefaulting.Default(object, s.structural)
	unknown := pruning.PruneWithOptions(object, s.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, path := range unknown {
		parent, name := splitFieldPath(path)
		msg := fmt.Sprintf("unknown field %q in %s %s (CRD %s)", name, obj.Kind, path, s.crd)
		if suggestion := nearestProperty(s.structural, parent, name); suggestion != "" {
			msg += fmt.Sprintf(": did you mean %q?", suggestion)
		}
		add(path, msg)
	}
	// As the API server's create: the schema, then the list-type
	// invariants (no two items of a map list with the same keys, no
	// duplicate in a set), then the CEL rules.
	errs := apiservervalidation.ValidateCustomResource(nil, object, s.validator)
	errs = append(errs, structurallisttype.ValidateListSetsAndMaps(nil, s.structural, object)...)
	for _, e := range errs {
		add(schemaErrorPath(e), fmt.Sprintf("%s (CRD %s)", fieldErrorText(e), s.crd))
	}
	ruleFindings, notes := l.celFindings(ctx, obj, s, object, errs)
	return append(out, ruleFindings...), notes
}

// schemaErrorPath is where a schema error points. The validator reports
// oneOf, anyOf and not on the root ("<nil>") with the field quoted at the
// start of the detail: `"spec.addresses[0]" must validate one and only one
// schema (oneOf)`; that field is the place to show.
func schemaErrorPath(e *field.Error) string {
	path := strings.TrimPrefix(e.Field, "<nil>.")
	if path != "<nil>" {
		return path
	}
	if rest, ok := strings.CutPrefix(e.Detail, `"`); ok {
		if quoted, _, ok := strings.Cut(rest, `" must `); ok && !strings.ContainsAny(quoted, " \"\n") {
			return quoted
		}
	}
	return ""
}

// fieldErrorText is the API server's wording of a validation error.
func fieldErrorText(e *field.Error) string {
	return e.Error()
}

// splitFieldPath splits "spec.issuerRef.nmae" into "spec.issuerRef" and
// "nmae".
func splitFieldPath(path string) (parent, name string) {
	i := strings.LastIndex(path, ".")
	if i < 0 {
		return "", path
	}
	return path[:i], path[i+1:]
}

// nearestProperty suggests the property of the schema at parent whose name
// is closest to name, if close enough to be a typo.
func nearestProperty(s *structuralschema.Structural, parent, name string) string {
	node := s
	if parent != "" {
		for _, part := range strings.Split(parent, ".") {
			key, indexed := strings.CutSuffix(part, "]")
			if indexed {
				key = key[:strings.Index(key, "[")]
			}
			if node == nil {
				return ""
			}
			next, ok := node.Properties[key]
			if !ok {
				return ""
			}
			node = &next
			if indexed && node.Items != nil {
				node = node.Items
			}
		}
	}
	if node == nil {
		return ""
	}
	var names []string
	for k := range node.Properties {
		names = append(names, k)
	}
	sort.Strings(names)
	// A swap of two letters (nmae) counts 2 in Levenshtein distance, so
	// the bound is inclusive.
	best, bestDist := "", len(name)/3+2
	for _, c := range names {
		if d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// loadCRDs reads the CRDs of --crd paths. A file that does not parse, or a
// path without any CRD, is an error: the user asked for those schemas.
func loadCRDs(paths []string) (crdSchemas, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	files, err := manifest.Files(paths)
	if err != nil {
		return nil, fmt.Errorf("--crd: %w", err)
	}
	out := crdSchemas{}
	for _, f := range files {
		objects, problems, err := manifest.ReadFile(f, nil)
		if err != nil {
			return nil, fmt.Errorf("--crd: %w", err)
		}
		if len(problems) > 0 {
			return nil, fmt.Errorf("--crd: %s:%d: %s", problems[0].Location.File, problems[0].Location.Line, problems[0].Message)
		}
		for _, o := range objects {
			for k, v := range crdSchemasOf(o) {
				out[k] = v
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--crd %s: no apiextensions.k8s.io/v1 CustomResourceDefinition with a schema found", strings.Join(paths, ", "))
	}
	return out, nil
}
