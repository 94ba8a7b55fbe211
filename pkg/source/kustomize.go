package source

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resource"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// kustomizationNames are the file names kustomize reads a kustomization from.
var kustomizationNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

// The annotations kustomize writes when buildMetadata asks for them
// (sigs.k8s.io/kustomize/api internal/utils/annotations.go).
const (
	originAnnotation         = "config.kubernetes.io/origin"
	transformationAnnotation = "alpha.config.kubernetes.io/transformations"
)

// IsKustomization reports whether dir is a directory holding a
// kustomization.
func IsKustomization(dir string) bool {
	_, ok := kustomizationFile(dir)
	return ok
}

func kustomizationFile(dir string) (string, bool) {
	for _, name := range kustomizationNames {
		p := filepath.Join(dir, name)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, true
		}
	}
	return "", false
}

// Kustomization is a built kustomization: its objects as one stream, and
// where each object came from.
type Kustomization struct {
	// File is the build output, named by the kustomization directory.
	File File
	// objects are the built objects in stream order, with their first line.
	objects []builtObject
	dir     string
}

// builtObject is one object of the build and the files that made it.
type builtObject struct {
	startLine int
	kind      string
	name      string
	// origin is the resource file (relative to the working directory), or
	// for a generated object the kustomization that generated it.
	origin    string
	generated bool
	// patchedIn are the kustomizations whose patches changed the object,
	// in order.
	patchedIn []string
}

// BuildKustomization builds dir as `kustomize build dir` does, in-process
// and offline: a remote base is an error.
func BuildKustomization(dir string) (*Kustomization, error) {
	if err := refuseRemote(dir, map[string]bool{}); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("kustomization %s: %w", dir, err)
	}
	top, _ := kustomizationFile(abs)
	fs := &annotatingFS{FileSystem: filesys.MakeFsOnDisk(), top: top}
	opts := krusty.MakeDefaultOptions()
	resources, err := krusty.MakeKustomizer(opts).Run(fs, abs)
	if err != nil {
		return nil, fmt.Errorf("kustomize build %s: %w", dir, err)
	}
	k := &Kustomization{dir: dir}
	userMeta := fs.userBuildMetadata
	var out strings.Builder
	line := 1
	for i, r := range resources.Resources() {
		obj := builtObject{kind: r.GetKind(), name: r.GetName()}
		if origin, err := r.GetOrigin(); err == nil && origin != nil {
			if origin.Path != "" {
				obj.origin = filepath.ToSlash(filepath.Join(dir, origin.Path))
			} else if origin.ConfiguredIn != "" {
				obj.origin = filepath.ToSlash(filepath.Join(dir, origin.ConfiguredIn))
				obj.generated = true
			}
		}
		if ts, err := r.GetTransformations(); err == nil {
			for _, t := range ts {
				if t.ConfiguredBy.Kind == "PatchTransformer" || strings.Contains(t.ConfiguredBy.Kind, "Patch") {
					obj.patchedIn = append(obj.patchedIn, filepath.ToSlash(filepath.Join(dir, t.ConfiguredIn)))
				}
			}
		}
		removeBuildAnnotations(r, userMeta)
		data, err := r.AsYAML()
		if err != nil {
			return nil, fmt.Errorf("kustomize build %s: %w", dir, err)
		}
		if i > 0 {
			out.WriteString("---\n")
			line++
		}
		obj.startLine = line
		out.Write(data)
		line += strings.Count(string(data), "\n")
		k.objects = append(k.objects, obj)
	}
	k.File = File{Name: filepath.ToSlash(dir), Data: []byte(out.String())}
	return k, nil
}

// removeBuildAnnotations takes out the annotations poddoctor asked kustomize
// for, so the objects linted are those `kustomize build` prints.
func removeBuildAnnotations(r *resource.Resource, userMeta []string) {
	ann := r.GetAnnotations()
	changed := false
	if !slices.Contains(userMeta, "originAnnotations") {
		if _, ok := ann[originAnnotation]; ok {
			delete(ann, originAnnotation)
			changed = true
		}
	}
	if !slices.Contains(userMeta, "transformerAnnotations") {
		if _, ok := ann[transformationAnnotation]; ok {
			delete(ann, transformationAnnotation)
			changed = true
		}
	}
	if changed {
		_ = r.SetAnnotations(ann)
	}
}

// annotatingFS is the disk, except that the top kustomization asks for
// origin and transformer annotations (buildMetadata), which kustomize then
// writes on every object, bases included.
type annotatingFS struct {
	filesys.FileSystem
	top               string
	userBuildMetadata []string
}

// ReadFile reads a file; the top kustomization gains buildMetadata.
func (fs *annotatingFS) ReadFile(path string) ([]byte, error) {
	data, err := fs.FileSystem.ReadFile(path)
	if err != nil || filepath.Clean(path) != filepath.Clean(fs.top) {
		return data, err
	}
	var k map[string]any
	if err := yaml.Unmarshal(data, &k); err != nil || k == nil {
		return data, nil // kustomize reports the error
	}
	meta, _ := k["buildMetadata"].([]any)
	for _, m := range meta {
		if s, ok := m.(string); ok {
			fs.userBuildMetadata = append(fs.userBuildMetadata, s)
		}
	}
	for _, want := range []string{"originAnnotations", "transformerAnnotations"} {
		if !slices.Contains(fs.userBuildMetadata, want) {
			meta = append(meta, want)
		}
	}
	k["buildMetadata"] = meta
	return yaml.Marshal(k)
}

// refuseRemote fails on any base, resource or component of the
// kustomization tree that is not on disk: kustomize would fetch it, and
// poddoctor does not use the network.
func refuseRemote(dir string, seen map[string]bool) error {
	file, ok := kustomizationFile(dir)
	if !ok {
		return fmt.Errorf("%s: no kustomization.yaml", dir)
	}
	abs, _ := filepath.Abs(file)
	if seen[abs] {
		return nil
	}
	seen[abs] = true
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("kustomization %s: %w", file, err)
	}
	var k struct {
		Resources  []string `json:"resources"`
		Bases      []string `json:"bases"`
		Components []string `json:"components"`
	}
	if err := yaml.Unmarshal(data, &k); err != nil {
		return nil // kustomize reports the error with its own words
	}
	for _, entry := range slices.Concat(k.Resources, k.Bases, k.Components) {
		if looksRemote(entry) {
			return fmt.Errorf("%s: remote base %q is not supported: poddoctor does not use the network; vendor it into the repository or lint the output of `kustomize build`", file, entry)
		}
		local := filepath.Join(dir, entry)
		info, err := os.Stat(local)
		if err != nil {
			return fmt.Errorf("%s: %q is not on disk (%v); remote bases are not supported: poddoctor does not use the network", file, entry, err)
		}
		if info.IsDir() {
			if err := refuseRemote(local, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

func looksRemote(entry string) bool {
	return strings.Contains(entry, "://") || strings.HasPrefix(entry, "git@") ||
		strings.HasPrefix(entry, "github.com/") || strings.HasPrefix(entry, "gitlab.com/") ||
		strings.Contains(entry, "?ref=") || strings.Contains(entry, "//")
}
