package manifest

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"

	sigsjson "sigs.k8s.io/json"
)

// SchemaError is an object that does not decode into the Go type of its
// apiVersion and kind, such as `replicas: "1"`: the API server refuses it.
// Path is the field the decoder refuses, for Object.Position; "" when the
// object as a whole is refused.
type SchemaError struct {
	Path string
	err  error
}

func (e *SchemaError) Error() string { return e.err.Error() }

// Unwrap returns the decoder's error.
func (e *SchemaError) Unwrap() error { return e.err }

// locateDecodeFailure returns the path, below path, of the innermost value
// of data that does not decode into t, data being a value that does not.
// The decoder's own error names the field without list indexes
// (spec.template.spec.containers.image), so which container is wrong is
// found by asking the same decoder about each part, keys in the order
// json.Marshal writes them, down to the smallest part it refuses. It runs
// only on objects the decoder refuses, so its cost does not matter.
func locateDecodeFailure(t reflect.Type, data any, path string) string {
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if reflect.PointerTo(base).Implements(jsonUnmarshalerType) || reflect.PointerTo(base).Implements(textUnmarshalerType) {
		return path
	}
	switch base.Kind() {
	case reflect.Struct:
		m, ok := data.(map[string]any)
		if !ok {
			return path
		}
		fields := typeFields(base)
		for _, key := range slices.Sorted(maps.Keys(m)) {
			f, ok := fields[key]
			if ok && !decodes(f.typ, m[key]) {
				return locateDecodeFailure(f.typ, m[key], JoinPath(path, key))
			}
		}
	case reflect.Map:
		m, ok := data.(map[string]any)
		if !ok {
			return path
		}
		for _, key := range slices.Sorted(maps.Keys(m)) {
			if !decodes(base.Elem(), m[key]) {
				return locateDecodeFailure(base.Elem(), m[key], JoinPath(path, key))
			}
		}
	case reflect.Slice, reflect.Array:
		items, ok := data.([]any)
		if !ok {
			return path
		}
		for i, item := range items {
			if !decodes(base.Elem(), item) {
				return locateDecodeFailure(base.Elem(), item, IndexPath(path, i))
			}
		}
	}
	return path
}

// decodes reports whether the strict decoder reads v into a value of type
// t without a fatal error (unknown fields are not fatal).
func decodes(t reflect.Type, v any) bool {
	raw, err := json.Marshal(v)
	if err != nil {
		return false
	}
	_, err = sigsjson.UnmarshalStrict(raw, reflect.New(t).Interface(), sigsjson.DisallowUnknownFields)
	return err == nil
}
