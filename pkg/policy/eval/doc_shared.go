package eval

import (
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Small mappings of scalars repeat from object to object of an input:
// resources ({cpu: 100m, memory: 128Mi}), probes' httpGet, port entries,
// security contexts. documentTerm converts each of them once and hands
// the same Rego value to every document that holds an equal mapping, as it
// shares common strings: Rego values are immutable, the interpreter never
// writes into its input, and OPA's values are safe for concurrent reads.
// Sharing saves the conversion and, more, the garbage: an ast object is
// four allocations and a hash map.

// maxSharedKeys bounds the mappings shared: larger ones seldom repeat.
const maxSharedKeys = 6

// maxSharedLeaves bounds how many distinct mappings are kept; past it, new
// ones are converted each time, as before.
const maxSharedLeaves = 4096

// maxSharedText bounds the keys and string values of a shared mapping: the
// mappings that repeat hold short values (100m, TCP, /healthz), and one
// that holds a long text (a ConfigMap's data) would only take memory.
const maxSharedText = 64

var (
	sharedSeed   = maphash.MakeSeed()
	sharedLeaves sync.Map // uint64 hash -> *sharedLeaf
	sharedCount  atomic.Int64
)

// sharedLeaf is a converted mapping with the pairs it was converted from,
// to tell it from another mapping of the same hash.
type sharedLeaf struct {
	keys   []string
	values []any
	term   *ast.Term
}

// leafPairs are the pairs of a mapping, read once by leafHash so that
// comparing it with a shared leaf needs no lookup in the mapping.
type leafPairs struct {
	n      int
	keys   [maxSharedKeys]string
	values [maxSharedKeys]any
}

// leafHash is a hash of a mapping whose values are all scalars, the same
// whatever the order of iteration, and its pairs in p; false when a value
// is not a scalar (or the mapping is empty or too large to be shared).
func leafHash(m map[string]any, p *leafPairs) (uint64, bool) {
	if len(m) == 0 || len(m) > maxSharedKeys {
		return 0, false
	}
	var sum uint64
	p.n = 0
	for k, v := range m {
		if p.n == maxSharedKeys || len(k) > maxSharedText {
			return 0, false
		}
		p.keys[p.n], p.values[p.n] = k, v
		p.n++
		h := maphash.String(sharedSeed, k)
		var vh uint64
		switch v := v.(type) {
		case nil:
			vh = 1
		case bool:
			vh = 2
			if v {
				vh = 3
			}
		case string:
			if len(v) > maxSharedText {
				return 0, false
			}
			vh = maphash.String(sharedSeed, v) ^ 0x5bd1e995
		case int64:
			vh = uint64(v)*0x9e3779b97f4a7c15 ^ 4
		case int:
			vh = uint64(v)*0x9e3779b97f4a7c15 ^ 5
		case float64:
			vh = math.Float64bits(v)*0x9e3779b97f4a7c15 ^ 6
		default:
			return 0, false
		}
		// Mixed per pair, then summed: the order of pairs does not count.
		x := h*31 + vh
		x ^= x >> 33
		x *= 0xff51afd7ed558ccd
		x ^= x >> 33
		sum += x
	}
	return sum, true
}

// matches reports whether p are exactly the leaf's pairs, each value of
// the same Go type and value (an int64 1 and a float64 1 convert to
// different numbers). Keys of a mapping are distinct, so equal counts
// and each pair found make the same mapping.
func (l *sharedLeaf) matches(p *leafPairs) bool {
	if p.n != len(l.keys) {
		return false
	}
	for i := range p.n {
		j := slices.Index(l.keys, p.keys[i])
		if j < 0 || !sameScalar(p.values[i], l.values[j]) {
			return false
		}
	}
	return true
}

func sameScalar(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	case int:
		y, ok := b.(int)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		// Bits, not ==: -0 and 0 format differently, and NaN never equals.
		return ok && math.Float64bits(x) == math.Float64bits(y)
	}
	return false
}

// lookupLeaf returns the shared value of a mapping equal to m, if any.
func lookupLeaf(h uint64, p *leafPairs) *ast.Term {
	v, ok := sharedLeaves.Load(h)
	if !ok {
		return nil
	}
	if l := v.(*sharedLeaf); l.matches(p) {
		return l.term
	}
	return nil
}

// storeLeaf converts m, keeps it for the documents to come and returns
// it; nil once maxSharedLeaves are kept. The shared value is allocated on
// its own, not in a document's blocks of terms (docConverter.term), which
// it would keep alive with every other value of that document.
func storeLeaf(h uint64, p *leafPairs) *ast.Term {
	if sharedCount.Load() >= maxSharedLeaves {
		return nil
	}
	l := &sharedLeaf{keys: slices.Clone(p.keys[:p.n]), values: slices.Clone(p.values[:p.n])}
	pairs := make([][2]*ast.Term, p.n)
	for i := range p.n {
		pairs[i] = [2]*ast.Term{sharedString(p.keys[i]), scalarTerm(p.values[i])}
	}
	l.term = ast.NewTerm(ast.NewObject(pairs...))
	if prev, loaded := sharedLeaves.LoadOrStore(h, l); loaded {
		if prev := prev.(*sharedLeaf); prev.matches(p) {
			return prev.term
		}
		return l.term // another mapping of the same hash: not shared
	}
	sharedCount.Add(1)
	return l.term
}

// sharedString is a term of s of its own (or a common one).
func sharedString(s string) *ast.Term {
	if len(s) <= maxCommonString {
		if t, ok := commonStrings[s]; ok {
			return t
		}
	}
	return ast.StringTerm(s)
}

// scalarTerm converts a scalar as docConverter.convert does, into terms
// of their own.
func scalarTerm(v any) *ast.Term {
	switch v := v.(type) {
	case string:
		return sharedString(v)
	case bool:
		return ast.InternedTerm(v)
	case int64:
		return intTerm(v)
	case int:
		return intTerm(int64(v))
	case float64:
		return ast.NewTerm(ast.Number(strconv.FormatFloat(v, 'g', -1, 64)))
	}
	return ast.InternedNullTerm
}

func intTerm(i int64) *ast.Term {
	if int64(int(i)) == i && ast.HasInternedIntNumberTerm(int(i)) {
		return ast.InternedTerm(int(i))
	}
	return ast.NewTerm(ast.Number(strconv.FormatInt(i, 10)))
}
