package manifest

import (
	"fmt"
	"math"
)

// maxAliasValues bounds how many values one document may produce through
// aliases (*name). Real manifests expand a few hundred at most; a "billion
// laughs" document, where each anchor repeats the previous one ten times,
// reaches the bound within microseconds instead of exhausting memory.
const maxAliasValues = 100_000

// decodeError is a reason why a YAML node cannot become a JSON-compatible
// value, at a line of the document being decoded.
type decodeError struct {
	line int // line in the file, from 1
	msg  string
}

func (e *decodeError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// decoder turns a tree of nodes into the values encoding/json would produce
// for the same document: map[string]any, []any, string, int64, float64,
// bool and nil.
//
// It walks the tree itself rather than calling yaml.v3's Node.Decode: it
// needs no reflection, reports duplicate keys with both lines, keeps
// timestamps as strings, yields int64 rather than int, and bounds alias
// expansion.
type decoder struct {
	lineOffset  int            // add to node lines to get file lines
	aliasDepth  int            // > 0 while expanding an alias
	aliasValues int            // values produced through aliases so far
	expanding   map[*node]bool // anchors being expanded, to catch cycles
	keys        *keyCache      // canonical keys met before; nil: none kept
}

// errorf builds a decodeError at node n.
func (d *decoder) errorf(n *node, format string, args ...any) error {
	return &decodeError{line: int(n.Line) + d.lineOffset, msg: fmt.Sprintf(format, args...)}
}

// value decodes any node.
func (d *decoder) value(n *node) (any, error) {
	if d.aliasDepth > 0 {
		d.aliasValues++
		if d.aliasValues > maxAliasValues {
			return nil, d.errorf(n, "document uses excessive aliasing (more than %d values expanded from aliases)", maxAliasValues)
		}
	}
	switch n.Kind {
	case scalarNode:
		return d.scalar(n)
	case mappingNode:
		return d.mapping(n)
	case sequenceNode:
		return d.sequence(n)
	case aliasNode:
		return d.alias(n)
	case documentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return d.value(n.Content[0])
	}
	return nil, d.errorf(n, "unexpected YAML node kind %d", n.Kind)
}

func (d *decoder) sequence(n *node) ([]any, error) {
	out := make([]any, len(n.Content))
	for i, item := range n.Content {
		v, err := d.value(item)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// mapping decodes a mapping. Explicit keys win over keys brought in by a
// merge key (<<: *base), and earlier merged mappings win over later ones,
// as YAML's merge key type says.
func (d *decoder) mapping(n *node) (map[string]any, error) {
	out := make(map[string]any, len(n.Content)/2)
	hasMerge := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if isMergeKey(k) {
			hasMerge = true
			continue
		}
		key, err := d.mappingKey(k)
		if err != nil {
			return nil, err
		}
		v, err := d.value(n.Content[i+1])
		if err != nil {
			return nil, err
		}
		before := len(out)
		out[key] = v
		if len(out) == before {
			return nil, d.duplicateKey(n, i, key)
		}
	}
	if !hasMerge {
		return out, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMergeKey(n.Content[i]) {
			if err := d.merge(out, n.Content[i+1]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// merge adds to out the keys of the mapping, or list of mappings, that a
// merge key names, without replacing keys out already has.
func (d *decoder) merge(out map[string]any, n *node) error {
	sources := []*node{n}
	if resolved := resolveAlias(n); resolved.Kind == sequenceNode {
		sources = resolved.Content
	}
	for _, src := range sources {
		if resolveAlias(src).Kind != mappingNode {
			return d.errorf(src, "the value of a merge key (<<) must be a mapping or a list of mappings")
		}
		v, err := d.value(src)
		if err != nil {
			return err
		}
		for k, v := range v.(map[string]any) {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	}
	return nil
}

// alias decodes the node an alias refers to, counting what it produces.
func (d *decoder) alias(n *node) (any, error) {
	target := n.alias()
	if target == nil {
		return nil, d.errorf(n, "unknown anchor %q referenced", n.Value)
	}
	if d.expanding[target] {
		return nil, d.errorf(n, "alias *%s refers to a value that contains it", n.Value)
	}
	if d.expanding == nil {
		d.expanding = make(map[*node]bool)
	}
	d.expanding[target] = true
	d.aliasDepth++
	v, err := d.value(target)
	d.aliasDepth--
	delete(d.expanding, target)
	return v, err
}

// duplicateKey builds the error for the key at n.Content[i], naming the
// line where the same key was first defined.
func (d *decoder) duplicateKey(n *node, i int, key string) error {
	first := 0
	for j := 0; j < i; j += 2 {
		if k, err := d.mappingKey(n.Content[j]); err == nil && k == key && !isMergeKey(n.Content[j]) {
			first = int(n.Content[j].Line)
			break
		}
	}
	return d.errorf(n.Content[i], "mapping key %q already defined at line %d", key, first+d.lineOffset)
}

// mappingKey returns the JSON object key for a YAML key, as
// sigs.k8s.io/yaml makes it: the text of a string, and the text of what a
// plain key resolves to, so `80: http` has the key "80" and `on: push` the
// key "true".
func (d *decoder) mappingKey(k *node) (string, error) {
	r := resolveAlias(k)
	if r.Kind != scalarNode {
		return "", d.errorf(k, "a mapping key must be a scalar, not %s", kindName(r))
	}
	key, ok := keyString11(r)
	if !ok {
		return "", d.errorf(k, "mapping key %s cannot be a JSON object key", kindName(r))
	}
	if d.keys == nil {
		return ownKey(key), nil
	}
	return d.keys.own(key), nil
}

func isMergeKey(k *node) bool {
	return k.Kind == scalarNode && k.Tag == tagMerge
}

// resolveAlias follows an alias to the node it names.
func resolveAlias(n *node) *node {
	for n.Kind == aliasNode && n.alias() != nil {
		n = n.alias()
	}
	return n
}

// scalar decodes a scalar as sigs.k8s.io/yaml does (yaml11.go): a plain
// one by YAML 1.1 rules, so yes is true and 0755 is 493. Timestamps keep
// their text; infinities and NaN, which JSON cannot hold, are errors.
func (d *decoder) scalar(n *node) (any, error) {
	var v any
	if r, untagged := untaggedScalar11(n); untagged {
		if r.kind == kindString {
			// Most scalars: copied and boxed once, rather than boxed,
			// unboxed and copied, and boxed again.
			return ownValue(n.Value), nil
		}
		v = r.value(n.Value) // resolved once
	} else {
		tagged, err := scalarValue11(n)
		if err != nil {
			return nil, d.errorf(n, "%v", err)
		}
		v = tagged
	}
	switch x := v.(type) {
	case string:
		return ownValue(x), nil
	case bigUint:
		return float64(x), nil // beyond int64: JSON numbers are floats anyway
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, d.errorf(n, "%s is not a number JSON can hold, so Kubernetes cannot accept it", n.Value)
		}
	}
	return v, nil
}

// kindName names a node's kind for messages, with the type a scalar has
// once read (yaml11.go).
func kindName(n *node) string {
	switch n.Kind {
	case mappingNode:
		return "a mapping"
	case sequenceNode:
		return "a list"
	case scalarNode:
		v, err := scalarValue11(n)
		if err != nil {
			return fmt.Sprintf("the string %q", n.Value)
		}
		switch v.(type) {
		case nil:
			return "null"
		case bool:
			return fmt.Sprintf("the boolean %q", n.Value)
		case int64, bigUint, float64:
			return fmt.Sprintf("the number %q", n.Value)
		}
		return fmt.Sprintf("the string %q", n.Value)
	}
	return "an alias"
}
