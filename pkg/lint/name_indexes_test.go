package lint

import (
	"reflect"
	"testing"
)

func TestIndexTemplateNames(t *testing.T) {
	templates := []podTemplate{
		{Kind: "Deployment", Namespace: "shop", Name: "api"},
		{Kind: "Deployment", Namespace: "billing", Name: "api"},
		{Kind: "StatefulSet", Namespace: "shop", Name: "db"},
	}
	want := map[string][]int{"api": {0, 1}, "db": {2}}
	if got := indexTemplateNames(templates); !reflect.DeepEqual(got, want) {
		t.Errorf("indexTemplateNames = %v, want %v", got, want)
	}
}

func TestIndexScaleTargets(t *testing.T) {
	autoscalers := []any{
		map[string]any{"name": "a", "scaleTargetRef": map[string]any{"kind": "Deployment", "name": "api"}},
		map[string]any{"name": "b", "scaleTargetRef": map[string]any{"kind": "StatefulSet", "name": "db"}},
		map[string]any{"name": "c", "scaleTargetRef": map[string]any{"kind": "Deployment", "name": "api"}},
		// Shapes the API server refuses, and which name no workload: not
		// listed, and nothing panics.
		map[string]any{"name": "d", "scaleTargetRef": map[string]any{"name": 7}},
		map[string]any{"name": "e", "scaleTargetRef": "api"},
		map[string]any{"name": "f"},
		"not an object",
	}
	want := map[string][]int{"api": {0, 2}, "db": {1}}
	if got := indexScaleTargets(autoscalers); !reflect.DeepEqual(got, want) {
		t.Errorf("indexScaleTargets = %v, want %v", got, want)
	}
}

func TestIndexSelectors(t *testing.T) {
	related := map[string][]any{
		"PodDisruptionBudget": {
			map[string]any{"name": "api", "selector": map[string]any{"matchLabels": map[string]any{"app": "api", "tier": "backend"}}},
			map[string]any{"name": "web", "selector": map[string]any{"matchLabels": map[string]any{"app": "web"}}},
			// No pair to look up: tested for every workload.
			map[string]any{"name": "expr", "selector": map[string]any{"matchExpressions": []any{map[string]any{"key": "tier", "operator": "Exists"}}}},
			map[string]any{"name": "none"},
			// Shapes the API server refuses: not listed by a pair, so the
			// rule, not the index, decides what they select.
			map[string]any{"name": "int", "selector": map[string]any{"matchLabels": map[string]any{"app": 7}}},
			map[string]any{"name": "list", "selector": map[string]any{"matchLabels": []any{"app"}}},
			"not an object",
			map[string]any{"name": "api-2", "selector": map[string]any{"matchLabels": map[string]any{"app": "api"}}},
		},
		"NetworkPolicy": {
			map[string]any{"name": "deny-all", "podSelector": map[string]any{}},
			map[string]any{"name": "api", "podSelector": map[string]any{"matchLabels": map[string]any{"app": "api"}}},
		},
		"Service": {map[string]any{"name": "api", "selector": map[string]any{"app": "api"}}},
	}
	want := map[string]selectorIndex{
		"PodDisruptionBudget": {
			Pairs: map[string]map[string][]int{
				"app":  {"api": {0, 7}, "web": {1}},
				"tier": {"backend": {0}},
			},
			Other: []int{2, 3, 4, 5, 6},
		},
		"NetworkPolicy": {
			Pairs: map[string]map[string][]int{"app": {"api": {1}}},
			Other: []int{0},
		},
	}
	if got := indexSelectors(related); !reflect.DeepEqual(got, want) {
		t.Errorf("indexSelectors = %v, want %v", got, want)
	}
	if got := indexSelectors(map[string][]any{}); len(got) != 0 {
		t.Errorf("indexSelectors of no related objects = %v, want none", got)
	}
}

func TestIndexRelated(t *testing.T) {
	related := map[string][]any{
		"Service": {
			map[string]any{"namespace": "shop", "name": "api"},
			map[string]any{"namespace": "billing", "name": "api"},
			map[string]any{"namespace": "shop", "name": "web"},
			// Shapes Go never builds, but an index must not trust: left out.
			map[string]any{"namespace": "shop", "name": 7},
			map[string]any{"name": "db"},
			"not an object",
		},
		"ServiceAccount": {&namedObject{Namespace: "", Name: "deployer"}},
		"ClusterRole":    {map[string]any{"namespace": "", "name": "reader"}},
		// Not looked up by name: left to Rego's scan, which costs no
		// inventory memory.
		"ConfigMap": {&namedObject{Namespace: "", Name: "settings"}},
	}
	wantNames := map[string]map[string][]int{
		"Service":        {"api": {0, 1}, "web": {2}},
		"ServiceAccount": {"deployer": {0}},
		"ClusterRole":    {"reader": {0}},
	}
	wantNamespaces := map[string]map[string]int{
		"Service":        {"shop": 2, "billing": 1},
		"ServiceAccount": {"": 1},
		"ClusterRole":    {"": 1},
	}
	names, namespaces := indexRelated(related)
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("indexRelated names = %v, want %v", names, wantNames)
	}
	if !reflect.DeepEqual(namespaces, wantNamespaces) {
		t.Errorf("indexRelated namespaces = %v, want %v", namespaces, wantNamespaces)
	}
}
