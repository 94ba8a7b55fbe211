package manifest

import (
	"strings"
	"testing"
)

func TestHintsForFilesThatAreNotManifests(t *testing.T) {
	tests := map[string]struct {
		input string
		want  string
	}{
		"helm template": {
			input: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"web.fullname\" . }}\nspec:\n  replicas: {{ .Values.replicas }}\n",
			want:  "helm template CHART | poddoctor lint -",
		},
		"helm control flow": {
			input: "{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n",
			want:  "render it first",
		},
		"lost indentation": {
			input: "apiVersion: v1\nkind: Pod\nmetadata:\nname: flat\nspec:\n  containers: []\n",
			want:  "name: sits at the top level, so its indentation was probably lost",
		},
		"kustomization": {
			input: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\n",
			want:  "kustomize build DIR | poddoctor lint -",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			objects, problems := Parse("f.yaml", []byte(tt.input))
			if len(objects) != 0 || len(problems) != 1 {
				t.Fatalf("got %d objects and problems %+v, want one problem", len(objects), problems)
			}
			if !strings.Contains(problems[0].Message, tt.want) {
				t.Errorf("problem %q does not contain %q", problems[0].Message, tt.want)
			}
		})
	}
	// A real manifest that merely mentions braces in a value gets no hint.
	objects, problems := Parse("f.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  tpl: \"a {b} c\"\n"))
	if len(objects) != 1 || len(problems) != 0 {
		t.Errorf("plain ConfigMap: %d objects, problems %+v", len(objects), problems)
	}
}
