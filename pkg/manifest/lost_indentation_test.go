package manifest

import (
	"strings"
	"testing"
)

func TestLostIndentationReportedAtFirstMisplacedKey(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int    // 0: nothing reported
		key       string // the misplaced key
	}{
		// The seed's pods02.yaml pasted without indentation.
		{"pod", "apiVersion: v1\nkind: Pod\nmetadata:\nname: webserver\nspec:\ncontainers:\n- name: webserver\nimage: nginx:latest\n", 4, "name"},
		{"spec only", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n# lost\ncontainers:\n- name: web\n", 7, "containers"},
		{"intact", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n", 0, ""},
		{"empty spec then status", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\nstatus: {}\n", 0, ""},
		{"configmap", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, _, key, ok := lostIndentation([]byte(tt.doc))
			if !ok {
				line = 0
			}
			if line != tt.line || key != tt.key {
				t.Errorf("lostIndentation = line %d key %q, want line %d key %q", line, key, tt.line, tt.key)
			}
		})
	}
}

func TestLostIndentationProblemInAFile(t *testing.T) {
	src := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata:\nname: webserver\nspec:\ncontainers:\n- name: webserver\nimage: nginx:latest\n- name: webwatcher\nimage: afakharany/watcher:latest\n"
	objects, problems := Parse("pods02.yaml", []byte(src))
	if len(objects) != 1 || len(problems) != 1 {
		t.Fatalf("got %d objects and %d problems, want 1 and 1: %v", len(objects), len(problems), problems)
	}
	p := problems[0]
	if p.Location.Line != 9 || !strings.HasPrefix(p.Message, "indentation lost: metadata: at line 8 has nothing under it, and name: sits at the top level") {
		t.Errorf("problem at line %d: %s", p.Location.Line, p.Message)
	}
}
