// Package packed holds a JSON-like Rego value (null, booleans, numbers,
// strings, arrays, and objects whose keys are strings) in one byte slice,
// and reads any part of it by path without unpacking the rest.
//
// Why: a lint run holds its inventory (pkg/lint/inventory.go) from the end
// of its first reading to its end, and at 100,000 objects that Rego value
// was some 100 MB of small OPA terms, which the garbage collector marked
// again at every one of its cycles: most of what a large lint spent
// beyond ten times a 10,000-object one (docs/PERFORMANCE.md, session 10).
// A byte slice holds no pointers, so the collector never looks inside it.
// Rego reads the parts it needs through poddoctor.inventory.at, and each
// read unpacks only the part asked for.
//
// The Rego value stays the reference: Pack takes it and Term gives back an
// equal value (TestUnpackGivesThePackedValue), and every path of it reads
// the same packed or not (TestFindMatchesTheValue).
//
// Layout, little-endian, every offset a uint32 from the start of the slice:
//
//	null, false, true   1 byte: tagNull, tagFalse, tagTrue
//	number, string      tag, length (uint32), the text (a number's JSON text)
//	array               tagArray, n (uint32), n offsets of the elements
//	object              tagObject, n (uint32), n pairs of offsets (key,
//	                    value), sorted by key, so that a key is found by
//	                    binary search
//
// A term that the value shares in several places (pkg/lint shares lists,
// maps and strings) is packed once and pointed to from each.
package packed

import (
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
)

const (
	tagNull byte = iota
	tagFalse
	tagTrue
	tagNumber
	tagString
	tagArray
	tagObject
)

// Value is a packed Rego value. It is never changed once packed, so any
// number of goroutines may read it at once.
type Value struct {
	buf  []byte
	root uint32
}

// Node is one part of a packed value.
type Node struct {
	v  *Value
	at uint32
}

// Pack packs v. It fails on a value that JSON could not hold (a set, an
// object with a key that is not a string, a reference) and on a value of
// 4 GiB or more. The members of an object at the root are packed on
// every core, each on its own, and then joined (join.go).
func Pack(v ast.Value) (*Value, error) {
	root, ok := v.(ast.Object)
	if !ok || root.Len() < 2 || runtime.GOMAXPROCS(0) < 2 {
		return packOne(v)
	}
	return packMembers(root)
}

// packOne packs v on the calling goroutine.
func packOne(v ast.Value) (*Value, error) {
	p := newPacker()
	root, err := p.value(v)
	if err != nil {
		return nil, err
	}
	return &Value{buf: p.finish(), root: root}, nil
}

// Size is how many bytes the packed value holds.
func (v *Value) Size() int { return len(v.buf) }

// Root is the whole value.
func (v *Value) Root() Node { return Node{v: v, at: v.root} }

// Find walks path from the root as object.get does: a string steps into an
// object's member of that key, an integer number into an array's element at
// that index. ok is false when some step finds nothing.
func (v *Value) Find(path []*ast.Term) (Node, bool) {
	n := v.Root()
	for _, step := range path {
		next, ok := n.child(step.Value)
		if !ok {
			return Node{}, false
		}
		n = next
	}
	return n, true
}

// Len is the number of elements of an array or members of an object, and
// -1 for anything else.
func (n Node) Len() int {
	switch n.tag() {
	case tagArray, tagObject:
		return int(n.v.u32(n.at + 1))
	}
	return -1
}

// Term unpacks the node into a new Rego term.
func (n Node) Term() *ast.Term {
	u := unpacker{v: n.v}
	return u.term(n.at)
}

func (n Node) tag() byte { return n.v.buf[n.at] }

