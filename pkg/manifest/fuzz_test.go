package manifest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks what Parse promises for any input: it does not panic,
// every Problem has a line within the input, every Object has an identity,
// JSON-compatible data, and a position for every path in its data.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		objects, problems := Parse("fuzz.yaml", data)
		lines := bytes.Count(normalizeText(data), []byte("\n")) + 1
		for _, p := range problems {
			if p.Location.Line < 1 || p.Location.Line > lines || p.Message == "" || p.Location.File != "fuzz.yaml" {
				t.Errorf("bad problem %+v (input has %d lines)", p, lines)
			}
		}
		for _, o := range objects {
			// An object may lack only its name, and then a problem says so.
			if o.Kind == "" || o.APIVersion == "" || o.Name == "" && !namelessReported(problems) {
				t.Errorf("object without identity: %+v", o.Ref())
			}
			if loc := o.Location(); loc.Line < 1 || loc.Line > lines || loc.Column < 1 {
				t.Errorf("object %v at %v (input has %d lines)", o.Ref(), loc, lines)
			}
			if _, err := json.Marshal(o.Data); err != nil {
				t.Errorf("data of %v is not JSON-compatible: %v", o.Ref(), err)
			}
			budget := 500
			walkPaths(o.Data, "", &budget, func(path string) {
				if _, _, complete := o.find(path); !complete {
					t.Errorf("%v: path %q is in the data but Position cannot follow it", o.Ref(), path)
				}
				if loc := o.Position(path); loc.Line < 1 || loc.Line > lines {
					t.Errorf("%v: Position(%q) = %v (input has %d lines)", o.Ref(), path, loc, lines)
				}
			})
			_, _ = UnknownFields(o)
			if ps, ok := PodSpecOf(o); ok {
				for _, c := range Containers(ps) {
					if _, _, complete := o.find(c.Path); !complete {
						t.Errorf("%v: container path %q cannot be followed", o.Ref(), c.Path)
					}
				}
			}
		}
	})
}

// walkPaths calls visit with the path of every value below v, at most
// *budget of them.
func walkPaths(v any, path string, budget *int, visit func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if *budget--; *budget < 0 {
				return
			}
			p := JoinPath(path, k)
			visit(p)
			walkPaths(x, p, budget, visit)
		}
	case []any:
		for i, x := range v {
			if *budget--; *budget < 0 {
				return
			}
			p := IndexPath(path, i)
			visit(p)
			walkPaths(x, p, budget, visit)
		}
	}
}

// namelessReported reports whether some problem says a name is missing.
func namelessReported(problems []Problem) bool {
	for _, p := range problems {
		if strings.Contains(p.Message, "missing metadata.name") {
			return true
		}
	}
	return false
}
