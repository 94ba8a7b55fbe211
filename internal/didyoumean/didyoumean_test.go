package didyoumean

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"image", "image", 0},
		{"imgae", "image", 1}, // a swap is one edit
		{"imag", "image", 1},
		{"imagePullPolcy", "imagePullPolicy", 1},
		{"redsi", "redis", 1},
		{"abcd", "badc", 2}, // two swaps
		{"cpu", "memory", 6},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	fields := []string{"image", "imagePullPolicy", "name", "ports", "resources"}
	tests := []struct {
		word, want string
	}{
		{"imagePullPolcy", "imagePullPolicy"},
		{"ImagePullPolicy", "imagePullPolicy"}, // case is ignored
		{"imgae", "image"},
		{"nmae", "name"},
		{"resorces", "resources"},
		{"replicas", ""},   // no known field is near
		{"x", ""},          // nothing within one edit
		{"latest-tga", ""}, // not among the candidates
	}
	for _, tt := range tests {
		if got := Nearest(tt.word, fields); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := Nearest("latest-tga", []string{"latest-tag", "image-typo"}); got != "latest-tag" {
		t.Errorf("rule id: got %q", got)
	}
}
