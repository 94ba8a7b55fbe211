package snapshot

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// A sifted load judges every pod and then drops nine in ten of them; the
// full decoding of a dropped pod into a corev1.Pod was most of its CPU.
// typedScan reads an object's bytes against the Go type the full decoder
// would fill, checks every value the way that decoder does, and decodes
// only the fields it is asked for. Its schema comes from the Kubernetes
// types themselves (reflection over their JSON tags), so it follows them
// as they change. It answers "unsure" for anything it cannot be certain the
// full decoder reads silently and the same way: a member name matched
// only without regard to case, one given twice, one with an escape or a
// byte outside ASCII, a number where an integer is wanted that is not a
// plain integer, a float, a value of the wrong JSON type, a value an
// UnmarshalJSON method refuses, invalid JSON anywhere, nesting deeper than
// maxScanDepth. The object is then decoded in full, unchanged, so every
// note and gap stays the full decoder's. FuzzScanPod and
// TestScanPodMatchesDecode hold it to the full decoder.

// maxScanDepth bounds the nesting the scan follows; deeper input is left
// to the full decoder.
const maxScanDepth = 200

// scanKind is how the scan reads a Go type.
type scanKind uint8

const (
	// scanUnsupported: any value but null makes the scan unsure (floats,
	// interfaces, byte slices, arrays, ",string" fields, types with an
	// unmarshal method the scan does not know).
	scanUnsupported scanKind = iota
	scanString
	scanBool
	scanInt
	scanUint
	scanStruct
	scanPointer
	scanSlice
	scanMap
	// scanTime is metav1.Time, read by unmarshalTime as the full decoder
	// reads it.
	scanTime
	// scanScalarUnmarshaler is a type whose UnmarshalJSON reads a string
	// or a number (resource.Quantity, intstr.IntOrString): the method
	// itself checks the value.
	scanScalarUnmarshaler
	// scanRawJSON is metav1.FieldsV1, which keeps any JSON value as it is.
	scanRawJSON
)

// scanType is what the scan knows of one Go type.
type scanType struct {
	kind scanKind
	typ  reflect.Type
	bits int       // scanInt, scanUint: the size
	elem *scanType // scanPointer, scanSlice, scanMap: the element
	// fields are a struct's members by their exact JSON name; folded
	// holds every member name, lowercased without dashes and underscores,
	// so that a name the full decoder might match without regard to case
	// is known.
	fields map[string]*scanField
	folded map[string]bool
	// order are the members in the order of the struct's fields, the
	// order the API server writes them in; sorted are the members sorted
	// by name, the order kubectl prints them in (through maps). The scan
	// tries the member after the last one it read, in both orders, before
	// it looks the name up.
	order, sorted []*scanField
}

// scanField is one member of a struct.
type scanField struct {
	name  string
	index []int // reflect index, through embedded structs
	typ   *scanType
	pos   int // for the check that no member comes twice
	rank  int // the position of the name in sorted
	// dropped is set for a name two embedded structs give at the same
	// depth: the full decoder ignores it, the scan gives up on it.
	dropped bool
}

// maxScanFields bounds the members of one struct (the duplicate check
// keeps one bit per member).
const maxScanFields = 128

var (
	scanTypesMu sync.Mutex
	scanTypes   = map[reflect.Type]*scanType{}
)

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType            = reflect.TypeFor[metav1.Time]()
	fieldsV1Type        = reflect.TypeFor[metav1.FieldsV1]()
	intOrStringType     = reflect.TypeFor[intstr.IntOrString]()
)

// scanTypeOf returns the scan's view of t, built once.
func scanTypeOf(t reflect.Type) *scanType {
	scanTypesMu.Lock()
	defer scanTypesMu.Unlock()
	return buildScanType(t)
}

