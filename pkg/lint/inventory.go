package lint

import (
	"fmt"
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
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
	// LabelIndex lists, for each label key and value, the positions in
	// Templates of the templates that carry it, ascending. With it a
	// Service finds the few templates its selector may match instead of
	// scanning all of them: without it, linting n Services and n workloads
	// costs n² label comparisons in Rego.
	LabelIndex map[string]map[string][]int `json:"label_index"`
	// NameIndex lists, for each kind and name, the positions in
	// Objects[kind] of the objects of that name, ascending.
	NameIndex map[string]map[string][]int `json:"name_index"`
	// Related holds, by kind, what cross-object rules read of Services,
	// autoscalers, disruption budgets, network policies, roles and the
	// keys of ConfigMaps and Secrets (inventory_related.go).
	Related map[string][]any `json:"related"`
	// crds are the compiled schemas of the input's CRDs (crd.go).
	crds crdSchemas
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
func buildInventory(objects []*manifest.Object) (eval.Value, error) {
	inv := newInventory()
	for _, o := range objects {
		inv.add(inventoryEntryOf(o))
	}
	return inv.value()
}

// inventoryEntry is what one object adds to the inventory; a run that reads
// its files twice keeps only these from the first reading.
type inventoryEntry struct {
	kind     string
	named    *namedObject // objects of referencedKinds
	template *podTemplate // workloads and Pods
	related  *relatedObject
	crds     crdSchemas
}

func inventoryEntryOf(o *manifest.Object) inventoryEntry {
	e := inventoryEntry{kind: o.Kind}
	if referencedKinds[o.Kind] {
		e.named = &namedObject{Namespace: o.Namespace, Name: o.Name}
	}
	if t, ok := templateOf(o); ok {
		e.template = &t
	}
	if r, ok := relatedOf(o); ok {
		e.related = &r
	}
	e.crds = crdSchemasOf(o)
	return e
}

func newInventory() *inventory {
	return &inventory{Complete: true, Kinds: map[string]int{}, Objects: map[string][]namedObject{}, Templates: []podTemplate{},
		LabelIndex: map[string]map[string][]int{}, NameIndex: map[string]map[string][]int{}, Related: map[string][]any{}}
}

// add counts one object, in input order.
func (inv *inventory) add(e inventoryEntry) {
	inv.Kinds[e.kind]++
	if e.named != nil {
		inv.Objects[e.kind] = append(inv.Objects[e.kind], *e.named)
	}
	if e.template != nil {
		inv.Templates = append(inv.Templates, *e.template)
	}
	if e.related != nil {
		inv.Related[e.related.kind] = append(inv.Related[e.related.kind], e.related.data)
	}
	for k, v := range e.crds {
		if inv.crds == nil {
			inv.crds = crdSchemas{}
		}
		inv.crds[k] = v
	}
}

// value sorts and indexes what was added and converts it for Rego. It
// builds the Rego value directly, sharing one term for each repeated
// string, rather than through ToValue's JSON round trip: for 100,000
// objects the inventory is the largest thing a run holds, and the round
// trip held three copies of it at once.
func (inv *inventory) value() (eval.Value, error) {
	for kind := range inv.Objects {
		list := inv.Objects[kind]
		sort.Slice(list, func(i, j int) bool {
			return list[i].Namespace+"/"+list[i].Name < list[j].Namespace+"/"+list[j].Name
		})
		names := map[string][]int{}
		for i, o := range list {
			names[o.Name] = append(names[o.Name], i)
		}
		inv.NameIndex[kind] = names
	}
	for i, t := range inv.Templates {
		for k, v := range t.Labels {
			if inv.LabelIndex[k] == nil {
				inv.LabelIndex[k] = map[string][]int{}
			}
			inv.LabelIndex[k][v] = append(inv.LabelIndex[k][v], i)
		}
	}
	related, err := ast.InterfaceToValue(inv.Related)
	if err != nil {
		return nil, fmt.Errorf("inventory of related objects: %w", err)
	}
	b := termBuilder{strings: map[string]*ast.Term{}, ints: new([]*ast.Term)}
	kinds := ast.NewObjectWithCapacity(len(inv.Kinds))
	for k, n := range inv.Kinds {
		kinds.Insert(b.str(k), ast.InternedTerm(n))
	}
	objects := ast.NewObjectWithCapacity(len(inv.Objects))
	for kind, list := range inv.Objects {
		items := make([]*ast.Term, len(list))
		for i, o := range list {
			items[i] = ast.ObjectTerm(ast.Item(b.str("namespace"), b.str(o.Namespace)), ast.Item(b.str("name"), b.str(o.Name)))
		}
		objects.Insert(b.str(kind), ast.ArrayTerm(items...))
	}
	templates := make([]*ast.Term, len(inv.Templates))
	for i, t := range inv.Templates {
		labels := ast.NewObjectWithCapacity(len(t.Labels))
		for k, v := range t.Labels {
			labels.Insert(b.str(k), b.str(v))
		}
		ports := make([]*ast.Term, len(t.Ports))
		for j, p := range t.Ports {
			port := ast.NewObjectWithCapacity(2)
			if p.Name != "" {
				port.Insert(b.str("name"), b.str(p.Name))
			}
			port.Insert(b.str("containerPort"), ast.InternedTerm(p.ContainerPort))
			ports[j] = ast.NewTerm(port)
		}
		templates[i] = ast.ObjectTerm(
			ast.Item(b.str("kind"), b.str(t.Kind)),
			ast.Item(b.str("namespace"), b.str(t.Namespace)),
			ast.Item(b.str("name"), b.str(t.Name)),
			ast.Item(b.str("labels"), ast.NewTerm(labels)),
			ast.Item(b.str("ports"), ast.ArrayTerm(ports...)),
		)
	}
	return ast.NewObject(
		ast.Item(b.str("complete"), ast.InternedTerm(inv.Complete)),
		ast.Item(b.str("kinds"), ast.NewTerm(kinds)),
		ast.Item(b.str("objects"), ast.NewTerm(objects)),
		ast.Item(b.str("templates"), ast.ArrayTerm(templates...)),
		ast.Item(b.str("label_index"), b.index(inv.LabelIndex)),
		ast.Item(b.str("name_index"), b.index(inv.NameIndex)),
		ast.Item(b.str("related"), ast.NewTerm(related)),
	), nil
}

// termBuilder builds Rego values sharing one term per distinct string
// and per position.
type termBuilder struct {
	strings map[string]*ast.Term
	ints    *[]*ast.Term
}

func (b termBuilder) int(i int) *ast.Term {
	for len(*b.ints) <= i {
		*b.ints = append(*b.ints, ast.InternedTerm(len(*b.ints)))
	}
	return (*b.ints)[i]
}

func (b termBuilder) str(s string) *ast.Term {
	t, ok := b.strings[s]
	if !ok {
		t = ast.StringTerm(s)
		b.strings[s] = t
	}
	return t
}

// index converts {outer: {inner: [positions]}}.
func (b termBuilder) index(idx map[string]map[string][]int) *ast.Term {
	outer := ast.NewObjectWithCapacity(len(idx))
	for k, m := range idx {
		inner := ast.NewObjectWithCapacity(len(m))
		for v, positions := range m {
			items := make([]*ast.Term, len(positions))
			for i, p := range positions {
				items[i] = b.int(p)
			}
			inner.Insert(b.str(v), ast.ArrayTerm(items...))
		}
		outer.Insert(b.str(k), ast.NewTerm(inner))
	}
	return ast.NewTerm(outer)
}

// templateOf reads the labels and declared ports of an object's pods.
func templateOf(o *manifest.Object) (podTemplate, bool) {
	ps, ok := manifest.PodSpecOf(o)
	if !ok {
		return podTemplate{}, false
	}
	t := podTemplate{Kind: o.Kind, Namespace: o.Namespace, Name: o.Name, Labels: manifest.PodTemplateLabels(o), Ports: []templatePort{}}
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
