package textutil

import "testing"

func TestIsAdjacentSwap(t *testing.T) {
	tests := map[[2]string]bool{
		{"redsi", "redis"}:     true,
		{"bitnmai", "bitnami"}: true,
		{"ab", "ba"}:           true,
		{"redis", "redis"}:     false,
		{"abc", "cba"}:         false,
		{"abcd", "badc"}:       false,
		{"ab", "abc"}:          false,
		{"ndoe", "node"}:       true,
		{"node", "node"}:       false,
		{"base", "bash"}:       false,
		{"abc", "ab"}:          false,
		{"", ""}:               false,
	}
	for in, want := range tests {
		if got := IsAdjacentSwap(in[0], in[1]); got != want {
			t.Errorf("IsAdjacentSwap(%q, %q) = %v, want %v", in[0], in[1], got, want)
		}
	}
}

func TestValidJSONTagName(t *testing.T) {
	for name, want := range map[string]bool{"apiVersion": true, "x-y.z": true, "": false, "a\"b": false, "a,b": false, "é": true} {
		if got := ValidJSONTagName(name); got != want {
			t.Errorf("ValidJSONTagName(%q) = %v, want %v", name, got, want)
		}
	}
}
