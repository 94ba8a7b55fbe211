package manifest

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/workloads"
)

// PodSpec is the pod specification inside an object, with its field path.
type PodSpec struct {
	// Path is the field path of the spec: "spec" for a Pod,
	// "spec.template.spec" for a Deployment.
	Path string
	// Spec is the spec itself, a part of the object's Data.
	Spec map[string]any
}

// PodSpecOf returns the pod spec of an object whose kind carries one in
// its API group (internal/workloads: Pod, PodTemplate, the workloads of
// the core, apps, extensions and batch groups, OpenShift's
// DeploymentConfig). ok is false for other objects and when the spec is
// absent.
func PodSpecOf(o *Object) (ps PodSpec, ok bool) {
	w, known := workloads.Lookup(o.APIVersion, o.Kind)
	if !known {
		return PodSpec{}, false
	}
	spec, ok := Lookup(o.Data, w.PodSpec...).(map[string]any)
	if !ok {
		return PodSpec{}, false
	}
	return PodSpec{Path: strings.Join(w.PodSpec, "."), Spec: spec}, true
}

// Container is one container of a pod spec.
type Container struct {
	// Path is the field path of the container:
	// spec.template.spec.initContainers[0].
	Path string
	// Kind is "container", "initContainer" or "ephemeralContainer".
	Kind string
	// Name is the container's name, "" when it has none.
	Name string
	// Spec is the container itself, a part of the object's Data.
	Spec map[string]any
}

// containerLists are the fields of a pod spec that hold containers, in the
// order they run.
var containerLists = []struct{ field, kind string }{
	{"initContainers", "initContainer"},
	{"containers", "container"},
	{"ephemeralContainers", "ephemeralContainer"},
}

// Containers returns the init, regular and ephemeral containers of a pod
// spec, in that order. An item that is not a mapping is skipped; the others
// keep their index in the path.
func Containers(ps PodSpec) []Container {
	var out []Container
	for _, list := range containerLists {
		items, _ := ps.Spec[list.field].([]any)
		for i, item := range items {
			spec, ok := item.(map[string]any)
			if !ok {
				continue
			}
			name, _ := spec["name"].(string)
			out = append(out, Container{
				Path: IndexPath(JoinPath(ps.Path, list.field), i),
				Kind: list.kind,
				Name: name,
				Spec: spec,
			})
		}
	}
	return out
}

// PodTemplateAnnotations returns the annotations of the pods an object
// makes: those of its pod template (spec.template.metadata.annotations), or
// a Pod's own. It is nil for objects without pods and for pods without
// annotations.
func PodTemplateAnnotations(o *Object) map[string]string {
	return stringMap(Lookup(podTemplateMetadata(o), "annotations"))
}

// PodTemplateLabels returns the labels of the pods an object makes, as
// PodTemplateAnnotations does for annotations. Labels that are not strings
// are left out.
func PodTemplateLabels(o *Object) map[string]string {
	m, _ := Lookup(podTemplateMetadata(o), "labels").(map[string]any)
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// podTemplateMetadata is the metadata of the pods an object makes; nil for
// objects without pods.
func podTemplateMetadata(o *Object) any {
	w, known := workloads.Lookup(o.APIVersion, o.Kind)
	if !known {
		return nil
	}
	return Lookup(o.Data, w.TemplateMetadata()...)
}
