package lint

import (
	"reflect"
	"testing"
)

func TestIndexServices(t *testing.T) {
	services := []any{
		map[string]any{"namespace": "shop", "name": "web", "selector": map[string]any{"app": "web", "tier": "front"}},
		map[string]any{"namespace": "shop", "name": "db", "selector": map[string]any{"app": "db"}},
		map[string]any{"namespace": "shop", "name": "headless"}, // no selector: selects nothing
		map[string]any{"namespace": "other", "name": "web", "selector": map[string]any{"app": "web", "pod-template-hash": int64(5)}},
	}
	bySelector := indexServices(services)
	wantSelector := map[string]map[string][]int{
		"app":               {"web": {0, 3}, "db": {1}},
		"tier":              {"front": {0}},
		"pod-template-hash": {"5": {3}},
	}
	if !reflect.DeepEqual(bySelector, wantSelector) {
		t.Errorf("by selector = %v, want %v", bySelector, wantSelector)
	}
}
