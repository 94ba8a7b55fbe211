package manifest

import "go.yaml.in/yaml/v3"

// node is a YAML node: the part of a yaml.Node that this package reads.
//
// The parsed trees are most of what a lint run allocates and holds: a
// manifest has dozens of nodes per object, and the objects keep theirs for
// positions until the end. A yaml.Node takes 152 bytes, with anchors,
// comments, and a 32-bit kind and style; a node takes 56. The fast parser
// builds nodes directly; the trees of the documents it leaves to yaml.v3
// are converted by fromYAML.
type node struct {
	Value string
	// Content holds the children: the keys and values of a mapping, in
	// turn, the items of a sequence, the value of a document. An alias
	// holds the node it names, or nothing when the anchor is unknown.
	Content      []*node
	Line, Column int32 // from 1, as yaml.v3 counts them
	Kind         nodeKind
	Style        uint8 // yaml.Style, whose flags fit in 8 bits
	Tag          nodeTag
}

// nodeKind is a yaml.Kind in a byte.
type nodeKind uint8

const (
	documentNode = nodeKind(yaml.DocumentNode)
	sequenceNode = nodeKind(yaml.SequenceNode)
	mappingNode  = nodeKind(yaml.MappingNode)
	scalarNode   = nodeKind(yaml.ScalarNode)
	aliasNode    = nodeKind(yaml.AliasNode)
)

// nodeTag is a node's resolved tag, as far as the decoder tells tags apart:
// every other tag (custom ones, !!set ...) is tagOther, whose scalars keep
// their text.
type nodeTag uint8

const (
	tagOther nodeTag = iota
	tagNone          // no tag: the document node
	tagStr
	tagNull
	tagBool
	tagInt
	tagFloat
	tagTimestamp
	tagMerge
	tagBinary
	tagSeq
	tagMap
)

// tagNames are the yaml.v3 tags of the nodeTags but tagOther.
var tagNames = [...]string{
	tagNone:      "",
	tagStr:       "!!str",
	tagNull:      "!!null",
	tagBool:      "!!bool",
	tagInt:       "!!int",
	tagFloat:     "!!float",
	tagTimestamp: "!!timestamp",
	tagMerge:     "!!merge",
	tagBinary:    "!!binary",
	tagSeq:       "!!seq",
	tagMap:       "!!map",
}

// tagOf returns the nodeTag of a yaml.v3 tag.
func tagOf(tag string) nodeTag {
	for t, name := range tagNames {
		if t != int(tagOther) && name == tag {
			return nodeTag(t)
		}
	}
	return tagOther
}

// fromYAML converts a yaml.v3 tree. A node that aliases name is converted
// once, even when it contains an alias to itself, so that the tree keeps
// its shape. The nodes, and the Content slices, come from one allocation
// each.
func fromYAML(y *yaml.Node) *node {
	nodes, ptrs := yamlSize(y)
	c := yamlConverter{nodes: make([]node, nodes), ptrs: make([]*node, ptrs)}
	return c.convert(y)
}

// yamlSize counts the nodes of a yaml.v3 tree, each once, and the
// pointers their Content slices hold.
func yamlSize(y *yaml.Node) (nodes, ptrs int) {
	nodes = 1
	if y.Kind == yaml.AliasNode {
		return nodes, 1
	}
	ptrs = len(y.Content)
	for _, c := range y.Content {
		n, p := yamlSize(c)
		nodes, ptrs = nodes+n, ptrs+p
	}
	return nodes, ptrs
}

type yamlConverter struct {
	nodes    []node               // free nodes
	ptrs     []*node              // free Content space
	anchored map[*yaml.Node]*node // the nodes with an anchor, converted
}

func (c *yamlConverter) convert(y *yaml.Node) *node {
	if n, ok := c.anchored[y]; ok {
		return n // named by an alias, met before
	}
	n := &c.nodes[0]
	c.nodes = c.nodes[1:]
	*n = node{
		Value:  y.Value,
		Line:   int32(y.Line),
		Column: int32(y.Column),
		Kind:   nodeKind(y.Kind),
		Style:  uint8(y.Style),
		Tag:    tagOf(y.Tag),
	}
	if y.Anchor != "" { // only an anchored node can be met twice
		if c.anchored == nil {
			c.anchored = make(map[*yaml.Node]*node)
		}
		c.anchored[y] = n
	}
	children := y.Content
	if y.Kind == yaml.AliasNode {
		children = nil
		if y.Alias != nil {
			children = []*yaml.Node{y.Alias}
		}
	}
	if children != nil {
		n.Content = c.ptrs[:len(children):len(children)]
		c.ptrs = c.ptrs[len(children):]
		for i, child := range children {
			n.Content[i] = c.convert(child)
		}
	}
	return n
}

// alias is the node an alias names; nil when the anchor is unknown.
func (n *node) alias() *node {
	if len(n.Content) == 0 {
		return nil
	}
	return n.Content[0]
}