func buildScanType(t reflect.Type) *scanType {
	if st, ok := scanTypes[t]; ok {
		return st
	}
	st := &scanType{typ: t}
	scanTypes[t] = st // before the fields: types refer to themselves
	// A pointer is followed to its element, where the decoders look for
	// the methods too.
	pt := reflect.PointerTo(t)
	switch {
	case t.Kind() == reflect.Pointer:
	case t == timeType:
		st.kind = scanTime
		return st
	case t == fieldsV1Type:
		st.kind = scanRawJSON
		return st
	case pt.Implements(unmarshalerType):
		if t.Kind() == reflect.Struct && knownScalarUnmarshaler(t) {
			st.kind = scanScalarUnmarshaler
		}
		return st
	case pt.Implements(textUnmarshalerType):
		return st
	}
	switch t.Kind() {
	case reflect.String:
		st.kind = scanString
	case reflect.Bool:
		st.kind = scanBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		st.kind, st.bits = scanInt, t.Bits()
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		st.kind, st.bits = scanUint, t.Bits()
	case reflect.Pointer:
		st.kind, st.elem = scanPointer, buildScanType(t.Elem())
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return st // base64 bytes
		}
		st.kind, st.elem = scanSlice, buildScanType(t.Elem())
	case reflect.Map:
		key := t.Key()
		if key.Kind() != reflect.String || reflect.PointerTo(key).Implements(textUnmarshalerType) {
			return st
		}
		st.kind, st.elem = scanMap, buildScanType(t.Elem())
	case reflect.Struct:
		if !buildScanFields(st, t) {
			st.kind = scanUnsupported
			st.fields, st.folded = nil, nil
			return st
		}
		st.kind = scanStruct
	}
	return st
}

// knownScalarUnmarshaler lists the types whose UnmarshalJSON the scan
// may call on a string or number to check it: they read nothing else and
// keep nothing of the bytes.
func knownScalarUnmarshaler(t reflect.Type) bool {
	return t == intOrStringType || t.String() == "resource.Quantity"
}

// candidateField is a member found while flattening a struct, before the
// embedding rules pick one per name.
type candidateField struct {
	name   string
	tagged bool
	depth  int
	index  []int
	typ    reflect.Type
	str    bool // ",string"
}

// buildScanFields fills st's members as encoding/json finds them: tagged
// names, embedded structs flattened, the shallowest field of a name
// winning, a tagged one among equals, none when still tied. It returns
// false for a struct the scan does not read (an embedded pointer).
func buildScanFields(st *scanType, t reflect.Type) bool {
	var cands []candidateField
	ok := true
	var walk func(t reflect.Type, depth int, index []int)
	walk = func(t reflect.Type, depth int, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					if ft.Elem().Kind() == reflect.Struct {
						ok = false // an embedded pointer: set only by allocating
						continue
					}
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, depth+1, idx)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			tagged := name != ""
			if !tagged {
				name = f.Name
			}
			cands = append(cands, candidateField{name: name, tagged: tagged, depth: depth, index: idx, typ: f.Type,
				str: strings.Contains(","+opts+",", ",string,")})
		}
	}
	walk(t, 0, nil)
	byName := map[string][]candidateField{}
	var names []string
	for _, c := range cands {
		if byName[c.name] == nil {
			names = append(names, c.name)
		}
		byName[c.name] = append(byName[c.name], c)
	}
	if len(names) > maxScanFields {
		return false
	}
	defer func() {
		st.sorted = slices.Clone(st.order)
		slices.SortFunc(st.sorted, func(a, b *scanField) int { return strings.Compare(a.name, b.name) })
		for rank, f := range st.sorted {
			f.rank = rank
		}
	}()
	st.fields = make(map[string]*scanField, len(names))
	st.folded = make(map[string]bool, len(names))
	for pos, name := range names {
		st.folded[foldName(name)] = true
		all := byName[name]
		shallow := all[0].depth
		for _, c := range all {
			shallow = min(shallow, c.depth)
		}
		var top []candidateField
		for _, c := range all {
			if c.depth == shallow {
				top = append(top, c)
			}
		}
		if len(top) > 1 {
			var tagged []candidateField
			for _, c := range top {
				if c.tagged {
					tagged = append(tagged, c)
				}
			}
			top = tagged
		}
		if len(top) != 1 {
			st.fields[name] = &scanField{name: name, pos: pos, dropped: true}
			st.order = append(st.order, st.fields[name])
			continue
		}
		c := top[0]
		ft := buildScanType(c.typ)
		if c.str {
			ft = &scanType{typ: c.typ} // unsupported
		}
		st.fields[name] = &scanField{name: name, index: c.index, typ: ft, pos: pos}
		st.order = append(st.order, st.fields[name])
	}
	return ok
}

