package policy

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/textutil"
)

// Value is a policy input converted once for many evaluations.
type Value = ast.Value

// ToValue converts a JSON-compatible Go value into a Rego value once, so
// the engine does not copy it on every evaluation. The value is exactly
// what its JSON form would give.
//
// ast.InterfaceToValue converts a struct through a JSON round trip
// (marshal, then unmarshal into maps), which for a diagnosis facts
// document costs more than 150 µs, a third of its evaluation. ToValue
// walks plain structs, maps, slices and scalars directly, with
// encoding/json's rules (json tags, omitempty, nil slices and maps as
// null, []byte as base64), and leaves anything else (types with their own
// MarshalJSON or MarshalText, embedded structs, `,string` fields,
// non-string map keys, invalid UTF-8) to the round trip.
func ToValue(x any) (ast.Value, error) {
	switch x.(type) {
	case map[string]any, []any, ast.Value:
		// Decoded documents: InterfaceToValue walks them without a round
		// trip already.
	default:
		if v, ok := directValue(reflect.ValueOf(x)); ok {
			return v, nil
		}
	}
	v, err := ast.InterfaceToValue(x)
	if err != nil {
		return nil, fmt.Errorf("convert policy input: %w", err)
	}
	return v, nil
}

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// directValue converts v as encoding/json would encode it, and false when
// it meets something it leaves to the round trip.
func directValue(v reflect.Value) (ast.Value, bool) {
	if !v.IsValid() {
		return ast.NullValue, true
	}
	t := v.Type()
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && marshalsItself(t) {
		return nil, false
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.NullValue, true
		}
		if t.Kind() == reflect.Pointer && marshalsItself(t) {
			return nil, false
		}
		return directValue(v.Elem())
	case reflect.Bool:
		return ast.Boolean(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.InternedTerm(int(v.Int())).Value, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ast.Number(strconv.FormatUint(v.Uint(), 10)), true
	case reflect.Float32, reflect.Float64:
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return nil, false
		}
		return ast.Number(b), true
	case reflect.String:
		s := v.String()
		if !utf8.ValidString(s) {
			return nil, false
		}
		return ast.String(s), true
	case reflect.Slice:
		if v.IsNil() {
			return ast.NullValue, true
		}
		if t.Elem().Kind() == reflect.Uint8 && !marshalsItself(t.Elem()) && !marshalsItself(reflect.PointerTo(t.Elem())) {
			return ast.String(base64.StdEncoding.EncodeToString(v.Bytes())), true
		}
		return directArray(v)
	case reflect.Array:
		return directArray(v)
	case reflect.Map:
		if v.IsNil() {
			return ast.NullValue, true
		}
		if t.Key().Kind() != reflect.String || marshalsItself(t.Key()) || marshalsItself(reflect.PointerTo(t.Key())) {
			return nil, false
		}
		obj := ast.NewObjectWithCapacity(v.Len())
		for it := v.MapRange(); it.Next(); {
			k := it.Key().String()
			if !utf8.ValidString(k) {
				return nil, false
			}
			x, ok := directValue(it.Value())
			if !ok {
				return nil, false
			}
			obj.Insert(ast.StringTerm(k), ast.NewTerm(x))
		}
		return obj, true
	case reflect.Struct:
		fields := encoderFieldsOf(t)
		if fields == nil {
			return nil, false
		}
		obj := ast.NewObjectWithCapacity(len(fields))
		for _, f := range fields {
			fv := v.Field(f.index)
			if f.omitEmpty && isEmptyValue(fv) {
				continue
			}
			x, ok := directValue(fv)
			if !ok {
				return nil, false
			}
			obj.Insert(f.name, ast.NewTerm(x))
		}
		return obj, true
	}
	return nil, false
}

func directArray(v reflect.Value) (ast.Value, bool) {
	terms := make([]*ast.Term, v.Len())
	for i := range terms {
		x, ok := directValue(v.Index(i))
		if !ok {
			return nil, false
		}
		terms[i] = ast.NewTerm(x)
	}
	return ast.NewArray(terms...), true
}

var marshalsItselfCache sync.Map // reflect.Type -> bool

// marshalsItself reports whether encoding/json would hand values of t to
// their own MarshalJSON or MarshalText.
func marshalsItself(t reflect.Type) bool {
	if v, ok := marshalsItselfCache.Load(t); ok {
		return v.(bool)
	}
	m := t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType) ||
		t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType))
	marshalsItselfCache.Store(t, m)
	return m
}

// isEmptyValue is encoding/json's test for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// encoderField is a struct field as encoding/json encodes it.
type encoderField struct {
	index     int
	name      *ast.Term
	omitEmpty bool
}

var encoderFieldsCache sync.Map // reflect.Type -> []encoderField (nil: left to the round trip)

// encoderFieldsOf returns the fields encoding/json writes for a struct
// without embedded fields, in order; nil for a struct this conversion
// leaves to the round trip.
func encoderFieldsOf(t reflect.Type) []encoderField {
	if f, ok := encoderFieldsCache.Load(t); ok {
		return f.([]encoderField)
	}
	fields := []encoderField{}
	seen := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous {
			fields = nil
			break
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		options := strings.Split(opts, ",")
		if !textutil.ValidJSONTagName(name) {
			name = sf.Name
		}
		if seen[name] || containsOption(options, "string") || containsOption(options, "omitzero") {
			fields = nil
			break
		}
		seen[name] = true
		fields = append(fields, encoderField{index: i, name: ast.StringTerm(name), omitEmpty: containsOption(options, "omitempty")})
	}
	encoderFieldsCache.Store(t, fields)
	return fields
}

func containsOption(options []string, o string) bool {
	for _, x := range options {
		if x == o {
			return true
		}
	}
	return false
}
