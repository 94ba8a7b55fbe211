package workloads

import (
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		apiVersion, kind string
		podSpec          []string // nil: not a workload
	}{
		{"v1", "Pod", []string{"spec"}},
		{"v1", "PodTemplate", []string{"template", "spec"}},
		{"apps/v1", "Deployment", []string{"spec", "template", "spec"}},
		{"extensions/v1beta1", "DaemonSet", []string{"spec", "template", "spec"}},
		{"batch/v1", "CronJob", []string{"spec", "jobTemplate", "spec", "template", "spec"}},
		{"apps.openshift.io/v1", "DeploymentConfig", []string{"spec", "template", "spec"}},
		{"example.com/v1", "Deployment", nil},
		{"apps/v1", "Pod", nil},
		{"v1", "Deployment", nil},
		{"argoproj.io/v1alpha1", "Rollout", nil},
	}
	for _, tt := range tests {
		k, ok := Lookup(tt.apiVersion, tt.kind)
		if ok != (tt.podSpec != nil) || ok && !reflect.DeepEqual(k.PodSpec, tt.podSpec) {
			t.Errorf("Lookup(%s, %s) = %v, %v; want pod spec at %v", tt.apiVersion, tt.kind, k, ok, tt.podSpec)
		}
	}
}

// TestRegoModule checks that the module Rego reads holds the whole table.
func TestRegoModule(t *testing.T) {
	mod, err := ast.ParseModuleWithOpts(RegoFile, RegoModule(), ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	if got := mod.Package.Path.String(); got != "data."+RegoPackage {
		t.Errorf("package %s, want data.%s", got, RegoPackage)
	}
	if len(mod.Rules) != 1 || mod.Rules[0].Head.Name.String() != "kinds" {
		t.Fatalf("rules %v, want one named kinds", mod.Rules)
	}
	table, err := ast.JSON(mod.Rules[0].Head.Value.Value)
	if err != nil {
		t.Fatal(err)
	}
	groups := table.(map[string]any)
	for _, k := range Kinds {
		entry, ok := groups[k.Group].(map[string]any)[k.Kind].(map[string]any)
		if !ok {
			t.Errorf("%s/%s is missing from the Rego table", k.Group, k.Kind)
			continue
		}
		if entry["long_running"] != k.LongRunning || len(entry["pod_spec"].([]any)) != len(k.PodSpec) {
			t.Errorf("%s/%s: Rego has %v, Go %+v", k.Group, k.Kind, entry, k)
		}
	}
}