// foldName lowercases an ASCII name and leaves out dashes and
// underscores: two names that fold alike may be matched to each other by
// a decoder that ignores case (and, in some modes, those delimiters).
func foldName(name string) string {
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// scanPlan says which parts of a value the scan decodes: all of it, or
// some members of a struct (through pointers and slices, the plan of
// their elements). A nil plan decodes nothing; the value is only checked.
type scanPlan struct {
	whole   bool
	members map[string]*scanPlan
	// byPos are the members' plans by their position in the struct
	// (scanField.pos), once bound to its type (bindPlan).
	byPos []*scanPlan
}

// wholePlan decodes a whole value.
var wholePlan = &scanPlan{whole: true}

// newScanPlan builds a plan from dotted JSON member paths, each naming a
// value decoded whole: "status.phase", "spec.containers.env".
func newScanPlan(paths ...string) *scanPlan {
	root := &scanPlan{members: map[string]*scanPlan{}}
	for _, path := range paths {
		at := root
		parts := splitPath(path)
		for n, part := range parts {
			if n == len(parts)-1 {
				at.members[part] = wholePlan
				break
			}
			next := at.members[part]
			if next == nil {
				next = &scanPlan{members: map[string]*scanPlan{}}
				at.members[part] = next
			}
			at = next
		}
	}
	return root
}

// splitPath splits a dotted member path.
func splitPath(path string) []string { return strings.Split(path, ".") }

// member returns the plan of member f of a struct planned by p.
func (p *scanPlan) member(f *scanField) *scanPlan {
	if p == nil || p.whole {
		return p
	}
	return p.byPos[f.pos]
}

// bindPlan fills the byPos of p and of the plans under it for a value of
// type t, and returns p. It panics on a member t does not have: plans are
// written in the code, not read from input.
func bindPlan(p *scanPlan, t *scanType) *scanPlan {
	if p == nil || p.whole {
		return p
	}
	for t.kind == scanPointer || t.kind == scanSlice {
		t = t.elem
	}
	if t.kind != scanStruct {
		panic("snapshot: a plan of members for " + t.typ.String())
	}
	p.byPos = make([]*scanPlan, len(t.order))
	for name, sub := range p.members {
		f := t.fields[name]
		if f == nil || f.dropped {
			panic("snapshot: no member " + name + " in " + t.typ.String())
		}
		p.byPos[f.pos] = bindPlan(sub, f.typ)
	}
	return p
}

// typedScanner walks one object's bytes; any doubt sets unsure.
type typedScanner struct {
	data   []byte
	unsure bool
	// strings, when set, hands out one copy of each decoded string:
	// namespaces, images, condition types, reasons repeat from pod to pod.
	strings *stringTable
}

// scanTyped checks data against t as the full decoder reads it and
// decodes into dst (a settable value of t's type) what plan asks for,
// its strings interned in strings when that is not nil. It reports false
// when it is unsure; dst is then partly filled and must be thrown away.
func scanTyped(data []byte, t *scanType, plan *scanPlan, dst reflect.Value, strings *stringTable) bool {
	sc := typedScanner{data: data, strings: strings}
	end := sc.value(skipSpace(data, 0), t, plan, dst, 0)
	return !sc.unsure && skipSpace(data, end) == len(data)
}

// giveUp marks the scan unsure and returns an index past the data.
func (sc *typedScanner) giveUp() int {
	sc.unsure = true
	return len(sc.data)
}

// value reads the value at data[i] as type t, decoding it into dst when
// plan is not nil, and returns the index past it.
func (sc *typedScanner) value(i int, t *scanType, plan *scanPlan, dst reflect.Value, depth int) int {
	data := sc.data
	if i >= len(data) || depth > maxScanDepth {
		return sc.giveUp()
	}
	if data[i] == 'n' {
		// null leaves every Go value as it is, and the scan's values are
		// fresh; the methods of the types the scan knows accept it too.
		return sc.literalEnd(i, "null")
	}
	switch t.kind {
	case scanString:
		if data[i] != '"' {
			return sc.giveUp()
		}
		end, plain := sc.stringEnd(i)
		if plan != nil && !sc.unsure {
			sc.setString(i, end, plain, dst)
		}
		return end
	case scanBool:
		var end int
		switch data[i] {
		case 't':
			end = sc.literalEnd(i, "true")
		case 'f':
			end = sc.literalEnd(i, "false")
		default:
			return sc.giveUp()
		}
		if plan != nil && !sc.unsure {
			dst.SetBool(data[i] == 't')
		}
		return end
	case scanInt, scanUint:
		return sc.integer(i, t, plan, dst)
	case scanStruct:
		return sc.object(i, t, plan, dst, depth)
	case scanPointer:
		if plan == nil {
			return sc.value(i, t.elem, nil, reflect.Value{}, depth)
		}
		p := reflect.New(t.elem.typ)
		end := sc.value(i, t.elem, plan, p.Elem(), depth)
		dst.Set(p)
		return end
	case scanSlice:
		return sc.array(i, t, plan, dst, depth)
	case scanMap:
		if data[i] != '{' {
			return sc.giveUp()
		}
		end := sc.mapObject(i, t, depth)
		if plan != nil && !sc.unsure {
			sc.decodeV2(data[i:end], dst)
		}
		return end
	case scanTime:
		if data[i] != '"' {
			return sc.giveUp()
		}
		end, _ := sc.stringEnd(i)
		if sc.unsure {
			return end
		}
		var tm metav1.Time
		if unmarshalTime(data[i:end], &tm) != nil {
			return sc.giveUp()
		}
		if plan != nil {
			dst.Set(reflect.ValueOf(tm))
		}
		return end
	case scanScalarUnmarshaler:
		return sc.scalarUnmarshaler(i, t, plan, dst)
	case scanRawJSON:
		end := sc.skipValue(i, depth)
		if plan != nil && !sc.unsure {
			sc.decodeV2(data[i:end], dst)
		}
		return end
	}
	return sc.giveUp()
}

// object reads a struct's members.
func (sc *typedScanner) object(i int, t *scanType, plan *scanPlan, dst reflect.Value, depth int) int {
	data := sc.data
	if data[i] != '{' {
		return sc.giveUp()
	}
	var seen [maxScanFields / 64]uint64
	next, nextSorted := 0, 0 // the member expected next, in both orders
	j := skipSpace(data, i+1)
	if j < len(data) && data[j] == '}' {
		return j + 1
	}
	for {
		if j >= len(data) || data[j] != '"' {
			return sc.giveUp()
		}
		nameEnd, plain := sc.stringEnd(j)
		if sc.unsure || !plain {
			return sc.giveUp()
		}
		name := data[j+1 : nameEnd-1]
		j = skipSpace(data, nameEnd)
		if j >= len(data) || data[j] != ':' {
			return sc.giveUp()
		}
		j = skipSpace(data, j+1)
		var f *scanField
		switch {
		case next < len(t.order) && t.order[next].name == string(name):
			f = t.order[next]
		case nextSorted < len(t.sorted) && t.sorted[nextSorted].name == string(name):
			f = t.sorted[nextSorted]
		default:
			f = t.fields[string(name)]
		}
		switch {
		case f != nil:
			word, bit := f.pos/64, uint64(1)<<(f.pos%64)
			if f.dropped || seen[word]&bit != 0 {
				return sc.giveUp()
			}
			seen[word] |= bit
			next, nextSorted = f.pos+1, f.rank+1
			sub := plan.member(f)
			var field reflect.Value
			if sub != nil {
				field = dst.FieldByIndex(f.index)
			}
			j = sc.value(j, f.typ, sub, field, depth+1)
		case !asciiName(name) || t.folded[foldName(string(name))]:
			return sc.giveUp()
		default:
			j = sc.skipValue(j, depth+1) // a member the type does not have
		}
		if sc.unsure {
			return j
		}
		next, closed, ok := afterValue(data, j, '}')
		if !ok {
			return sc.giveUp()
		}
		if closed {
			return next
		}
		j = next
	}
}

// asciiName reports whether a member name is printable ASCII: a name
// with other bytes might fold to a known one under Unicode's rules.
func asciiName(name []byte) bool {
	for _, c := range name {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// array reads a slice's elements.
func (sc *typedScanner) array(i int, t *scanType, plan *scanPlan, dst reflect.Value, depth int) int {
	data := sc.data
	if data[i] != '[' {
		return sc.giveUp()
	}
	var list reflect.Value
	if plan != nil {
		// An empty array gives an empty slice, not a nil one.
		list = reflect.MakeSlice(t.typ, 0, 0)
	}
	j := skipSpace(data, i+1)
	if j < len(data) && data[j] == ']' {
		if plan != nil {
			dst.Set(list)
		}
		return j + 1
	}
	for {
		var elem reflect.Value
		if plan != nil {
			list = reflect.Append(list, reflect.Zero(t.elem.typ))
			elem = list.Index(list.Len() - 1)
		}
		j = sc.value(j, t.elem, plan, elem, depth+1)
		if sc.unsure {
			return j
		}
		next, closed, ok := afterValue(data, j, ']')
		if !ok {
			return sc.giveUp()
		}
		if closed {
			if plan != nil {
				dst.Set(list)
			}
			return next
		}
		j = next
	}
}

// mapObject checks a map's members: string keys (any, repeated or not:
// the last wins in both decoders) and values of the element type.
func (sc *typedScanner) mapObject(i int, t *scanType, depth int) int {
	data := sc.data
	j := skipSpace(data, i+1)
	if j < len(data) && data[j] == '}' {
		return j + 1
	}
	for {
		if j >= len(data) || data[j] != '"' {
			return sc.giveUp()
		}
		keyEnd, _ := sc.stringEnd(j)
		if sc.unsure {
			return keyEnd
		}
		j = skipSpace(data, keyEnd)
		if j >= len(data) || data[j] != ':' {
			return sc.giveUp()
		}
		j = sc.value(skipSpace(data, j+1), t.elem, nil, reflect.Value{}, depth+1)
		if sc.unsure {
			return j
		}
		next, closed, ok := afterValue(data, j, '}')
		if !ok {
			return sc.giveUp()
		}
		if closed {
			return next
		}
		j = next
	}
}

// integer reads a plain integer (no fraction, no exponent, no "-0") that
// fits t.
func (sc *typedScanner) integer(i int, t *scanType, plan *scanPlan, dst reflect.Value) int {
	end, ok := integerEnd(sc.data, i)
	if !ok {
		return sc.giveUp()
	}
	text := string(sc.data[i:end])
	if t.kind == scanUint {
		n, err := strconv.ParseUint(text, 10, t.bits)
		if err != nil {
			return sc.giveUp()
		}
		if plan != nil {
			dst.SetUint(n)
		}
		return end
	}
	n, err := strconv.ParseInt(text, 10, t.bits)
	if err != nil {
		return sc.giveUp()
	}
	if plan != nil {
		dst.SetInt(n)
	}
	return end
}

// integerEnd returns the index past the plain integer at data[i]: an
// optional minus, then 0 or digits without a leading zero, then a byte
// that ends a literal. "-0" is not plain.
func integerEnd(data []byte, i int) (int, bool) {
	j := i
	if j < len(data) && data[j] == '-' {
		j++
	}
	start := j
	for j < len(data) && data[j] >= '0' && data[j] <= '9' {
		j++
	}
	switch {
	case j == start, j-start > 1 && data[start] == '0', data[start] == '0' && start > i:
		return 0, false
	case j < len(data) && !endsLiteral(data[j]):
		return 0, false
	}
	return j, true
}

// scalarUnmarshaler checks a string or number with the type's own
// UnmarshalJSON and keeps what it made when planned.
func (sc *typedScanner) scalarUnmarshaler(i int, t *scanType, plan *scanPlan, dst reflect.Value) int {
	data := sc.data
	var end int
	plainString := false
	switch c := data[i]; {
	case c == '"':
		end, plainString = sc.stringEnd(i)
	case c == '-' || ('0' <= c && c <= '9'):
		end = sc.numberEnd(i)
	default:
		return sc.giveUp()
	}
	if sc.unsure {
		return end
	}
	raw := data[i:end]
	// An IntOrString holds any string as it is and an int32 as a number:
	// the common shapes need no call.
	if t.typ == intOrStringType && plan == nil {
		if plainString {
			return end
		}
		if _, ok := integerEnd(data, i); ok {
			if _, err := strconv.ParseInt(string(raw), 10, 32); err == nil {
				return end
			}
		}
	}
	v := reflect.New(t.typ)
	if err := v.Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
		return sc.giveUp()
	}
	if plan != nil {
		dst.Set(v.Elem())
	}
	return end
}

// setString sets dst to the string at data[i:end]: its bytes when plain
// valid UTF-8, else as the v2 decoder reads it (escapes, replaced bytes).
func (sc *typedScanner) setString(i, end int, plain bool, dst reflect.Value) {
	raw := sc.data[i+1 : end-1]
	if plain && utf8.Valid(raw) {
		if sc.strings != nil {
			dst.SetString(sc.strings.intern(raw))
		} else {
			dst.SetString(string(raw))
		}
		return
	}
	sc.decodeV2(sc.data[i:end], dst)
}

// decodeV2 decodes raw into dst with the full decoder's own options.
func (sc *typedScanner) decodeV2(raw []byte, dst reflect.Value) {
	if !unmarshalV2(raw, dst.Addr().Interface()) {
		sc.unsure = true
	}
}

// stringEnd returns the index past the string at data[i] (its opening
// quote), which must hold only valid escapes and no control character;
// plain is false when it holds an escape.
func (sc *typedScanner) stringEnd(i int) (end int, plain bool) {
	data := sc.data
	plain = true
	for j := i + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			return j + 1, plain
		case c == '\\':
			n := escapeLen(data[j:])
			if n == 0 {
				return sc.giveUp(), false
			}
			plain = false
			j += n - 1
		case c < 0x20:
			return sc.giveUp(), false
		}
	}
	return sc.giveUp(), false
}

