package source

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"sigs.k8s.io/yaml"
)

// Remap moves every finding on the build output to the file that set the
// field: the last patch that sets it, else the resource file the object
// came from; a generated object points at its kustomization.
func (k *Kustomization) Remap(findings []finding.Finding) {
	files := map[string][]*manifest.Object{}
	read := func(path string) []*manifest.Object {
		if objs, ok := files[path]; ok {
			return objs
		}
		data, err := os.ReadFile(filepath.FromSlash(path))
		var objs []*manifest.Object
		if err == nil {
			objs, _ = manifest.Parse(path, data)
		}
		files[path] = objs
		return objs
	}
	for i := range findings {
		f := &findings[i]
		if f.Location == nil || f.Location.File != k.File.Name {
			continue
		}
		obj := k.objectAt(f.Location.Line)
		if obj == nil || obj.origin == "" {
			continue
		}
		if obj.generated {
			f.Location = &finding.Location{File: obj.origin, Line: keyLine(obj.origin, obj.kind)}
			continue
		}
		var candidates []string
		for j := len(obj.patchedIn) - 1; j >= 0; j-- {
			candidates = append(candidates, patchFiles(obj.patchedIn[j])...)
		}
		loc, found := finding.Location{}, false
		for _, c := range candidates {
			for _, o := range read(c) {
				if o.Kind == obj.kind && nameMatches(o.Name, obj.name) && hasPath(o.Data, f.Path) {
					loc, found = o.Position(f.Path), true
					break
				}
			}
			if found {
				break
			}
		}
		if !found {
			loc = finding.Location{File: obj.origin}
			for _, o := range read(obj.origin) {
				if o.Kind == obj.kind && nameMatches(o.Name, obj.name) {
					if f.Path != "" {
						loc = o.Position(f.Path)
					} else {
						loc = o.Location()
					}
					break
				}
			}
		}
		f.Location = &loc
	}
}

// objectAt is the built object whose text holds line.
func (k *Kustomization) objectAt(line int) *builtObject {
	var at *builtObject
	for i := range k.objects {
		if k.objects[i].startLine > line {
			break
		}
		at = &k.objects[i]
	}
	return at
}

// nameMatches reports whether a resource file's object name is the built
// object's, before namePrefix and nameSuffix.
func nameMatches(original, built string) bool {
	return original == built || (original != "" && strings.Contains(built, original))
}

// patchFiles are the patch files a kustomization names (patches,
// patchesStrategicMerge, patchesJson6902), relative to the working
// directory.
func patchFiles(kustomization string) []string {
	data, err := os.ReadFile(filepath.FromSlash(kustomization))
	if err != nil {
		return nil
	}
	var k struct {
		Patches []struct {
			Path string `json:"path"`
		} `json:"patches"`
		PatchesStrategicMerge []string `json:"patchesStrategicMerge"`
		PatchesJSON6902       []struct {
			Path string `json:"path"`
		} `json:"patchesJson6902"`
	}
	if yaml.Unmarshal(data, &k) != nil {
		return nil
	}
	dir := filepath.Dir(kustomization)
	var out []string
	add := func(p string) {
		if p != "" && !strings.Contains(p, "\n") {
			out = append(out, filepath.ToSlash(filepath.Join(dir, p)))
		}
	}
	for i := len(k.Patches) - 1; i >= 0; i-- {
		add(k.Patches[i].Path)
	}
	for i := len(k.PatchesStrategicMerge) - 1; i >= 0; i-- {
		add(k.PatchesStrategicMerge[i])
	}
	return out
}

// hasPath reports whether data holds the whole field path.
func hasPath(data map[string]any, path string) bool {
	if path == "" {
		return false
	}
	var v any = data
	for path != "" {
		path = strings.TrimPrefix(path, ".")
		keys, indices := splitFieldPath(path)
		if len(keys) == 0 {
			return false
		}
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = m[keys[0]]; !ok {
			return false
		}
		if indices[0] >= 0 {
			list, ok := v.([]any)
			if !ok || indices[0] >= len(list) {
				return false
			}
			v = list[indices[0]]
		}
		path = trimFirstSegment(path)
	}
	return true
}

// trimFirstSegment drops the first key (and its index) of a field path.
func trimFirstSegment(path string) string {
	if strings.HasPrefix(path, "[") {
		end := strings.Index(path, "]")
		path = path[end+1:]
	} else if end := strings.IndexAny(path, ".["); end >= 0 {
		path = path[end:]
	} else {
		return ""
	}
	if strings.HasPrefix(path, "[") && !strings.HasPrefix(path, `["`) && !strings.HasPrefix(path, `['`) {
		end := strings.Index(path, "]")
		path = path[end+1:]
	}
	return path
}

// keyLine is the line of a generator's section in a kustomization, found by
// its text; 0 when not found.
func keyLine(kustomization, kind string) int {
	data, err := os.ReadFile(filepath.FromSlash(kustomization))
	if err != nil {
		return 0
	}
	key := "configMapGenerator:"
	if kind == "Secret" {
		key = "secretGenerator:"
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, key) {
			return i + 1
		}
	}
	return 0
}
