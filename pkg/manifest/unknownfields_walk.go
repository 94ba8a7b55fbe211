package manifest

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/poddoctor/poddoctor/internal/jsonfields"
)

// The strict decoder behind UnknownFields (sigs.k8s.io/json, as the API
// server uses it) needs the object as JSON: marshalling a Deployment and
// decoding it into its Go type costs about 100 µs and 600 allocations,
// more than all the Go rules together. walkStrict finds the same unknown
// fields by walking the decoded data against the Go type directly, with the
// decoder's own rules (case-sensitive names, encoding/json's field
// visibility, fields in key order, at most 100 errors). Whenever the data
// holds something the decoder would reject or treat specially (a value of
// the wrong type, an int out of range, a type with its own UnmarshalJSON
// that refuses the value, a `,string` field, ...) it gives up, and
// UnknownFields asks the decoder itself, so that findings and messages are
// the decoder's in every case. Tests check both agree on every manifest of
// the repository and on generated and mutated ones.

// maxStrictErrors is how many strict errors the decoder keeps.
const maxStrictErrors = 100

// pathStep is one step of a field path: a key, or an index when key is
// not set.
type pathStep struct {
	key   string
	index int
	isKey bool
}

// strictWalk collects the paths of unknown fields. Maps are walked in
// whatever order Go gives; the paths are put in the decoder's order (keys
// sorted, as json.Marshal writes them) at the end.
type strictWalk struct {
	stack   []pathStep
	unknown [][]pathStep
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// walkStrict reports the unknown-field paths the strict decoder would
// report for data decoded into a value of type t, written as the decoder
// writes them (keys joined by dots, indexes in brackets), and false when it
// cannot vouch for the decoder's answer.
func walkStrict(t reflect.Type, data map[string]any) ([]string, bool) {
	w := &strictWalk{}
	if !w.value(typeInfoOf(t), data) {
		return nil, false
	}
	if len(w.unknown) == 0 {
		return nil, true
	}
	slices.SortFunc(w.unknown, compareSegments)
	paths := make([]string, 0, min(len(w.unknown), maxStrictErrors))
	for _, u := range w.unknown[:min(len(w.unknown), maxStrictErrors)] {
		var b strings.Builder
		for i, seg := range u {
			switch {
			case !seg.isKey:
				b.WriteString("[" + strconv.Itoa(seg.index) + "]")
			case i > 0:
				b.WriteString("." + seg.key)
			default:
				b.WriteString(seg.key)
			}
		}
		paths = append(paths, b.String())
	}
	return paths, true
}

func compareSegments(a, b []pathStep) int {
	for i := range min(len(a), len(b)) {
		if c := strings.Compare(a[i].key, b[i].key); c != 0 {
			return c
		}
		if c := a[i].index - b[i].index; c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

func (w *strictWalk) found(key string) {
	u := make([]pathStep, len(w.stack)+1)
	copy(u, w.stack)
	u[len(w.stack)] = pathStep{key: key, isKey: true}
	w.unknown = append(w.unknown, u)
}

// typeInfo is what the walk needs to know of a Go type, worked out once.
type typeInfo struct {
	t           reflect.Type // pointers removed
	kind        reflect.Kind
	pointer     bool // the type itself is a pointer
	unmarshaler bool // it (or its pointer) has UnmarshalJSON
	textual     bool // its pointer has UnmarshalText
	keyOK       bool // a map whose keys are plain strings
	fields      map[string]*decoderField
	fieldsOK    bool
}

var typeInfos sync.Map // reflect.Type -> *typeInfo

func typeInfoOf(t reflect.Type) *typeInfo {
	if v, ok := typeInfos.Load(t); ok {
		return v.(*typeInfo)
	}
	ti := &typeInfo{pointer: t.Kind() == reflect.Pointer}
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	ti.t, ti.kind = base, base.Kind()
	ti.unmarshaler = reflect.PointerTo(base).Implements(jsonUnmarshalerType) || base.Implements(jsonUnmarshalerType)
	ti.textual = reflect.PointerTo(base).Implements(textUnmarshalerType)
	if ti.kind == reflect.Map {
		ti.keyOK = base.Key().Kind() == reflect.String && !reflect.PointerTo(base.Key()).Implements(textUnmarshalerType)
	}
	if ti.kind == reflect.Struct {
		ti.fields = typeFields(base)
		ti.fieldsOK = ti.fields != nil
	}
	v, _ := typeInfos.LoadOrStore(t, ti)
	return v.(*typeInfo)
}

// value checks that v decodes into the type without error and collects
// the unknown fields on the way.
func (w *strictWalk) value(ti *typeInfo, v any) bool {
	if v == nil {
		// null leaves any Go value as it is (or sets a pointer, map, slice
		// or interface to nil), except that a type with its own
		// UnmarshalJSON is asked, unless it sits behind a pointer.
		switch {
		case ti.pointer || ti.kind == reflect.Interface:
			return true
		case ti.unmarshaler:
			return unmarshalsItself(ti.t, v)
		}
		return !ti.textual
	}
	if ti.unmarshaler {
		return unmarshalsItself(ti.t, v)
	}
	if ti.textual {
		return false
	}
	switch ti.kind {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok || !ti.fieldsOK {
			return false
		}
		for key, x := range m {
			if !utf8.ValidString(key) {
				return false
			}
			f, known := ti.fields[key]
			if !known {
				w.found(key)
				continue
			}
			if f.quoted {
				return false
			}
			w.stack = append(w.stack, pathStep{key: key, isKey: true})
			ok := w.value(f.info(), x)
			w.stack = w.stack[:len(w.stack)-1]
			if !ok {
				return false
			}
		}
		return true
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok || !ti.keyOK {
			return false
		}
		elem := typeInfoOf(ti.t.Elem())
		for key, x := range m {
			if !utf8.ValidString(key) {
				return false
			}
			w.stack = append(w.stack, pathStep{key: key, isKey: true})
			ok := w.value(elem, x)
			w.stack = w.stack[:len(w.stack)-1]
			if !ok {
				return false
			}
		}
		return true
	case reflect.Slice:
		if ti.t.Elem().Kind() == reflect.Uint8 {
			s, ok := v.(string)
			if !ok {
				return false
			}
			_, err := base64.StdEncoding.DecodeString(s)
			return err == nil
		}
		items, ok := v.([]any)
		if !ok {
			return false
		}
		elem := typeInfoOf(ti.t.Elem())
		for i, item := range items {
			w.stack = append(w.stack, pathStep{index: i})
			ok := w.value(elem, item)
			w.stack = w.stack[:len(w.stack)-1]
			if !ok {
				return false
			}
		}
		return true
	case reflect.String:
		_, ok := v.(string)
		return ok
	case reflect.Bool:
		_, ok := v.(bool)
		return ok
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(int64)
		return ok && !reflect.Zero(ti.t).OverflowInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, ok := v.(int64)
		return ok && n >= 0 && !reflect.Zero(ti.t).OverflowUint(uint64(n))
	case reflect.Float32, reflect.Float64:
		switch n := v.(type) {
		case int64:
			return true
		case float64:
			return !reflect.Zero(ti.t).OverflowFloat(n)
		}
		return false
	case reflect.Interface:
		return ti.t.NumMethod() == 0
	}
	return false
}

// unmarshalsItself checks a value of a type with its own UnmarshalJSON
// (resource.Quantity, intstr.IntOrString, metav1.Time ...) the way the
// decoder does: by handing it the value's JSON, which is what json.Marshal
// writes for it inside the whole object.
//
// Manifests repeat the same few quantities and ports thousands of times,
// and marshalling each to hand it to UnmarshalJSON was half the cost of
// the walk, so the answer for a scalar is remembered per type (see
// selfUnmarshalAnswers).
func unmarshalsItself(t reflect.Type, v any) bool {
	key, scalar := selfUnmarshalKey{t: t}, true
	switch x := v.(type) {
	case string:
		key.text = x
	case int64:
		key.text, key.number = strconv.FormatInt(x, 10), true
	case float64:
		key.text, key.number = strconv.FormatFloat(x, 'g', -1, 64), true
	default:
		scalar = false
	}
	if scalar {
		if ok, seen := selfUnmarshalAnswers.Load(key); seen {
			return ok.(bool)
		}
	}
	ok := callUnmarshalJSON(t, v)
	if scalar && selfUnmarshalCount.Load() < maxSelfUnmarshalAnswers {
		// key.text is the data's own string, never a piece of the file
		// (owned.go), so the cache keeps only itself.
		if _, loaded := selfUnmarshalAnswers.LoadOrStore(key, ok); !loaded {
			selfUnmarshalCount.Add(1)
		}
	}
	return ok
}

func callUnmarshalJSON(t reflect.Type, v any) bool {
	raw, err := json.Marshal(v)
	if err != nil {
		return false
	}
	u, ok := reflect.New(t).Interface().(json.Unmarshaler)
	if !ok {
		return false
	}
	return u.UnmarshalJSON(raw) == nil
}

// selfUnmarshalKey is a scalar handed to a type's UnmarshalJSON: the type,
// the value's text, and whether it was a number (5 and "5" are different
// JSON).
type selfUnmarshalKey struct {
	t      reflect.Type
	text   string
	number bool
}

// selfUnmarshalAnswers remembers unmarshalsItself's answers for scalars,
// across objects and goroutines, like typeInfos; the answer depends only
// on the type and the value. It stops growing at maxSelfUnmarshalAnswers,
// so a hostile input of a million distinct quantities costs what it did
// before the cache, not memory.
var (
	selfUnmarshalAnswers sync.Map // selfUnmarshalKey -> bool
	selfUnmarshalCount   atomic.Int64
)

const maxSelfUnmarshalAnswers = 10000

// decoderField is a struct field as encoding/json decodes into it.
type decoderField struct {
	typ    reflect.Type
	quoted bool // `json:",string"`
	ti     atomic.Pointer[typeInfo]
}

func (f *decoderField) info() *typeInfo {
	if ti := f.ti.Load(); ti != nil {
		return ti
	}
	ti := typeInfoOf(f.typ)
	f.ti.Store(ti)
	return ti
}

// typeFields are the fields encoding/json decodes into, by name
// (internal/jsonfields); nil when the struct embeds a pointer, which the
// decoder allocates (and fails on when unexported) and the walk does not
// follow.
func typeFields(t reflect.Type) map[string]*decoderField {
	s := jsonfields.Of(t)
	if s.EmbedsPointer {
		return nil
	}
	out := make(map[string]*decoderField, len(s.Fields))
	for _, f := range s.Fields {
		out[f.Name] = &decoderField{typ: f.Type, quoted: f.Quoted}
	}
	return out
}
