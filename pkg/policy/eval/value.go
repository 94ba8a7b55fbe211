package eval

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/jsonfields"
)

// Value is a policy input converted once for many evaluations.
type Value = ast.Value

// ToValue converts a JSON-compatible Go value into a Rego value once, so
// the engine does not copy it on every evaluation. The value is exactly
// what its JSON form would give.
//
// A decoded document (map[string]any, []any and the scalars
// pkg/manifest produces) is converted by documentTerm, which gives what
// ast.InterfaceToValue gives with fewer allocations.
//
// ast.InterfaceToValue converts a struct through a JSON round trip
// (marshal, then unmarshal into maps), which for a diagnosis facts
// document costs more than 150 µs, a third of its evaluation. ToValue
// walks plain structs, maps, slices and scalars directly, with a
// converter built once per type (as encoding/json caches its encoders)
// and encoding/json's rules (json tags, omitempty, nil slices and maps as
// null, []byte as base64), and leaves anything else (types with their own
// MarshalJSON or MarshalText, json.Number, `,string` and `,omitzero`
// fields, non-string map keys, invalid UTF-8, NaN and infinities) to the
// round trip.
func ToValue(x any) (ast.Value, error) {
	switch x := x.(type) {
	case ast.Value:
		return x, nil
	case map[string]any, []any:
		if t, ok := documentTerm(x); ok {
			return t.Value, nil
		}
	default:
		if t, ok := directTerm(reflect.ValueOf(x)); ok {
			return t.Value, nil
		}
	}
	v, err := ast.InterfaceToValue(x)
	if err != nil {
		return nil, fmt.Errorf("convert policy input: %w", err)
	}
	return v, nil
}

// directValue converts v as encoding/json would encode it, and false when
// it meets something it leaves to the round trip.
func directValue(v reflect.Value) (ast.Value, bool) {
	t, ok := directTerm(v)
	if !ok {
		return nil, false
	}
	return t.Value, true
}

func directTerm(v reflect.Value) (*ast.Term, bool) {
	if !v.IsValid() {
		return ast.InternedNullTerm, true
	}
	c := docConverters.Get().(*docConverter)
	t, ok := converterFor(v.Type())(c, v)
	c.release()
	docConverters.Put(c)
	return t, ok
}

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	jsonNumberType    = reflect.TypeFor[json.Number]()
)

// converter converts a value of one type as encoding/json would encode
// it, and false when it meets something left to the round trip.
type converter func(c *docConverter, v reflect.Value) (*ast.Term, bool)

var (
	convertersMu sync.Mutex
	converters   sync.Map // reflect.Type -> converter
)

// converterFor returns the converter of t, building it (and those of the
// types it holds) on first use.
func converterFor(t reflect.Type) converter {
	if c, ok := converters.Load(t); ok {
		return c.(converter)
	}
	convertersMu.Lock()
	defer convertersMu.Unlock()
	if c, ok := converters.Load(t); ok {
		return c.(converter)
	}
	b := &converterBuilder{building: map[reflect.Type]*converter{}}
	c := b.build(t)
	for t, c := range b.built {
		converters.Store(t, c)
	}
	return c
}

// converterBuilder builds the converters of a type and the types it
// holds; building maps a type being built to where its converter will
// be, for recursive types.
type converterBuilder struct {
	building map[reflect.Type]*converter
	built    map[reflect.Type]converter
}

func (b *converterBuilder) build(t reflect.Type) converter {
	if c, ok := converters.Load(t); ok {
		return c.(converter)
	}
	if c, ok := b.built[t]; ok {
		return c
	}
	if p, ok := b.building[t]; ok {
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) { return (*p)(c, v) }
	}
	p := new(converter)
	b.building[t] = p
	*p = b.make(t)
	delete(b.building, t)
	if b.built == nil {
		b.built = map[reflect.Type]converter{}
	}
	b.built[t] = *p
	return *p
}

func roundTrip(*docConverter, reflect.Value) (*ast.Term, bool) { return nil, false }