// child is the element or member a path step names.
func (n Node) child(step ast.Value) (Node, bool) {
	switch n.tag() {
	case tagArray:
		num, ok := step.(ast.Number)
		if !ok {
			return Node{}, false
		}
		i, ok := num.Int()
		if !ok || i < 0 || i >= n.Len() {
			return Node{}, false
		}
		return Node{v: n.v, at: n.v.u32(n.at + 5 + 4*uint32(i))}, true
	case tagObject:
		key, ok := step.(ast.String)
		if !ok {
			return Node{}, false
		}
		pairs := n.at + 5
		lo, hi := 0, n.Len()
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			c := strings.Compare(n.v.text(n.v.u32(pairs+8*uint32(mid))), string(key))
			switch {
			case c == 0:
				return Node{v: n.v, at: n.v.u32(pairs + 8*uint32(mid) + 4)}, true
			case c < 0:
				lo = mid + 1
			default:
				hi = mid
			}
		}
	}
	return Node{}, false
}

func (v *Value) u32(at uint32) uint32 { return binary.LittleEndian.Uint32(v.buf[at:]) }

// text is the text of the number or string at at, a view of the packed
// bytes, which are never changed.
func (v *Value) text(at uint32) string {
	n := v.u32(at + 1)
	b := v.buf[at+5 : at+5+n]
	return unsafeString(b)
}

// unsafeString views b as a string; b is never changed once packed.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// packer packs a value, once for each array, object or string term
// however often the value holds it.
type packer struct {
	buf   []byte
	terms map[*ast.Term]uint32
	// members is scratch space for the members of the objects being
	// packed, one window per object on the way down.
	members []member
}

type member struct {
	key     string
	keyTerm *ast.Term
	value   *ast.Term
}

func newPacker() *packer {
	return &packer{terms: map[*ast.Term]uint32{}}
}

// finish returns the packed bytes. The packer grew its buffer by
// doubling; a value held to the end of a run should not keep much more
// than it needs.
func (p *packer) finish() []byte {
	if cap(p.buf) > len(p.buf)+len(p.buf)/8 {
		return slices.Clone(p.buf)
	}
	return p.buf
}

// term packs t, once for each array, object or string term however often
// the value holds it (pkg/lint shares one term for each repeated string,
// list and map); a number, boolean or null is packed again, being about as
// short as an offset to it.
func (p *packer) term(t *ast.Term) (uint32, error) {
	switch t.Value.(type) {
	case *ast.Array, ast.Object, ast.String:
	default:
		return p.value(t.Value)
	}
	if at, ok := p.terms[t]; ok {
		return at, nil
	}
	at, err := p.value(t.Value)
	if err != nil {
		return 0, err
	}
	p.terms[t] = at
	return at, nil
}

func (p *packer) value(v ast.Value) (uint32, error) {
	switch x := v.(type) {
	case ast.Null:
		return p.scalar(tagNull), nil
	case ast.Boolean:
		if x {
			return p.scalar(tagTrue), nil
		}
		return p.scalar(tagFalse), nil
	case ast.Number:
		return p.text(tagNumber, string(x))
	case ast.String:
		return p.text(tagString, string(x))
	case *ast.Array:
		at, slots, err := p.header(tagArray, x.Len(), 4)
		if err != nil {
			return 0, err
		}
		for i := range x.Len() {
			elem, err := p.term(x.Elem(i))
			if err != nil {
				return 0, err
			}
			binary.LittleEndian.PutUint32(p.buf[slots+4*uint32(i):], elem)
		}
		return at, nil
	case ast.Object:
		return p.object(x)
	}
	return 0, fmt.Errorf("pack a Rego value: a %s cannot be packed", ast.ValueName(v))
}

// object packs an object's members sorted by key, each key a string.
func (p *packer) object(x ast.Object) (uint32, error) {
	from := len(p.members)
	defer func() { p.members = p.members[:from] }()
	var err error
	p.members, err = appendMembers(p.members, x)
	if err != nil {
		return 0, err
	}
	members := p.members[from:]
	at, slots, err := p.header(tagObject, len(members), 8)
	if err != nil {
		return 0, err
	}
	for i := range members {
		// The window may move as nested objects grow the scratch space.
		m := p.members[from+i]
		k, err := p.term(m.keyTerm)
		if err != nil {
			return 0, err
		}
		val, err := p.term(m.value)
		if err != nil {
			return 0, err
		}
		binary.LittleEndian.PutUint32(p.buf[slots+8*uint32(i):], k)
		binary.LittleEndian.PutUint32(p.buf[slots+8*uint32(i)+4:], val)
	}
	return at, nil
}

