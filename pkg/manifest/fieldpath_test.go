package manifest

import (
	"fmt"
	"strings"
	"testing"
)

func TestNextSegment(t *testing.T) {
	tests := []struct {
		path string
		want string // segments as key or [n], "|"-separated; "!" marks a malformed rest
	}{
		{"spec", "spec"},
		{"spec.containers[1].image", "spec|containers|[1]|image"},
		{`metadata.annotations["poddoctor.io/ignore"]`, "metadata|annotations|poddoctor.io/ignore"},
		{`metadata.annotations['a.b/c']`, "metadata|annotations|a.b/c"},
		{`data["say \"hi\""].x`, `data|say "hi"|x`},
		{"a[0][1]", "a|[0]|[1]"},
		{"[2].name", "[2]|name"},
		{"a[x]", "a|!"},
		{"a[-1]", "a|!"},
		{"a[1", "a|!"},
		{`a["b`, "a|!"},
		{`a["b"c`, "a|!"},
		{"a..b", "a|!"},
		{"a.", "a"},
	}
	for _, tt := range tests {
		var got []string
		path := tt.path
		for path != "" {
			seg, rest, ok := nextSegment(path)
			if !ok {
				if strings.TrimPrefix(path, ".") != "" {
					got = append(got, "!")
				}
				break
			}
			if seg.isIndex {
				got = append(got, fmt.Sprintf("[%d]", seg.index))
			} else {
				got = append(got, seg.key)
			}
			path = rest
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("segments of %q = %q, want %q", tt.path, strings.Join(got, "|"), tt.want)
		}
	}
}

func TestJoinPath(t *testing.T) {
	tests := []struct{ path, key, want string }{
		{"", "spec", "spec"},
		{"spec", "containers", "spec.containers"},
		{"metadata.annotations", "poddoctor.io/ignore", `metadata.annotations["poddoctor.io/ignore"]`},
		{"data", "", `data[""]`},
		{"data", `a"b`, `data["a\"b"]`},
	}
	for _, tt := range tests {
		got := JoinPath(tt.path, tt.key)
		if got != tt.want {
			t.Errorf("JoinPath(%q, %q) = %q, want %q", tt.path, tt.key, got, tt.want)
		}
		// What JoinPath writes, nextSegment reads back.
		seg, last := segment{}, got
		for last != "" {
			var ok bool
			if seg, last, ok = nextSegment(last); !ok {
				t.Fatalf("nextSegment cannot read %q", got)
			}
		}
		if seg.key != tt.key {
			t.Errorf("last segment of %q = %q, want %q", got, seg.key, tt.key)
		}
	}
	if got := IndexPath("spec.containers", 2); got != "spec.containers[2]" {
		t.Errorf("IndexPath = %q", got)
	}
}