func (b *converterBuilder) make(t reflect.Type) converter {
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && marshalsItself(t) || t == jsonNumberType {
		return roundTrip
	}
	switch t.Kind() {
	case reflect.Pointer:
		if marshalsItself(t) {
			return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
				if v.IsNil() {
					return ast.InternedNullTerm, true
				}
				return nil, false
			}
		}
		elem := b.build(t.Elem())
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
			if v.IsNil() {
				return ast.InternedNullTerm, true
			}
			return elem(c, v.Elem())
		}
	case reflect.Interface:
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
			if v.IsNil() {
				return ast.InternedNullTerm, true
			}
			e := v.Elem()
			return converterFor(e.Type())(c, e)
		}
	case reflect.Bool:
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) { return ast.InternedTerm(v.Bool()), true }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) { return c.int(v.Int()), true }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
			u := v.Uint()
			if u <= math.MaxInt64 {
				return c.int(int64(u)), true
			}
			return c.term(ast.Number(strconv.FormatUint(u, 10))), true
		}
	case reflect.Float32, reflect.Float64:
		bits := t.Bits()
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
			n, ok := jsonFloat(v.Float(), bits)
			if !ok {
				return nil, false
			}
			return c.term(n), true
		}
	case reflect.String:
		return stringTerm
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !marshalsItself(t.Elem()) && !marshalsItself(reflect.PointerTo(t.Elem())) {
			return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
				if v.IsNil() {
					return ast.InternedNullTerm, true
				}
				return c.term(ast.String(base64.StdEncoding.EncodeToString(v.Bytes()))), true
			}
		}
		elem := b.build(t.Elem())
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
			if v.IsNil() {
				return ast.InternedNullTerm, true
			}
			return arrayTerm(c, v, elem)
		}
	case reflect.Array:
		elem := b.build(t.Elem())
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) { return arrayTerm(c, v, elem) }
	case reflect.Map:
		if t.Key().Kind() != reflect.String || marshalsItself(t.Key()) || marshalsItself(reflect.PointerTo(t.Key())) {
			return roundTrip
		}
		elem := b.build(t.Elem())
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
			if v.IsNil() {
				return ast.InternedNullTerm, true
			}
			base := len(c.kvs)
			for it := v.MapRange(); it.Next(); {
				k, ok := stringTerm(c, it.Key())
				if !ok {
					return nil, false
				}
				x, ok := elem(c, it.Value())
				if !ok {
					return nil, false
				}
				c.kvs = append(c.kvs, [2]*ast.Term{k, x})
			}
			return c.object(base), true
		}
	case reflect.Struct:
		fields := encoderFieldsOf(t)
		if fields == nil {
			return roundTrip
		}
		type structField struct {
			name      *ast.Term
			index     int   // in the struct, when path is nil
			path      []int // through embedded structs
			omitEmpty bool
			conv      converter
		}
		sfs := make([]structField, len(fields))
		for i, f := range fields {
			sfs[i] = structField{name: ast.InternedTerm(f.name), index: f.index[0], omitEmpty: f.omitEmpty}
			if len(f.index) > 1 {
				sfs[i].path = f.index
			}
		}
		// The converters last: building them may come back to t.
		for i, f := range fields {
			sfs[i].conv = b.build(fieldType(t, f.index))
		}
		return func(c *docConverter, v reflect.Value) (*ast.Term, bool) {
			base := len(c.kvs)
		fieldLoop:
			for i := range sfs {
				f := &sfs[i]
				var fv reflect.Value
				if f.path == nil {
					fv = v.Field(f.index)
				} else {
					fv = v
					for _, j := range f.path {
						if fv.Kind() == reflect.Pointer {
							if fv.IsNil() {
								continue fieldLoop
							}
							fv = fv.Elem()
						}
						fv = fv.Field(j)
					}
				}
				if f.omitEmpty && isEmptyValue(fv) {
					continue
				}
				x, ok := f.conv(c, fv)
				if !ok {
					return nil, false
				}
				c.kvs = append(c.kvs, [2]*ast.Term{f.name, x})
			}
			return c.object(base), true
		}
	}
	return roundTrip
}

// stringTerm converts a string; invalid UTF-8, which encoding/json
// replaces, is left to the round trip.
func stringTerm(c *docConverter, v reflect.Value) (*ast.Term, bool) {
	s := v.String()
	if !utf8.ValidString(s) {
		return nil, false
	}
	return c.str(s), true
}

func arrayTerm(c *docConverter, v reflect.Value, elem converter) (*ast.Term, bool) {
	terms := c.slots(v.Len())
	for i := range terms {
		x, ok := elem(c, v.Index(i))
		if !ok {
			return nil, false
		}
		terms[i] = x
	}
	return c.term(ast.NewArray(terms...)), true
}

// jsonFloat formats f as encoding/json does (its floatEncoder); false for
// NaN and infinities, which it cannot encode.
func jsonFloat(f float64, bits int) (ast.Number, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "", false
	}
	var buf [32]byte
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b := strconv.AppendFloat(buf[:0], f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return ast.Number(b), true
}

// marshalsItself reports whether encoding/json would hand values of t to
// their own MarshalJSON or MarshalText. Only called while building
// converters.
func marshalsItself(t reflect.Type) bool {
	return t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType) ||
		t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType))
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
	name      string
	tagged    bool
	index     []int // field indexes from the outer struct, through embedded ones
	omitEmpty bool
	omitZero  bool
	quoted    bool
}

// encoderFieldsOf returns the fields encoding/json writes for a struct,
// in its order, by its rules for embedded structs and conflicting names
// (internal/jsonfields); nil for a struct this conversion leaves to the
// round trip (a field with `,string` or `,omitzero`).
func encoderFieldsOf(t reflect.Type) []encoderField {
	members := jsonfields.Of(t).Fields
	fields := make([]encoderField, 0, len(members))
	for _, f := range members {
		if f.Quoted || f.OmitZero {
			return nil
		}
		fields = append(fields, encoderField{name: f.Name, tagged: f.Tagged, index: f.Index, omitEmpty: f.OmitEmpty, omitZero: f.OmitZero, quoted: f.Quoted})
	}
	return fields
}

// fieldType is the type of the field at index in t.
func fieldType(t reflect.Type, index []int) reflect.Type {
	for _, i := range index {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		t = t.Field(i).Type
	}
	return t
}