// literalEnd returns the index past the literal word at data[i].
func (sc *typedScanner) literalEnd(i int, word string) int {
	data := sc.data
	end := i + len(word)
	if end > len(data) || string(data[i:end]) != word || (end < len(data) && !endsLiteral(data[end])) {
		return sc.giveUp()
	}
	return end
}

// numberEnd returns the index past the JSON number at data[i].
func (sc *typedScanner) numberEnd(i int) int {
	data := sc.data
	j := i
	if j < len(data) && data[j] == '-' {
		j++
	}
	digits := func() int {
		start := j
		for j < len(data) && data[j] >= '0' && data[j] <= '9' {
			j++
		}
		return j - start
	}
	start := j
	n := digits()
	if n == 0 || (n > 1 && data[start] == '0') {
		return sc.giveUp()
	}
	if j < len(data) && data[j] == '.' {
		j++
		if digits() == 0 {
			return sc.giveUp()
		}
	}
	if j < len(data) && (data[j] == 'e' || data[j] == 'E') {
		j++
		if j < len(data) && (data[j] == '+' || data[j] == '-') {
			j++
		}
		if digits() == 0 {
			return sc.giveUp()
		}
	}
	if j < len(data) && !endsLiteral(data[j]) {
		return sc.giveUp()
	}
	return j
}

