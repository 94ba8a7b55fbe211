package lint

import (
	"sort"

	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

// inventory summarizes the whole input of one run for the checks that need
// to see more than one object (a Service and the pods it selects, a pod and
// the ConfigMaps it mounts). Rego reads it with poddoctor.inventory().
type inventory struct {
	// Complete says the inventory covers the run's whole input.
	Complete bool `json:"complete"`
	// Kinds counts the objects of each kind in the input.
	Kinds map[string]int `json:"kinds"`
	// Objects lists the named objects of the kinds pod templates refer to.
	Objects map[string][]namedObject `json:"objects"`
	// Templates are the pod templates of every workload and Pod.
	Templates []podTemplate `json:"templates"`
}

type namedObject struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

type podTemplate struct {
	Kind      string            `json:"kind"`
	Namespace string            `json:"namespace"`
	Name      string            `json:"name"`
	Labels    map[string]string `json:"labels"`
	Ports     []templatePort    `json:"ports"`
}

type templatePort struct {
	Name          string `json:"name,omitempty"`
	ContainerPort int64  `json:"containerPort"`
}

// referencedKinds are the kinds a pod template can refer to by name.
var referencedKinds = map[string]bool{"ConfigMap": true, "Secret": true, "PersistentVolumeClaim": true, "ServiceAccount": true}

// buildInventory reads the objects once, converted for Rego.
func buildInventory(objects []*manifest.Object) (policy.Value, error) {
	inv := inventory{Complete: true, Kinds: map[string]int{}, Objects: map[string][]namedObject{}, Templates: []podTemplate{}}
	for _, o := range objects {
		inv.Kinds[o.Kind]++
		if referencedKinds[o.Kind] {
			inv.Objects[o.Kind] = append(inv.Objects[o.Kind], namedObject{Namespace: o.Namespace, Name: o.Name})
		}
		if t, ok := templateOf(o); ok {
			inv.Templates = append(inv.Templates, t)
		}
	}
	for kind := range inv.Objects {
		list := inv.Objects[kind]
		sort.Slice(list, func(i, j int) bool {
			return list[i].Namespace+"/"+list[i].Name < list[j].Namespace+"/"+list[j].Name
		})
	}
	return policy.ToValue(inv)
}

// templateOf reads the labels and declared ports of an object's pods.
func templateOf(o *manifest.Object) (podTemplate, bool) {
	ps, ok := manifest.PodSpecOf(o)
	if !ok {
		return podTemplate{}, false
	}
	t := podTemplate{Kind: o.Kind, Namespace: o.Namespace, Name: o.Name, Labels: podLabels(o), Ports: []templatePort{}}
	for _, c := range manifest.Containers(ps) {
		ports, _ := c.Spec["ports"].([]any)
		for _, p := range ports {
			port, ok := p.(map[string]any)
			if !ok {
				continue
			}
			name, _ := port["name"].(string)
			number, _ := toInt(port["containerPort"])
			t.Ports = append(t.Ports, templatePort{Name: name, ContainerPort: number})
		}
	}
	return t, true
}

// podLabels returns the labels the object's pods carry.
func podLabels(o *manifest.Object) map[string]string {
	labels := map[string]string{}
	var meta any = o.Data["metadata"]
	if o.Kind != "Pod" {
		meta = nil
		if spec, ok := o.Data["spec"].(map[string]any); ok {
			if o.Kind == "CronJob" {
				spec, _ = dig(spec, "jobTemplate", "spec").(map[string]any)
			}
			meta = dig(spec, "template", "metadata")
		}
	}
	if m, ok := meta.(map[string]any); ok {
		if l, ok := m["labels"].(map[string]any); ok {
			for k, v := range l {
				if s, ok := v.(string); ok {
					labels[k] = s
				}
			}
		}
	}
	return labels
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case uint64:
		return int64(n), true
	case float64:
		return int64(n), true
	}
	return 0, false
}
