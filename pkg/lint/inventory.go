package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/workloads"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// inventory summarizes the whole input of one run for the checks that need
// to see more than one object (a Service and the pods it selects, a pod and
// the ConfigMaps it mounts). Rego reads it whole with
// poddoctor.inventory(), and part by part (what rules/lib does) with
// poddoctor.inventory.at and .size.
type inventory struct {
	// Complete says the inventory covers the run's whole input.
	Complete bool `json:"complete"`
	// Kinds counts the objects of each kind in the input.
	Kinds map[string]int `json:"kinds"`
	// Objects lists the named objects of the kinds pod templates refer to.
	// A ConfigMap or Secret is one entry, with its keys, shared by Objects
	// and Related: a run of 400,000 ConfigMaps holds each once.
	Objects map[string][]*namedObject `json:"objects"`
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
	// ServiceIndex lists, for each key and value of a Service's selector,
	// the positions in Related["Service"] of the Services selecting on it,
	// ascending (service_index.go). With it a workload finds the few
	// Services that may select its pods instead of testing every Service
	// of its application.
	ServiceIndex map[string]map[string][]int `json:"service_index"`
	// TemplateNames lists, for each name, the positions in Templates of
	// the templates of that name, ascending (name_indexes.go).
	TemplateNames map[string][]int `json:"template_names"`
	// ScaleTargets lists, for each name an autoscaler scales, the
	// positions in Related["HorizontalPodAutoscaler"] of the autoscalers
	// scaling it, ascending (name_indexes.go).
	ScaleTargets map[string][]int `json:"scale_targets"`
	// TemplateNamespaces counts the templates of each namespace ("" for
	// those that leave it to kubectl apply -n).
	TemplateNamespaces map[string]int `json:"template_namespaces"`
	// SelectorIndex lists the budgets and network policies by the pairs
	// of their selectors (selector_index.go).
	SelectorIndex map[string]selectorIndex `json:"selector_index"`
	// RelatedNames lists, by kind and name, the positions in Related of
	// the entries of that name; RelatedNamespaces counts them by kind and
	// namespace (name_indexes.go).
	RelatedNames      map[string]map[string][]int `json:"related_names"`
	RelatedNamespaces map[string]map[string]int   `json:"related_namespaces"`
	// Related holds, by kind, what cross-object rules read of Services,
	// autoscalers, disruption budgets, network policies, roles and the
	// keys of ConfigMaps and Secrets (inventory_related.go).
	Related map[string][]any `json:"related"`
	// crds are the compiled schemas of the input's CRDs (crd.go).
	crds crdSchemas
	// mentioned are the names the objects mention (mentions.go): a
	// ConfigMap, Secret, claim or ServiceAccount no object mentions is
	// counted in Kinds but not listed in Objects, since no reference can
	// find it.
	mentioned map[string]struct{}
	// namespaces holds one copy of each namespace, shared by the entries.
	namespaces map[string]string
}

type namedObject struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	// Keys are the keys (never the values) of a ConfigMap's or Secret's
	// data, stringData and binaryData; nil for other kinds.
	Keys []string `json:"keys,omitzero"`
}

// keyedKinds are the referenced kinds whose keys env-reference-key reads;
// Rego finds them under inventory.related too.
var keyedKinds = map[string]bool{"ConfigMap": true, "Secret": true}

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
var referencedKinds = map[string]bool{"ConfigMap": true, "Secret": true, "PersistentVolumeClaim": true, "ServiceAccount": true, "PriorityClass": true}

// inventoryEntry is what one object adds to the inventory; a run that reads
// its files twice keeps only these from the first reading. Its strings are
// the object's, which never share the file's bytes (pkg/manifest/owned.go).
type inventoryEntry struct {
	kind     string
	named    *namedObject // objects of referencedKinds
	template *podTemplate // workloads and Pods
	related  *relatedObject
	crds     crdSchemas
	// mentions are the names the object mentions (mentions.go).
	mentions []string
}