// skipValue checks the syntax of any JSON value at data[i], a member the
// type does not have, and returns the index past it.
func (sc *typedScanner) skipValue(i, depth int) int {
	data := sc.data
	if i >= len(data) || depth > maxScanDepth {
		return sc.giveUp()
	}
	switch c := data[i]; {
	case c == '"':
		end, _ := sc.stringEnd(i)
		return end
	case c == '{', c == '[':
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		j := skipSpace(data, i+1)
		if j < len(data) && data[j] == closing {
			return j + 1
		}
		for {
			if c == '{' {
				if j >= len(data) || data[j] != '"' {
					return sc.giveUp()
				}
				j, _ = sc.stringEnd(j)
				if sc.unsure {
					return j
				}
				j = skipSpace(data, j)
				if j >= len(data) || data[j] != ':' {
					return sc.giveUp()
				}
				j = skipSpace(data, j+1)
			}
			j = sc.skipValue(j, depth+1)
			if sc.unsure {
				return j
			}
			j = skipSpace(data, j)
			if j >= len(data) {
				return sc.giveUp()
			}
			switch data[j] {
			case ',':
				j = skipSpace(data, j+1)
			case closing:
				return j + 1
			default:
				return sc.giveUp()
			}
		}
	case c == 't':
		return sc.literalEnd(i, "true")
	case c == 'f':
		return sc.literalEnd(i, "false")
	case c == 'n':
		return sc.literalEnd(i, "null")
	case c == '-' || ('0' <= c && c <= '9'):
		return sc.numberEnd(i)
	}
	return sc.giveUp()
}
