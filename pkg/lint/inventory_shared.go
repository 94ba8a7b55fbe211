package lint

import (
	"slices"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"
)

// The inventory's Rego value is held from the end of the first reading to
// the end of the run, and an OPA object costs some 350 bytes however
// small it is. Most of what the inventory holds of an object besides its
// name repeats from object to object: the ports of a template
// ([{name: http, containerPort: 8080}]), the ports and type of a Service,
// the rules of a Role. termBuilder therefore builds one term for each
// distinct list or map below the entries, found by its canonical text, and
// shares it; terms are never changed once built, so sharing them is as
// good as copying them. On bench/gen's applications it halves the
// inventory (TestInventoryMemoryPerWorkload).

// sharedValue converts decoded YAML data as termBuilder.value does and
// appends the canonical text of the value to *text: one text for each
// value, whatever the order of a map's keys. A value's text is built in
// the buffer of the entry it belongs to, after its parent's opening, so
// that no text is allocated but the ones the builder keeps.
func (b termBuilder) sharedValue(v any, text *[]byte) (*ast.Term, error) {
	switch x := v.(type) {
	case string:
		*text = appendStringKey(*text, x)
		return b.str(x), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		items := make([][2]*ast.Term, len(keys))
		start := len(*text)
		*text = append(*text, '{')
		for i, k := range keys {
			*text = appendStringKey(*text, k)
			t, err := b.sharedValue(x[k], text)
			if err != nil {
				return nil, err
			}
			items[i] = [2]*ast.Term{b.str(k), t}
		}
		*text = append(*text, '}')
		return b.shared((*text)[start:], func() *ast.Term { return ast.ObjectTerm(items...) }), nil
	case []any:
		items := make([]*ast.Term, len(x))
		start := len(*text)
		*text = append(*text, '[')
		for i, child := range x {
			t, err := b.sharedValue(child, text)
			if err != nil {
				return nil, err
			}
			items[i] = t
		}
		*text = append(*text, ']')
		return b.shared((*text)[start:], func() *ast.Term { return ast.ArrayTerm(items...) }), nil
	}
	val, err := ast.InterfaceToValue(v)
	if err != nil {
		return nil, err
	}
	// Numbers, booleans and null: their Rego text tells them apart, and
	// from strings, whose text starts with s; it ends with ";" so that two
	// numbers in a list ([1, 23]) never read as two others ([12, 3]).
	*text = append(*text, 'v')
	*text = append(*text, val.String()...)
	*text = append(*text, ';')
	return ast.NewTerm(val), nil
}

// entry converts the top of an entry of the inventory (a related object),
// which names its object and so is never shared, with shared values.
func (b termBuilder) entry(r any) (*ast.Term, error) {
	text := make([]byte, 0, 256)
	data, ok := r.(map[string]any)
	if !ok {
		return b.sharedValue(r, &text)
	}
	obj := ast.NewObjectWithCapacity(len(data))
	for k, v := range data {
		t, err := b.sharedValue(v, &text)
		if err != nil {
			return nil, err
		}
		obj.Insert(b.str(k), t)
		text = text[:0]
	}
	return ast.NewTerm(obj), nil
}

// labels converts a label map, shared with every template of the same
// labels.
func (b termBuilder) labels(labels map[string]string) *ast.Term {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	text := make([]byte, 0, 128)
	text = append(text, '{')
	for _, k := range keys {
		text = appendStringKey(text, k)
		text = appendStringKey(text, labels[k])
	}
	text = append(text, '}')
	return b.shared(text, func() *ast.Term {
		obj := ast.NewObjectWithCapacity(len(labels))
		for _, k := range keys {
			obj.Insert(b.str(k), b.str(labels[k]))
		}
		return ast.NewTerm(obj)
	})
}

// ports converts the declared ports of a template, shared with every
// template that declares the same.
func (b termBuilder) ports(ports []templatePort) *ast.Term {
	text := make([]byte, 0, 64)
	text = append(text, '[')
	for _, p := range ports {
		text = appendStringKey(text, p.Name)
		text = strconv.AppendInt(text, p.ContainerPort, 10)
	}
	text = append(text, ']')
	return b.shared(text, func() *ast.Term {
		items := make([]*ast.Term, len(ports))
		for j, p := range ports {
			port := ast.NewObjectWithCapacity(2)
			if p.Name != "" {
				port.Insert(b.str("name"), b.str(p.Name))
			}
			port.Insert(b.str("containerPort"), ast.InternedTerm(p.ContainerPort))
			items[j] = ast.NewTerm(port)
		}
		return ast.ArrayTerm(items...)
	})
}

// shared returns the builder's term of canonical text, built the first
// time by build. Canonical texts start with s (a string), v (another
// scalar), { (a map), [ (a list) or p (a list of positions,
// positionList), so texts of different kinds never meet. Only a text seen
// for the first time is copied into a string.
func (b termBuilder) shared(text []byte, build func() *ast.Term) *ast.Term {
	if t, ok := b.composites[string(text)]; ok {
		return t
	}
	t := build()
	b.composites[string(text)] = t
	return t
}

// appendStringKey appends the canonical text of a string: its length says
// where it ends, so no string can be read as two.
func appendStringKey(text []byte, s string) []byte {
	text = append(text, 's')
	text = strconv.AppendInt(text, int64(len(s)), 10)
	text = append(text, ':')
	return append(text, s...)
}
