package manifest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/scheme"
	sigsjson "sigs.k8s.io/json"

	"github.com/poddoctor/poddoctor/internal/didyoumean"
	"github.com/poddoctor/poddoctor/internal/jsonfields"
)

// UnknownField is a field the Kubernetes API types do not know. The API
// server drops such a field silently (or rejects it under strict field
// validation), so a typo in a manifest has no effect.
type UnknownField struct {
	// Path is the field path, which Object.Position resolves:
	// spec.template.spec.containers[0].imagePullPolcy.
	Path string
	// Field is the unknown key itself: imagePullPolcy.
	Field string
	// Suggestion is the known field of the same object closest to Field,
	// "" when none is close: imagePullPolicy.
	Suggestion string
}

// UnknownFields decodes the object strictly into the Go type that client-go
// registers for its apiVersion and kind, and reports the fields that type
// does not have. Kinds client-go does not know (custom resources, removed
// API versions) give nil and no error. The error is for an object that does
// not decode into its type at all, such as replicas: "3"; it names the field.
func UnknownFields(o *Object) ([]UnknownField, error) {
	t, err := goTypeOf(o.APIVersion, o.Kind)
	if err != nil {
		if runtime.IsNotRegisteredError(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("check fields of %s: %w", o.Ref(), err)
	}
	if paths, ok := walkStrict(t, o.Data); ok {
		return unknownFieldsAt(t, o.Data, paths), nil
	}
	return unknownFieldsByDecoder(o, t)
}

// unknownFieldsByDecoder is UnknownFields by the strict decoder itself.
func unknownFieldsByDecoder(o *Object, t reflect.Type) ([]UnknownField, error) {
	typed := reflect.New(t.Elem()).Interface()
	raw, err := json.Marshal(o.Data)
	if err != nil {
		return nil, fmt.Errorf("check fields of %s: %w", o.Ref(), err)
	}
	strictErrs, err := sigsjson.UnmarshalStrict(raw, typed, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, &SchemaError{
			Path: locateDecodeFailure(t, o.Data, ""),
			err:  fmt.Errorf("%s does not match the schema of %s %s: %w", o.Ref(), o.APIVersion, o.Kind, err),
		}
	}
	var paths []string
	for _, e := range strictErrs {
		if fe, ok := e.(sigsjson.FieldError); ok {
			paths = append(paths, fe.FieldPath())
		}
	}
	return unknownFieldsAt(t, o.Data, paths), nil
}

// unknownFieldsAt turns the paths of the strict decoder into UnknownFields.
func unknownFieldsAt(t reflect.Type, data map[string]any, paths []string) []UnknownField {
	var out []UnknownField
	for _, path := range paths {
		u, ok := unknownField(t, data, path, "")
		if !ok {
			// The path could not be followed through the type; report it
			// as the decoder wrote it.
			u = UnknownField{Path: path, Field: path[strings.LastIndexByte(path, '.')+1:]}
		}
		out = append(out, u)
	}
	return out
}

// goTypes caches the Go type client-go registers for each apiVersion and
// kind (a pointer to a struct), or the error saying it registers none.
var goTypes sync.Map // schema.GroupVersionKind -> goType

type goType struct {
	t   reflect.Type
	err error
}

func goTypeOf(apiVersion, kind string) (reflect.Type, error) {
	gvk := schema.FromAPIVersionAndKind(apiVersion, kind)
	if v, ok := goTypes.Load(gvk); ok {
		g := v.(goType)
		return g.t, g.err
	}
	var g goType
	typed, err := scheme.Scheme.New(gvk)
	if err != nil {
		g.err = err
	} else {
		g.t = reflect.TypeOf(typed)
	}
	goTypes.Store(gvk, g)
	return g.t, g.err
}

// unknownField follows a path of the strict JSON decoder (keys joined by
// dots, indexes in brackets, the unknown key last) through the Go type t
// and the data it was decoded from. Following the data tells apart a map key
// that contains dots from the dots between keys. built is the path so far,
// in the syntax Position understands.
func unknownField(t reflect.Type, data any, rest, built string) (UnknownField, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := jsonFieldsOf(t)
		m, _ := data.(map[string]any)
		key := rest
		if end := strings.IndexAny(rest, ".["); end >= 0 {
			key = rest[:end]
		}
		_, literal := m[rest] // the unknown key itself contains a dot
		if ft, known := fields.types[key]; known && key != rest && !literal {
			if u, ok := unknownField(ft, m[key], strings.TrimPrefix(rest[len(key):], "."), JoinPath(built, key)); ok {
				return u, true
			}
		}
		return UnknownField{Path: JoinPath(built, rest), Field: rest, Suggestion: suggestField(rest, fields.names)}, true
	case reflect.Slice, reflect.Array:
		end := strings.IndexByte(rest, ']')
		if !strings.HasPrefix(rest, "[") || end < 0 {
			return UnknownField{}, false
		}
		i, err := strconv.Atoi(rest[1:end])
		items, _ := data.([]any)
		if err != nil || i < 0 || i >= len(items) {
			return UnknownField{}, false
		}
		return unknownField(t.Elem(), items[i], strings.TrimPrefix(rest[end+1:], "."), IndexPath(built, i))
	case reflect.Map:
		m, _ := data.(map[string]any)
		key := ""
		for k := range m {
			if len(k) > len(key) && len(rest) > len(k) && strings.HasPrefix(rest, k) && (rest[len(k)] == '.' || rest[len(k)] == '[') {
				key = k
			}
		}
		if key == "" {
			return UnknownField{}, false
		}
		return unknownField(t.Elem(), m[key], strings.TrimPrefix(rest[len(key):], "."), JoinPath(built, key))
	}
	return UnknownField{}, false
}

// jsonFields are the JSON field names of a struct type, embedded structs
// included, as encoding/json sees them.
type jsonFields struct {
	types map[string]reflect.Type
	names []string // sorted, for deterministic suggestions
}

var jsonFieldsCache sync.Map // reflect.Type -> *jsonFields

func jsonFieldsOf(t reflect.Type) *jsonFields {
	if f, ok := jsonFieldsCache.Load(t); ok {
		return f.(*jsonFields)
	}
	f := &jsonFields{types: make(map[string]reflect.Type)}
	collectJSONFields(t, f.types)
	for name := range f.types {
		f.names = append(f.names, name)
	}
	sort.Strings(f.names)
	jsonFieldsCache.Store(t, f)
	return f
}

// collectJSONFields adds the JSON members of a struct type and their
// types (internal/jsonfields).
func collectJSONFields(t reflect.Type, into map[string]reflect.Type) {
	for _, f := range jsonfields.Of(t).Fields {
		into[f.Name] = f.Type
	}
}

// suggestField returns the known name closest to an unknown field, or ""
// when none is close enough to be the intended one (internal/didyoumean).
func suggestField(field string, known []string) string {
	return didyoumean.Nearest(field, known)
}
