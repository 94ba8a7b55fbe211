package manifest

import (
	"strconv"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// Object is one Kubernetes object read from a file.
type Object struct {
	// File is the path as given to Parse; "-" is shown as "<stdin>".
	File string
	// Index counts the documents of the file that hold something, from 0;
	// empty and comment-only documents are not counted. The items of a List
	// have the index of the item within the List.
	Index int
	// APIVersion, Kind, Namespace and Name identify the object. Name is
	// metadata.generateName when metadata.name is absent.
	APIVersion, Kind, Namespace, Name string
	// Data is the object as JSON-compatible values: map[string]any, []any,
	// string, int64, float64, bool and nil. Timestamps stay strings.
	Data map[string]any

	node       *node // the object's mapping, for positions
	lineOffset int   // add to node lines to get file lines
}

// Ref returns the reference findings use for this object.
func (o *Object) Ref() finding.ObjectRef {
	return finding.ObjectRef{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name}
}

// Location is where the object starts: the position of its first key.
func (o *Object) Location() finding.Location {
	n := o.node
	if len(n.Content) > 0 {
		n = n.Content[0]
	}
	return o.at(n)
}

// at is the file position of a node of this object.
func (o *Object) at(n *node) finding.Location {
	return finding.Location{File: o.File, Line: int(n.Line) + o.lineOffset, Column: int(n.Column)}
}

// Annotations returns metadata.annotations. Values that are not strings,
// which the API server would reject, are given as their YAML text
// (true, 1) so that a suppression written without quotes still counts.
func (o *Object) Annotations() map[string]string {
	return stringMap(Lookup(o.Data, "metadata", "annotations"))
}

// Lookup follows keys through nested maps (decoded manifest data); nil
// when a step is missing or not a map.
func Lookup(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// stringMap converts a map of scalars to a map of strings; nil when v is
// not a map.
func stringMap(v any) map[string]string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = scalarText(v)
	}
	return out
}

// scalarText renders a decoded scalar as text; "" for nil and collections.
func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return ""
}