// appendMembers appends an object's members to members, sorted by key; a
// key must be a string.
func appendMembers(members []member, x ast.Object) ([]member, error) {
	from := len(members)
	var badKey *ast.Term
	x.Foreach(func(k, v *ast.Term) {
		if s, ok := k.Value.(ast.String); ok {
			members = append(members, member{string(s), k, v})
		} else if badKey == nil {
			badKey = k
		}
	})
	if badKey != nil {
		return members[:from], fmt.Errorf("pack a Rego object: key %v is not a string", badKey)
	}
	added := members[from:]
	byKey := func(a, b member) int { return strings.Compare(a.key, b.key) }
	if !slices.IsSortedFunc(added, byKey) { // OPA iterates in its order of keys, the same for strings
		slices.SortFunc(added, byKey)
	}
	return members, nil
}

func (p *packer) scalar(tag byte) uint32 {
	at := uint32(len(p.buf))
	p.buf = append(p.buf, tag)
	return at
}

func (p *packer) text(tag byte, s string) (uint32, error) {
	if err := p.room(5 + len(s)); err != nil {
		return 0, err
	}
	at := uint32(len(p.buf))
	p.buf = append(p.buf, tag)
	p.buf = binary.LittleEndian.AppendUint32(p.buf, uint32(len(s)))
	p.buf = append(p.buf, s...)
	return at, nil
}

// header appends an array's or object's tag and count, and room for the
// offsets of its n elements or members (slot bytes each), which are
// filled in as they are packed after it. It returns where the value and
// its first slot start.
func (p *packer) header(tag byte, n, slot int) (at, slots uint32, err error) {
	if err := p.room(5 + slot*n); err != nil {
		return 0, 0, err
	}
	at = uint32(len(p.buf))
	p.buf = append(p.buf, tag)
	p.buf = binary.LittleEndian.AppendUint32(p.buf, uint32(n))
	slots = uint32(len(p.buf))
	p.buf = append(p.buf, make([]byte, slot*n)...)
	return at, slots, nil
}

// room fails when n more bytes would put an offset past a uint32.
func (p *packer) room(n int) error {
	if uint64(len(p.buf))+uint64(n) > math.MaxUint32 {
		return fmt.Errorf("pack a Rego value: more than %d bytes", uint64(math.MaxUint32))
	}
	return nil
}

// unpacker unpacks one node. Its strings view the packed bytes, which
// are never changed, rather than copying them: an unpacked part then
// costs its terms only.
type unpacker struct {
	v *Value
}

func (u *unpacker) term(at uint32) *ast.Term {
	switch u.v.buf[at] {
	case tagNull:
		return ast.InternedNullTerm
	case tagFalse:
		return ast.InternedTerm(false)
	case tagTrue:
		return ast.InternedTerm(true)
	case tagNumber:
		text := u.v.text(at)
		if i, ok := smallInt(text); ok {
			return ast.InternedTerm(i) // shared, as pkg/lint made them
		}
		return ast.NewTerm(ast.Number(text))
	case tagString:
		return ast.StringTerm(u.v.text(at))
	case tagArray:
		n := u.v.u32(at + 1)
		elems := make([]*ast.Term, n)
		for i := range n {
			elems[i] = u.term(u.v.u32(at + 5 + 4*i))
		}
		return ast.ArrayTerm(elems...)
	default: // tagObject
		n := u.v.u32(at + 1)
		items := make([][2]*ast.Term, n)
		for i := range n {
			pair := at + 5 + 8*i
			items[i] = [2]*ast.Term{u.term(u.v.u32(pair)), u.term(u.v.u32(pair + 4))}
		}
		return ast.ObjectTerm(items...)
	}
}

// smallInt reads the text of a number that is a non-negative integer of
// at most six digits written the shortest way ("0", "8080", not "08" or
// "1.0"): those are the numbers OPA interns.
func smallInt(text string) (int, bool) {
	if len(text) == 0 || len(text) > 6 || (len(text) > 1 && text[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
