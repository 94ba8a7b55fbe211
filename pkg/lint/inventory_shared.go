package lint

import (
	"slices"
	"strconv"
	"strings"

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

// sharedValue converts decoded YAML data as termBuilder.value does,
// returning the canonical text of the value as well: one text for each
// value, whatever the order of a map's keys.
func (b termBuilder) sharedValue(v any) (*ast.Term, string, error) {
	switch x := v.(type) {
	case string:
		return b.str(x), stringKey(x), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		items := make([][2]*ast.Term, len(keys))
		var text strings.Builder
		text.WriteByte('{')
		for i, k := range keys {
			t, childText, err := b.sharedValue(x[k])
			if err != nil {
				return nil, "", err
			}
			items[i] = [2]*ast.Term{b.str(k), t}
			text.WriteString(stringKey(k))
			text.WriteString(childText)
		}
		text.WriteByte('}')
		return b.shared(text.String(), func() *ast.Term { return ast.ObjectTerm(items...) }), text.String(), nil
	case []any:
		items := make([]*ast.Term, len(x))
		var text strings.Builder
		text.WriteByte('[')
		for i, child := range x {
			t, childText, err := b.sharedValue(child)
			if err != nil {
				return nil, "", err
			}
			items[i] = t
			text.WriteString(childText)
		}
		text.WriteByte(']')
		return b.shared(text.String(), func() *ast.Term { return ast.ArrayTerm(items...) }), text.String(), nil
	}
	val, err := ast.InterfaceToValue(v)
	if err != nil {
		return nil, "", err
	}
	// Numbers, booleans and null: their Rego text tells them apart, and
	// from strings, whose text starts with s; it ends with ";" so that two
	// numbers in a list ([1, 23]) never read as two others ([12, 3]).
	return ast.NewTerm(val), "v" + val.String() + ";", nil
}

// entry converts the top of an entry of the inventory (a related object),
// which names its object and so is never shared, with shared values.
func (b termBuilder) entry(r any) (*ast.Term, error) {
	data, ok := r.(map[string]any)
	if !ok {
		t, _, err := b.sharedValue(r)
		return t, err
	}
	obj := ast.NewObjectWithCapacity(len(data))
	for k, v := range data {
		t, _, err := b.sharedValue(v)
		if err != nil {
			return nil, err
		}
		obj.Insert(b.str(k), t)
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
	var text strings.Builder
	text.WriteByte('{')
	for _, k := range keys {
		text.WriteString(stringKey(k))
		text.WriteString(stringKey(labels[k]))
	}
	text.WriteByte('}')
	return b.shared(text.String(), func() *ast.Term {
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
	var text strings.Builder
	text.WriteByte('[')
	for _, p := range ports {
		text.WriteString(stringKey(p.Name))
		text.WriteString(strconv.FormatInt(p.ContainerPort, 10))
	}
	text.WriteByte(']')
	return b.shared(text.String(), func() *ast.Term {
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
// positionList), so texts of different kinds never meet.
func (b termBuilder) shared(text string, build func() *ast.Term) *ast.Term {
	if t, ok := b.composites[text]; ok {
		return t
	}
	t := build()
	b.composites[text] = t
	return t
}

// stringKey is the canonical text of a string: its length says where it
// ends, so no string can be read as two.
func stringKey(s string) string {
	return "s" + strconv.Itoa(len(s)) + ":" + s
}
