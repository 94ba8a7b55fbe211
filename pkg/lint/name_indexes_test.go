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