func inventoryEntryOf(o *manifest.Object) inventoryEntry {
	e := inventoryEntry{kind: o.Kind, mentions: mentionedNames(o)}
	if referencedKinds[o.Kind] {
		e.named = &namedObject{Namespace: o.Namespace, Name: o.Name}
		if keyedKinds[o.Kind] {
			e.named.Keys = dataKeys(o)
		}
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
	return &inventory{Complete: true, Kinds: map[string]int{}, Objects: map[string][]*namedObject{}, Templates: []podTemplate{},
		LabelIndex: map[string]map[string][]int{}, NameIndex: map[string]map[string][]int{}, Related: map[string][]any{},
		mentioned: map[string]struct{}{}, namespaces: map[string]string{}}
}

// add counts one object, in input order.
func (inv *inventory) add(e inventoryEntry) {
	inv.Kinds[e.kind]++
	for _, name := range e.mentions {
		inv.mentioned[name] = struct{}{}
	}
	if e.named != nil {
		e.named.Namespace = inv.namespace(e.named.Namespace)
		inv.Objects[e.kind] = append(inv.Objects[e.kind], e.named)
		if keyedKinds[e.kind] {
			inv.Related[e.kind] = append(inv.Related[e.kind], e.named)
		}
	}
	if e.template != nil {
		e.template.Namespace = inv.namespace(e.template.Namespace)
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

// namespace returns the inventory's copy of a namespace.
func (inv *inventory) namespace(ns string) string {
	if kept, ok := inv.namespaces[ns]; ok {
		return kept
	}
	inv.namespaces[ns] = ns
	return ns
}

// merge appends what other holds after what inv holds: a run builds one
// inventory per file, on every core, and joins those of an application in
// input order. It keeps only what the objects add, never the objects.
func (inv *inventory) merge(other *inventory) {
	for k, n := range other.Kinds {
		inv.Kinds[k] += n
	}
	for name := range other.mentioned {
		inv.mentioned[name] = struct{}{}
	}
	for kind, list := range other.Objects {
		for _, o := range list {
			o.Namespace = inv.namespace(o.Namespace)
		}
		inv.Objects[kind] = append(inv.Objects[kind], list...)
	}
	for i := range other.Templates {
		other.Templates[i].Namespace = inv.namespace(other.Templates[i].Namespace)
	}
	inv.Templates = append(inv.Templates, other.Templates...)
	for kind, list := range other.Related {
		inv.Related[kind] = append(inv.Related[kind], list...)
	}
	for k, v := range other.crds {
		if inv.crds == nil {
			inv.crds = crdSchemas{}
		}
		inv.crds[k] = v
	}
}

// value sorts and indexes what was added and converts it for Rego. It
// builds the Rego value directly, sharing one term for each repeated
// string and one term for each named object (in Objects and Related
// alike), rather than through ToValue's JSON round trip, which held three
// copies of it at once. Once converted, only the value is needed; a run
// of a large input holds it packed (newAppRun, internal/packed).
//
// The run waits for the inventory with nothing else to do, so the pod
// templates and the rest are converted at the same time, on two cores,
// each with its own termBuilder: they share no field of inv, and the
// strings both repeat (the names and labels of the templates, which
// Services and indexes name again) are made once before, for both to read.
func (inv *inventory) value() (eval.Value, error) {
	inv.dropUnmentioned()
	base := sharedLeaves{strings: templateStrings(inv.Templates), singles: singlePositions(inv.longestList())}
	var templates templateTerms
	var wg sync.WaitGroup
	wg.Go(func() { templates = inv.templateTerms(newTermBuilder(base)) })
	defer wg.Wait()
	b := newTermBuilder(base)
	// Each named object becomes one term, in input order for Related,
	// then sorted for Objects.
	namedTerms := make(map[*namedObject]*ast.Term)
	for _, list := range inv.Objects {
		for _, o := range list {
			namedTerms[o] = b.named(o)
		}
	}
	related := ast.NewObjectWithCapacity(len(inv.Related))
	for kind, list := range inv.Related {
		items := make([]*ast.Term, len(list))
		for i, r := range list {
			if o, ok := r.(*namedObject); ok {
				items[i] = namedTerms[o]
				continue
			}
			t, err := b.entry(r)
			if err != nil {
				return nil, fmt.Errorf("inventory of related %s objects: %w", kind, err)
			}
			items[i] = t
		}
		related.Insert(b.str(kind), ast.ArrayTerm(items...))
	}
	for kind := range inv.Objects {
		list := inv.Objects[kind]
		slices.SortStableFunc(list, func(a, b *namedObject) int {
			return compareJoined(a.Namespace, a.Name, b.Namespace, b.Name)
		})
		names := map[string][]int{}
		for i, o := range list {
			names[o.Name] = append(names[o.Name], i)
		}
		inv.NameIndex[kind] = names
	}
	inv.ServiceIndex = indexServices(inv.Related["Service"])
	inv.ScaleTargets = indexScaleTargets(inv.Related["HorizontalPodAutoscaler"])
	inv.SelectorIndex = indexSelectors(inv.Related)
	inv.RelatedNames, inv.RelatedNamespaces = indexRelated(inv.Related)
	objects := ast.NewObjectWithCapacity(len(inv.Objects))
	for kind, list := range inv.Objects {
		items := make([]*ast.Term, len(list))
		for i, o := range list {
			items[i] = namedTerms[o]
		}
		objects.Insert(b.str(kind), ast.ArrayTerm(items...))
	}
	wg.Wait()
	return ast.NewObject(
		ast.Item(b.str("complete"), ast.InternedTerm(inv.Complete)),
		ast.Item(b.str("kinds"), b.counts(inv.Kinds)),
		ast.Item(b.str("objects"), ast.NewTerm(objects)),
		ast.Item(b.str("templates"), templates.templates),
		ast.Item(b.str("label_index"), templates.labelIndex),
		ast.Item(b.str("name_index"), b.index(inv.NameIndex)),
		ast.Item(b.str("service_index"), b.index(inv.ServiceIndex)),
		ast.Item(b.str("template_names"), templates.names),
		ast.Item(b.str("scale_targets"), b.positions(inv.ScaleTargets)),
		ast.Item(b.str("selector_index"), b.selectorIndexTerm(inv.SelectorIndex)),
		ast.Item(b.str("template_namespaces"), templates.namespaces),
		ast.Item(b.str("related_names"), b.index(inv.RelatedNames)),
		ast.Item(b.str("related_namespaces"), b.relatedNamespaces(inv.RelatedNamespaces)),
		ast.Item(b.str("related"), ast.NewTerm(related)),
	), nil
}

// sharedLeaves are terms made before two builders work at the same time,
// which both read and neither changes: the strings they would both make,
// and the lists of one position, [i], which every index of the value has
// for its many keys of one object (a name, a label value).
type sharedLeaves struct {
	strings map[string]*ast.Term
	singles []*ast.Term // singles[i] is [i]
}

// longestList is the length of the longest list an index of the value
// gives positions in.
func (inv *inventory) longestList() int {
	n := len(inv.Templates)
	for _, list := range inv.Objects {
		n = max(n, len(list))
	}
	for _, list := range inv.Related {
		n = max(n, len(list))
	}
	return n
}

// singlePositions makes the lists [0] to [n-1].
func singlePositions(n int) []*ast.Term {
	singles := make([]*ast.Term, n)
	for i := range singles {
		singles[i] = ast.ArrayTerm(ast.InternedTerm(i))
	}
	return singles
}

// templateStrings makes one term for each string of the templates' names,
// namespaces and labels, for the builders of both halves of the value.
func templateStrings(templates []podTemplate) map[string]*ast.Term {
	base := make(map[string]*ast.Term, 2*len(templates))
	add := func(s string) {
		if _, ok := base[s]; !ok {
			base[s] = ast.StringTerm(s)
		}
	}
	for _, t := range templates {
		add(t.Namespace)
		add(t.Name)
		for k, v := range t.Labels {
			add(k)
			add(v)
		}
	}
	return base
}

// templateTerms are the parts of the inventory's value made from the pod
// templates alone.
type templateTerms struct {
	templates, labelIndex, names, namespaces *ast.Term
}

// templateTerms indexes the pod templates and converts them and their
// indexes; of inv it reads and writes only the templates and their
// indexes.
func (inv *inventory) templateTerms(b termBuilder) templateTerms {
	for i, t := range inv.Templates {
		for k, v := range t.Labels {
			if inv.LabelIndex[k] == nil {
				inv.LabelIndex[k] = map[string][]int{}
			}
			inv.LabelIndex[k][v] = append(inv.LabelIndex[k][v], i)
		}
	}
	inv.TemplateNames = indexTemplateNames(inv.Templates)
	inv.TemplateNamespaces = map[string]int{}
	for _, t := range inv.Templates {
		inv.TemplateNamespaces[t.Namespace]++
	}
	templates := make([]*ast.Term, len(inv.Templates))
	for i, t := range inv.Templates {
		templates[i] = ast.ObjectTerm(
			ast.Item(b.str("kind"), b.str(t.Kind)),
			ast.Item(b.str("namespace"), b.str(t.Namespace)),
			ast.Item(b.str("name"), b.str(t.Name)),
			ast.Item(b.str("labels"), b.labels(t.Labels)),
			ast.Item(b.str("ports"), b.ports(t.Ports)),
		)
	}
	return templateTerms{
		templates:  ast.ArrayTerm(templates...),
		labelIndex: b.index(inv.LabelIndex),
		names:      b.positions(inv.TemplateNames),
		namespaces: b.counts(inv.TemplateNamespaces),
	}
}

// dropUnmentioned leaves out of Objects (and of Related, for ConfigMaps and
// Secrets) the objects whose name no object mentions.
func (inv *inventory) dropUnmentioned() {
	unmentioned := func(o *namedObject) bool {
		_, ok := inv.mentioned[o.Name]
		return !ok
	}
	for kind, list := range inv.Objects {
		inv.Objects[kind] = slices.DeleteFunc(list, unmentioned)
	}
	for kind := range keyedKinds {
		if list, ok := inv.Related[kind]; ok {
			inv.Related[kind] = slices.DeleteFunc(list, func(r any) bool { return unmentioned(r.(*namedObject)) })
		}
	}
	inv.mentioned = nil
}

// compareJoined orders two objects as their "namespace/name" would sort,
// without building the joined strings.
func compareJoined(ns1, name1, ns2, name2 string) int {
	a := [3]string{ns1, "/", name1}
	b := [3]string{ns2, "/", name2}
	i, j := 0, 0   // part of a and b
	ai, bj := 0, 0 // offset in that part
	for {
		for i < 3 && ai == len(a[i]) {
			i, ai = i+1, 0
		}
		for j < 3 && bj == len(b[j]) {
			j, bj = j+1, 0
		}
		switch {
		case i == 3 && j == 3:
			return 0
		case i == 3:
			return -1
		case j == 3:
			return 1
		}
		if c := cmp.Compare(a[i][ai], b[j][bj]); c != 0 {
			return c
		}
		ai, bj = ai+1, bj+1
	}
}

// termBuilder builds Rego values sharing one term per distinct string
// and per position.
type termBuilder struct {
	// base holds terms made before the builder, which builders working at
	// the same time share and only read.
	base    sharedLeaves
	strings map[string]*ast.Term
	ints    *[]*ast.Term
	// keys shares one array term among the ConfigMaps and Secrets that
	// have the same keys.
	keys map[string]*ast.Term
	// composites shares one term among equal lists and maps below the
	// entries, by their canonical text (inventory_shared.go).
	composites map[string]*ast.Term
}

// newTermBuilder returns a builder that reads the terms of base and shares
// nothing else with any other.
func newTermBuilder(base sharedLeaves) termBuilder {
	return termBuilder{base: base, strings: map[string]*ast.Term{}, ints: new([]*ast.Term), keys: map[string]*ast.Term{}, composites: map[string]*ast.Term{}}
}

// named converts a named object: {namespace, name} and, for a ConfigMap or
// Secret, keys.
func (b termBuilder) named(o *namedObject) *ast.Term {
	if o.Keys == nil {
		return ast.ObjectTerm(ast.Item(b.str("namespace"), b.str(o.Namespace)), ast.Item(b.str("name"), b.str(o.Name)))
	}
	joined := strings.Join(o.Keys, "\x00")
	keys, ok := b.keys[joined]
	if !ok {
		items := make([]*ast.Term, len(o.Keys))
		for i, k := range o.Keys {
			items[i] = b.str(k)
		}
		keys = ast.ArrayTerm(items...)
		b.keys[joined] = keys
	}
	return ast.ObjectTerm(ast.Item(b.str("namespace"), b.str(o.Namespace)), ast.Item(b.str("name"), b.str(o.Name)), ast.Item(b.str("keys"), keys))
}

func (b termBuilder) int(i int) *ast.Term {
	for len(*b.ints) <= i {
		*b.ints = append(*b.ints, ast.InternedTerm(len(*b.ints)))
	}
	return (*b.ints)[i]
}

func (b termBuilder) str(s string) *ast.Term {
	if t, ok := b.base.strings[s]; ok {
		return t
	}
	t, ok := b.strings[s]
	if !ok {
		t = ast.StringTerm(s)
		b.strings[s] = t
	}
	return t
}

// relatedNamespaces converts {kind: {namespace: count}}.
func (b termBuilder) relatedNamespaces(m map[string]map[string]int) *ast.Term {
	obj := ast.NewObjectWithCapacity(len(m))
	for kind, counts := range m {
		obj.Insert(b.str(kind), b.counts(counts))
	}
	return ast.NewTerm(obj)
}

// counts converts {key: count}.
func (b termBuilder) counts(m map[string]int) *ast.Term {
	obj := ast.NewObjectWithCapacity(len(m))
	for k, n := range m {
		obj.Insert(b.str(k), ast.InternedTerm(n))
	}
	return ast.NewTerm(obj)
}

// index converts {outer: {inner: [positions]}}.
func (b termBuilder) index(idx map[string]map[string][]int) *ast.Term {
	outer := ast.NewObjectWithCapacity(len(idx))
	for k, m := range idx {
		outer.Insert(b.str(k), b.positions(m))
	}
	return ast.NewTerm(outer)
}

// positions converts {key: [positions]}.
func (b termBuilder) positions(m map[string][]int) *ast.Term {
	obj := ast.NewObjectWithCapacity(len(m))
	for k, positions := range m {
		obj.Insert(b.str(k), b.positionList(positions))
	}
	return ast.NewTerm(obj)
}

// positionList converts a list of positions, shared with every equal list
// of every index: most lists of a large input are one position (a label
// value, a Service name of one object), and the template or Service at
// position i is listed under each of its labels or names.
func (b termBuilder) positionList(positions []int) *ast.Term {
	if len(positions) == 1 && positions[0] < len(b.base.singles) {
		return b.base.singles[positions[0]]
	}
	text := make([]byte, 0, 2+4*len(positions))
	text = append(text, 'p')
	for _, p := range positions {
		text = strconv.AppendInt(text, int64(p), 10)
		text = append(text, ',')
	}
	return b.shared(text, func() *ast.Term {
		items := make([]*ast.Term, len(positions))
		for i, p := range positions {
			items[i] = b.int(p)
		}
		return ast.ArrayTerm(items...)
	})
}

// templateOf reads the labels and declared ports of an object's pods. A
// workload whose template has no spec (the API server rejects it, and
// selector-mismatch or invalid-manifest say why) still counts, without
// ports: a Service or an autoscaler naming it is not dangling.
func templateOf(o *manifest.Object) (podTemplate, bool) {
	if _, known := workloads.Lookup(o.APIVersion, o.Kind); !known {
		return podTemplate{}, false
	}
	t := podTemplate{Kind: o.Kind, Namespace: o.Namespace, Name: o.Name, Labels: manifest.PodTemplateLabels(o), Ports: []templatePort{}}
	ps, ok := manifest.PodSpecOf(o)
	if !ok {
		return t, true
	}
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
