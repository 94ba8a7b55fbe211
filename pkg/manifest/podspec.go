package manifest

import "strings"

// PodSpec is the pod specification inside an object, with its field path.
type PodSpec struct {
	// Path is the field path of the spec: "spec" for a Pod,
	// "spec.template.spec" for a Deployment.
	Path string
	// Spec is the spec itself, a part of the object's Data.
	Spec map[string]any
}

// workloadKind says where a kind of the built-in API keeps its pod spec.
type workloadKind struct {
	groups []string // API groups that define the kind; "" is the core group
	path   []string // keys from the object to the pod spec
}

var (
	templateSpec = []string{"spec", "template", "spec"}

	// workloadKinds are the built-in kinds that carry a pod spec. A custom
	// resource of the same kind in another API group is not one of them.
	workloadKinds = map[string]workloadKind{
		"Pod":                   {groups: []string{""}, path: []string{"spec"}},
		"PodTemplate":           {groups: []string{""}, path: []string{"template", "spec"}},
		"ReplicationController": {groups: []string{""}, path: templateSpec},
		"Deployment":            {groups: []string{"apps", "extensions"}, path: templateSpec},
		"ReplicaSet":            {groups: []string{"apps", "extensions"}, path: templateSpec},
		"DaemonSet":             {groups: []string{"apps", "extensions"}, path: templateSpec},
		"StatefulSet":           {groups: []string{"apps"}, path: templateSpec},
		"Job":                   {groups: []string{"batch"}, path: templateSpec},
		"CronJob":               {groups: []string{"batch"}, path: []string{"spec", "jobTemplate", "spec", "template", "spec"}},
	}
)

// PodSpecOf returns the pod spec of a Pod, a workload (Deployment,
// ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job, CronJob) or
// a PodTemplate. ok is false for other kinds and when the spec is absent.
func PodSpecOf(o *Object) (ps PodSpec, ok bool) {
	w, known := workloadKinds[o.Kind]
	if !known || !inGroup(o.APIVersion, w.groups) {
		return PodSpec{}, false
	}
	spec, ok := lookup(o.Data, w.path...).(map[string]any)
	if !ok {
		return PodSpec{}, false
	}
	return PodSpec{Path: strings.Join(w.path, "."), Spec: spec}, true
}

// inGroup reports whether an apiVersion ("apps/v1", "v1") is in one of the
// groups.
func inGroup(apiVersion string, groups []string) bool {
	group, _, found := strings.Cut(apiVersion, "/")
	if !found {
		group = ""
	}
	for _, g := range groups {
		if g == group {
			return true
		}
	}
	return false
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
	w, known := workloadKinds[o.Kind]
	if !known || !inGroup(o.APIVersion, w.groups) {
		return nil
	}
	meta := append(w.path[:len(w.path)-1:len(w.path)-1], "metadata", "annotations")
	return stringMap(lookup(o.Data, meta...))
}
