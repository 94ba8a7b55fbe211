package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/internal/wanttest"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// Gateway API's own examples and the HTTPRoutes of two charts raise
// nothing against the v1.6.1 CRDs; its own invalid examples each raise the
// CRD rule's message, at the field the API server names.
// The CRDs work the same given with --crd and as part of the input.
func TestGatewayAPIAgainstItsCRDs(t *testing.T) {
	const file, crds = "../../testdata/crd/resources/gateway-api.yaml", "../../testdata/crd/gateway-api"
	t.Run("--crd", func(t *testing.T) {
		l, err := New(context.Background(), Options{CRDPaths: []string{crds}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := l.LintPaths(context.Background(), []string{file}, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkGatewayAPIFindings(t, file, res)
	})
	t.Run("in the input", func(t *testing.T) {
		l, err := New(context.Background(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := l.LintPaths(context.Background(), []string{crds, file}, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkGatewayAPIFindings(t, file, res)
	})
}

func checkGatewayAPIFindings(t *testing.T, file string, res Result) {
	t.Helper()
	checked, want := annotations(t, file)
	var got, messages []string
	for _, f := range res.Findings {
		if !slices.Contains(checked, f.Rule) || f.Location.File != file {
			continue
		}
		got = append(got, fmt.Sprintf("%d %s", f.Location.Line, f.Rule))
		messages = append(messages, f.Object.Name+": "+f.Message)
	}
	slices.Sort(got)
	slices.Sort(want)
	wanttest.Compare(t, want, got)

	const gw, hr = "(CRD gateways.gateway.networking.k8s.io, x-kubernetes-validations)", "(CRD httproutes.gateway.networking.k8s.io, x-kubernetes-validations)"
	wantMessages := []string{
		`duplicate-listeners: spec.listeners: Invalid value: Listener name must be unique within the Gateway ` + gw,
		`duplicate-listeners: spec.listeners[1]: Duplicate value: {"name":"same"} (CRD gateways.gateway.networking.k8s.io)`,
		`hostname-tcp: spec.listeners: Invalid value: hostname must not be specified for protocols ['TCP', 'UDP'] ` + gw,
		`tlsconfig-tcp: spec.listeners: Invalid value: tls must not be specified for protocols ['HTTP', 'TCP', 'UDP'] ` + gw,
		`duplicate-listeners: spec.listeners: Invalid value: tls mode must be Terminate for protocol HTTPS ` + gw,
		`duplicate-header-match: spec.rules[0].matches[0].headers[1]: Duplicate value: {"name":"foo"} (CRD httproutes.gateway.networking.k8s.io)`,
		`invalid-filter-duplicate: spec.rules[0].filters: Invalid value: RequestHeaderModifier filter cannot be repeated ` + hr,
		`invalid-filter-empty: spec.rules[0].filters[0]: Invalid value: filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type ` + hr,
		`invalid-filter-wrong-field: spec.rules[0].filters[0]: Invalid value: filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type ` + hr,
		`invalid-filter-wrong-field: spec.rules[0].filters[0]: Invalid value: filter.requestRedirect must be nil if the filter.type is not RequestRedirect ` + hr,
		`portless-service: spec.rules[0].backendRefs[0]: Invalid value: Must have port for Service reference ` + hr,
		`http-filter-rewrite: spec.rules[0]: Invalid value: RequestRedirect filter must not be used together with backendRefs ` + hr,
		`invalid-path-specialchars: spec.rules[0].matches[0].path: Invalid value: must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix'] ` + hr,
		`invalid-addresses: <nil>: Invalid value: "": "spec.addresses[0]" must validate one and only one schema (oneOf). Found none valid (CRD gateways.gateway.networking.k8s.io)`,
		`invalid-addresses: <nil>: Invalid value: "": "spec.addresses[0].value" must validate at least one schema (anyOf) (CRD gateways.gateway.networking.k8s.io)`,
		`invalid-addresses: spec.addresses[0].value: Invalid value: "1.1.1": spec.addresses[0].value in body must be of type ipv4: "1.1.1" (CRD gateways.gateway.networking.k8s.io)`,
		`invalid-hostname-address: spec.addresses[0]: Invalid value: Hostname value must be empty or contain only valid characters (matching ^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$) ` + gw,
	}
	slices.Sort(messages)
	slices.Sort(wantMessages)
	wanttest.Compare(t, wantMessages, messages)
	// basic-http.yaml's GatewayClass: its immutable controllerName; and
	// the Gateway with schema errors, on which no CEL rule runs.
	wanttest.Compare(t, []string{
		"CRD gatewayclasses.gateway.networking.k8s.io (v1): 1 transition rule is not checked offline, a transition rule compares an update with the stored object (oldSelf): spec.controllerName (Value is immutable)",
		"Gateway invalid-addresses (" + file + ":458): the CEL rules of CRD gateways.gateway.networking.k8s.io (v1) were not checked: the API server runs them only once the schema errors reported are fixed",
	}, res.Notes)
}

// GatewayClass's controllerName is immutable (self == oldSelf): offline
// that cannot be judged, so it is a note, never a finding.
func TestTransitionRuleIsANote(t *testing.T) {
	res := lintWithCRD(t, "../../testdata/crd/gateway-api/gatewayclasses.yaml", `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: example
spec:
  controllerName: acme.io/gateway-controller
`)
	if len(res.Findings) != 0 {
		t.Errorf("findings: %+v, want none", res.Findings)
	}
	want := []string{"CRD gatewayclasses.gateway.networking.k8s.io (v1): 1 transition rule is not checked offline, a transition rule compares an update with the stored object (oldSelf): spec.controllerName (Value is immutable)"}
	wanttest.Compare(t, want, res.Notes)
}

// ruleCRD is a CRD whose spec carries the given x-kubernetes-validations
// (YAML list items, indented for spec), the other schema fixed.
func ruleCRD(rules string) string {
	return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              mode: {type: string}
              replicas: {type: integer}
              names:
                type: array
                items: {type: string}
            x-kubernetes-validations:
` + rules
}

func TestCELRuleNotes(t *testing.T) {
	many := make([]string, 120)
	for i := range many {
		many[i] = fmt.Sprintf("      - n%d", i)
	}
	tests := []struct {
		name         string
		rules        string
		spec         string
		wantFindings []string // "line: message"
		wantNotes    []string
	}{
		{
			name: "message, messageExpression, fieldPath and reason",
			rules: `            - rule: self.replicas <= 10
              message: at most 10 replicas
            - rule: self.mode != 'legacy'
              messageExpression: "'mode ' + self.mode + ' was removed in v2'"
            - rule: "!has(self.names) || size(self.names) > 0"
              fieldPath: .names
              reason: FieldValueRequired
              message: give at least one name
`,
			spec: `  replicas: 12
  mode: legacy
  names: []
`,
			wantFindings: []string{
				"4: spec: Invalid value: at most 10 replicas (CRD widgets.example.com, x-kubernetes-validations)",
				"4: spec: Invalid value: mode legacy was removed in v2 (CRD widgets.example.com, x-kubernetes-validations)",
				"7: spec.names: Required value: give at least one name (CRD widgets.example.com, x-kubernetes-validations)",
			},
		},
		{
			// optionalOldSelf: on a create oldSelf is unset, and the rule runs.
			name: "optionalOldSelf runs as on a create",
			rules: `            - rule: oldSelf.hasValue() || self.mode != 'frozen'
              optionalOldSelf: true
              message: a widget cannot be created frozen
            - rule: self.mode == oldSelf.mode
              message: mode is immutable
`,
			spec: `  mode: frozen
`,
			wantFindings: []string{"4: spec: Invalid value: a widget cannot be created frozen (CRD widgets.example.com, x-kubernetes-validations)"},
			wantNotes:    []string{"CRD widgets.example.com (v1): 1 transition rule is not checked offline, a transition rule compares an update with the stored object (oldSelf): spec (mode is immutable)"},
		},
		{
			name: "a rule that does not compile",
			rules: `            - rule: self.mode.startsWith(1)
            - rule: self.replicas <= 10
`,
			spec: `  mode: a
  replicas: 11
`,
			wantFindings: []string{"4: spec: Invalid value: failed rule: self.replicas <= 10 (CRD widgets.example.com, x-kubernetes-validations)"},
			wantNotes:    []string{"CRD widgets.example.com (v1): a CEL rule at spec was not checked, it does not compile (the API server refuses such a CRD): rule compile error: compilation failed: ERROR: <input>:1:21: found no matching overload for 'startsWith' applied to 'string.(int)' | self.mode.startsWith(1) | ....................^"},
		},
		{
			// 120 names: 120^3 comparisons, past the per-call limit.
			name: "a rule past the cost limit",
			rules: `            - rule: self.names.all(a, self.names.all(b, self.names.all(c, a + b != c)))
`,
			spec:      "  names:\n" + strings.Join(many, "\n") + "\n",
			wantNotes: []string{"Widget default/w (widget.yaml:1): the CEL rules of CRD widgets.example.com (v1) at spec and after it were not checked, they exceed the API server's cost budget (the API server refuses such an object): 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.names.all(a, self.names.all(b, self.names.all(c, a + b != c)))"},
		},
		{
			// A wrong type stops the rules, as in the API server.
			name: "schema errors first",
			rules: `            - rule: self.replicas <= 10
`,
			spec: `  replicas: many
`,
			wantFindings: []string{`5: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string" (CRD widgets.example.com)`},
			wantNotes:    []string{"Widget default/w (widget.yaml:1): the CEL rules of CRD widgets.example.com (v1) were not checked: the API server runs them only once the schema errors reported are fixed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			crd := filepath.Join(dir, "crd.yaml")
			if err := os.WriteFile(crd, []byte(ruleCRD(tt.rules)), 0o644); err != nil {
				t.Fatal(err)
			}
			res := lintWithCRD(t, crd, "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec:\n"+tt.spec)
			var got []string
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%d: %s", f.Location.Line, f.Message))
			}
			wanttest.Compare(t, tt.wantFindings, got)
			var notes []string
			for _, n := range res.Notes {
				notes = append(notes, strings.ReplaceAll(n, dir+string(filepath.Separator), ""))
			}
			wanttest.Compare(t, tt.wantNotes, notes)
		})
	}
}

// lintWithCRD lints one custom resource (as widget.yaml, in its own
// directory) against the CRDs of crdPath.
func lintWithCRD(t *testing.T, crdPath, resource string) Result {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "widget.yaml")
	if err := os.WriteFile(file, []byte(resource), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := New(context.Background(), Options{CRDPaths: []string{crdPath}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintPaths(context.Background(), []string{file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range res.Notes {
		res.Notes[i] = strings.ReplaceAll(n, dir+string(filepath.Separator), "")
	}
	return res
}

// BenchmarkGatewayAPIResources lints the Gateway API resources with their
// CRDs (105 CEL rules) and without (no custom resource checked), with one
// linter each: the rules are compiled on the first run, so the difference
// is the cost of the checks, per run of 27 objects.
func BenchmarkGatewayAPIResources(b *testing.B) {
	for _, bench := range []struct {
		name string
		crds []string
	}{{"with-crds", []string{"../../testdata/crd/gateway-api"}}, {"without-crds", nil}} {
		b.Run(bench.name, func(b *testing.B) {
			l, err := New(context.Background(), Options{CRDPaths: bench.crds})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := l.LintPaths(context.Background(), []string{"../../testdata/crd/resources/gateway-api.yaml"}, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompileHTTPRouteRules is what the first HTTPRoute of a run
// costs: compiling the 89 CEL rules of the HTTPRoute CRD.
func BenchmarkCompileHTTPRouteRules(b *testing.B) {
	data, err := os.ReadFile("../../testdata/crd/gateway-api/httproutes.yaml")
	if err != nil {
		b.Fatal(err)
	}
	objs, _ := manifest.Parse("httproutes.yaml", data)
	if len(objs) != 1 {
		b.Fatalf("%d objects in the CRD file, want 1", len(objs))
	}
	for b.Loop() {
		for _, s := range crdSchemasOf(objs[0]) {
			if s.rules.compiled(s.structural).validator == nil {
				b.Fatal("no CEL validator")
			}
		}
	}
}

// A CRD whose schema the API server refuses (not structural) checks
// nothing, and a note says so rather than passing its resources silently.
func TestNonStructuralCRDIsANote(t *testing.T) {
	dir := t.TempDir()
	crd := filepath.Join(dir, "crd.yaml")
	schema := strings.Replace(ruleCRD("            - rule: self.replicas <= 10\n"), "mode: {type: string}", "mode: {}", 1)
	if err := os.WriteFile(crd, []byte(schema), 0o644); err != nil {
		t.Fatal(err)
	}
	res := lintWithCRD(t, crd, "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec:\n  replicas: 11\n")
	if len(res.Findings) != 0 {
		t.Errorf("findings: %+v, want none", res.Findings)
	}
	want := []string{"Widget default/w (widget.yaml:1) was not checked against CRD widgets.example.com (v1), which the API server would refuse: its schema is not structural: spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[mode].type: Required value: must not be empty for specified object fields"}
	wanttest.Compare(t, want, res.Notes)
}
