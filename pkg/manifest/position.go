package manifest

import (
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// Position returns where a field of the object is written. For a scalar it
// is the position of the value (the image in `image: nginx`), for a mapping,
// a list or an empty value the position of its key, for a list item the
// item itself. When
// the path does not exist, or is malformed past some point, it is the
// position of the deepest field that does exist, so a missing `resources`
// points at its container. The empty path is the object itself.
func (o *Object) Position(path string) finding.Location {
	key, node, _ := o.find(path)
	if node == o.node {
		return o.Location()
	}
	if key != nil && (resolveAlias(node).Kind != scalarNode || isImplicitNull(node)) {
		return o.at(key)
	}
	return o.at(node)
}

// isImplicitNull reports whether a value is left empty (`resources:`); its
// node sits after the colon, where nothing is written, so the key is the
// better place to point at.
func isImplicitNull(n *node) bool {
	return n.Kind == scalarNode && n.Tag == tagNull && n.Value == ""
}

// find follows a field path through the object's nodes as far as it goes.
// It returns the value node reached, its key (nil for a list item and for
// the object itself), and whether the whole path was followed.
func (o *Object) find(path string) (key, node *node, complete bool) {
	node = o.node
	for path != "" {
		seg, rest, ok := nextSegment(path)
		if !ok {
			return key, node, strings.TrimPrefix(path, ".") == ""
		}
		k, v := child(node, seg)
		if v == nil {
			return key, node, false
		}
		key, node = k, v
		path = rest
	}
	return key, node, true
}

// child finds the key and value nodes that a path segment names inside n;
// the value is nil when there is none. A list item has no key.
func child(n *node, seg segment) (key, value *node) {
	n = resolveAlias(n)
	if seg.isIndex {
		if n.Kind != sequenceNode || seg.index >= len(n.Content) {
			return nil, nil
		}
		return nil, n.Content[seg.index]
	}
	if n.Kind != mappingNode {
		return nil, nil
	}
	return mappingEntry(n, seg.key)
}

// mappingEntry finds a key in a mapping, then in the mappings its merge
// keys (<<) bring in, in the order that decides which value wins.
func mappingEntry(n *node, key string) (k, v *node) {
	resolvable := mayBeResolvedKey(key)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if c := resolveAlias(n.Content[i]); c.Kind == scalarNode && !isMergeKey(c) && keyIs(c, key, resolvable) {
			return n.Content[i], n.Content[i+1]
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !isMergeKey(n.Content[i]) {
			continue
		}
		sources := []*node{n.Content[i+1]}
		if s := resolveAlias(n.Content[i+1]); s.Kind == sequenceNode {
			sources = s.Content
		}
		for _, src := range sources {
			if src = resolveAlias(src); src.Kind == mappingNode {
				if k, v := mappingEntry(src, key); v != nil {
					return k, v
				}
			}
		}
	}
	return nil, nil
}
