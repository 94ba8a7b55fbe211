package manifest

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"go.yaml.in/yaml/v3"
)

// useFastYAML turns the fast parser on; benchmarks turn it off to measure
// yaml.v3 alone.
var useFastYAML = true

// fastParse is a parser for the YAML that Kubernetes manifests are made of.
// It returns the tree that yaml.Unmarshal would build for the document,
// as nodes (see node), or nil when the document uses anything it does not handle;
// the caller then parses the document with yaml.v3.
//
// Why it exists: yaml.v3 is the reference, and stays the fallback, but its
// parser, a translation of libyaml that goes through tokens and events with
// comment bookkeeping at every step, reads about 10 MB/s, the largest cost of
// linting a big repository outside policy evaluation. No faster YAML library
// builds yaml.v3's nodes with its exact lines, columns and tag resolution,
// which findings and the decoder depend on. Manifests, however, use a small
// part of YAML: block mappings and sequences, one-line scalars, one-line flow
// collections of scalars. This parser reads that part, line by line, several
// times faster, and gives up on everything else.
//
// What it accepts:
//   - block mappings, and block sequences, including "- " sequences at the
//     indentation of their parent key and compact mappings ("- name: x");
//   - plain scalars on one line, tags resolved as yaml.v3's resolve() does
//     (see resolvePlain), and single- or double-quoted scalars on one line;
//   - flow sequences and mappings of such scalars, nested, on one line
//     ([], {}, [a, "b"], {name: http, port: 80});
//   - literal block scalars (|, |- and |+) as values of mapping keys, the
//     way ConfigMaps hold files, with text on their first line;
//   - comments, blank lines, and one "---" before the content.
//
// It gives up on anything else: anchors, aliases, tags, folded block
// scalars (>), block scalars with an indentation indicator, in a sequence
// or starting with blank lines, plain or quoted scalars and flow
// collections spanning lines, empty sequence items, complex
// keys, merge keys, directives, "...", tabs, control characters, byte order
// marks and the Unicode line breaks, indentation that does not line up with
// an open collection, a top-level value that is not a block mapping, and
// every syntax error. Giving up costs at most one pass over the document,
// and when in doubt it gives up: the differential tests and FuzzFastYAML
// check that a tree it returns equals yaml.v3's.
//
// The nodes' values share the memory of data, which must not change
// afterwards.
//
// Nodes hold no comments: nothing in this package reads them. Every field
// a node has (Kind, Tag, Value, Line, Column, Content, Style) equals
// yaml.v3's.
func fastParse(data []byte) *node {
	return fastParseWith(data, new(fastStacks))
}

// fastStacks is the working memory of the fast parser, which a goroutine
// that parses document after document keeps from one to the next.
type fastStacks struct {
	blocks []fastBlock
	stack  []*node
	// keys are the canonical mapping keys the decoder has met on this
	// goroutine (owned.go).
	keys keyCache
}

// fastParseWith is fastParse with the stacks of the previous document.
func fastParseWith(data []byte, s *fastStacks) *node {
	ok, nonASCII, nodes := scanText(data)
	if !ok {
		return nil
	}
	// The values of plain and simply quoted scalars, most of the text, are
	// substrings of data, not copies: the caller does not change data
	// while the tree or anything decoded from it is in use (see parseOwned).
	p := fastParser{src: unsafe.String(unsafe.SliceData(data), len(data)), nonASCII: nonASCII}
	p.blocks, p.stack = s.blocks[:0], s.stack[:0]
	defer func() {
		// Keep the stacks, grown to fit, but no node: the tree is the
		// caller's. Stacks that a rare, huge document grew are let go
		// rather than cleared after each document.
		if cap(p.blocks) > 256 || cap(p.stack) > 1024 {
			*s = fastStacks{}
			return
		}
		clear(p.blocks[:cap(p.blocks)])
		clear(p.stack[:cap(p.stack)])
		s.blocks, s.stack = p.blocks[:0], p.stack[:0]
	}()
	p.chunk = nodes
	p.ptrChunk = p.chunk - 1 // every node but the document is in a Content
	if !p.parse() {
		return nil
	}
	return p.doc
}

// fastBlock is an open block collection.
type fastBlock struct {
	node       *node
	indent     int  // column, from 0, of its keys or dashes
	seq        bool // a sequence, not a mapping
	indentless bool // a sequence at the indentation of its parent's keys
	children   int  // where its children start in fastParser.stack
}

type fastParser struct {
	src      string
	nonASCII bool // the document has bytes >= 0x80: columns count runes

	next      int // start of the next line
	line      int // number of the current line, from 1
	lineStart int // offset of the current line
	lineEnd   int // offset of the current line's end, before "\r\n" or "\n"

	doc     *node
	blocks  []fastBlock
	stack   []*node // children of the open collections
	pending bool    // the last key of the innermost mapping has no value yet
	pendCol int     // the column of its empty value, from 1

	chunk    int     // nodes to allocate at once
	ptrChunk int     // Content pointers to allocate at once
	nodes    []node  // slab of free nodes
	ptrs     []*node // slab of free Content space
}

// scanText reads a document once before it is parsed, for two answers.
//
// ok: the text holds only characters the fast parser handles: printable
// ASCII, "\n", "\r\n", and valid UTF-8 of the characters yaml.v3 reads as
// ordinary ones; nonASCII: it holds non-ASCII characters.
//
// nodes: about how many nodes the fast parser builds for the document, so
// that one slab usually holds them all: the nodes live as long as the
// objects, and each one a slab holds but the tree does not use is memory
// kept for nothing. Besides the document and its mapping, every node is a
// key and its value (a colon that ends a key), a sequence item ("- "), or
// an item of a flow sequence (a "[" or a "," outside braces); the "{" of a
// flow mapping is the value of a key or an item, counted already. For the
// manifests this parser reads, the count is exact or close to it; it goes
// over for those marks inside quoted scalars and comments, and under for
// some nestings of flow collections, which newNode makes up for.
//
// One pass with one table lookup per byte: the two used to be separate
// loops, 3.6 % of a lint run together.
func scanText(data []byte) (ok, nonASCII bool, nodes int) {
	nodes = 2
	braces := 0 // open flow mappings on the line
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch textClasses[c] {
		case plainByte:
			continue // most bytes
		case markByte:
			switch c {
			case ':', '-':
				if i+1 == len(data) || data[i+1] == ' ' || data[i+1] == '\n' || data[i+1] == '\r' {
					if c == ':' {
						nodes += 2
					} else {
						nodes++
					}
				}
			case '[':
				nodes++
			case ',':
				if braces <= 0 {
					nodes++
				}
			case '{':
				braces++
			case '}':
				braces--
			case '\n':
				braces = 0
			}
		default: // otherByte
			switch {
			case c == '\r':
				if i+1 >= len(data) || data[i+1] != '\n' {
					return false, false, 0
				}
			case c >= 0x80:
				r, size := utf8.DecodeRune(data[i:])
				if size == 1 || !fastRuneOK(r) {
					return false, false, 0
				}
				nonASCII = true
				i += size - 1
			default: // tab, other control characters, DEL
				return false, false, 0
			}
		}
	}
	return true, nonASCII, nodes
}

// The classes of bytes scanText tells apart.
const (
	plainByte = iota // printable ASCII that marks no node
	markByte         // a byte the node count looks at: : - [ , { } and "\n"
	otherByte        // "\r", a control character, DEL or a byte of UTF-8
)

var textClasses = func() (t [256]uint8) {
	for c := range t {
		switch {
		case strings.IndexByte(":-[,{}\n", byte(c)) >= 0:
			t[c] = markByte
		case c >= 0x20 && c < 0x7f:
			t[c] = plainByte
		default:
			t[c] = otherByte
		}
	}
	return t
}()

// fastRuneOK reports whether yaml.v3 reads a non-ASCII character as an
// ordinary one: printable, and not a line break (NEL, LS, PS) or a byte
// order mark, which it skips at a line start.
func fastRuneOK(r rune) bool {
	switch {
	case r == 0xFEFF, r == 0x2028, r == 0x2029:
		return false
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// newNode takes a node from the slab.
func (p *fastParser) newNode(kind nodeKind, style yaml.Style, tag nodeTag, value string, pos int) *node {
	if len(p.nodes) == 0 {
		// A new slab; the nodes taken from the previous ones stay where
		// they are. When the estimate falls short, it is rarely by much.
		p.nodes = make([]node, p.chunk)
		p.chunk = 16
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	n.Kind, n.Style, n.Tag, n.Value = kind, uint8(style), tag, value
	n.Line, n.Column = int32(p.line), int32(p.col(pos))
	return n
}

// col is the column, from 1, of an offset in the current line. yaml.v3
// counts characters, not bytes.
func (p *fastParser) col(pos int) int {
	if !p.nonASCII {
		return pos - p.lineStart + 1
	}
	return utf8.RuneCountInString(p.src[p.lineStart:pos]) + 1
}

// finish gives a collection the children collected since from.
func (p *fastParser) finish(n *node, from int) {
	k := len(p.stack) - from
	if k > 0 {
		if len(p.ptrs) < k {
			p.ptrs = make([]*node, max(k, p.ptrChunk))
			p.ptrChunk = 16
		}
		c := p.ptrs[:k:k]
		p.ptrs = p.ptrs[k:]
		copy(c, p.stack[from:])
		n.Content = c
		clear(p.stack[from:])
		p.stack = p.stack[:from]
	}
}

// open starts a block collection at the offset pos of the current line.
func (p *fastParser) open(seq, indentless bool, pos int) {
	var n *node
	if seq {
		n = p.newNode(sequenceNode, 0, tagSeq, "", pos)
	} else {
		n = p.newNode(mappingNode, 0, tagMap, "", pos)
	}
	p.stack = append(p.stack, n)
	p.blocks = append(p.blocks, fastBlock{node: n, indent: pos - p.lineStart, seq: seq, indentless: indentless, children: len(p.stack)})
}

// close ends the innermost block collection.
func (p *fastParser) close() {
	b := p.blocks[len(p.blocks)-1]
	p.blocks = p.blocks[:len(p.blocks)-1]
	p.finish(b.node, b.children)
}

// resolvePending gives the pending key its empty value.
func (p *fastParser) resolvePending(line int) {
	if p.pending {
		n := p.newNode(scalarNode, 0, tagNull, "", p.lineStart)
		n.Line, n.Column = int32(line), int32(p.pendCol)
		p.stack = append(p.stack, n)
		p.pending = false
	}
}

// parse reads the document line by line.
func (p *fastParser) parse() bool {
	src := p.src
	started := false // content or "---" seen
	pendLine := 0
	for p.next < len(src) {
		start := p.next
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
			p.next = len(src)
		} else {
			end += start
			p.next = end + 1
		}
		p.line++
		if end > start && src[end-1] == '\r' {
			end--
		}
		p.lineStart, p.lineEnd = start, end
		i := start
		for i < end && src[i] == ' ' {
			i++
		}
		if i == end || src[i] == '#' {
			continue
		}
		indent := i - start
		if indent == 0 {
			switch c := src[i]; c {
			case '%':
				return false // a directive
			case '-', '.':
				if end-i >= 3 && src[i+1] == c && src[i+2] == c && (end-i == 3 || src[i+3] == ' ') {
					// "---" may start the document; "..." and a second
					// "---" are left to yaml.v3.
					if c == '.' || started || !p.trailer(i+3) {
						return false
					}
					started = true
					p.doc = p.newNode(documentNode, 0, tagNone, "", i)
					continue
				}
			}
		}
		if p.doc == nil {
			p.doc = p.newNode(documentNode, 0, tagNone, "", i)
		}
		started = true
		if p.pending {
			top := &p.blocks[len(p.blocks)-1]
			switch {
			case indent > top.indent:
				p.pending = false
				if p.isDash(i) {
					p.open(true, false, i)
					if !p.item(i) {
						return false
					}
				} else {
					p.open(false, false, i)
					if !p.keyLine(i) {
						return false
					}
				}
				pendLine = p.line
				continue
			case indent == top.indent && p.isDash(i):
				p.pending = false
				p.open(true, true, i)
				if !p.item(i) {
					return false
				}
				pendLine = p.line
				continue
			}
			p.resolvePending(pendLine)
		}
		for len(p.blocks) > 0 && p.blocks[len(p.blocks)-1].indent > indent {
			p.close()
		}
		if len(p.blocks) == 0 {
			if len(p.doc.Content) > 0 || len(p.stack) > 0 || p.isDash(i) {
				return false // a second top-level value, or a sequence
			}
			p.open(false, false, i)
		} else if top := p.blocks[len(p.blocks)-1]; top.indent != indent {
			return false
		} else if top.seq && !p.isDash(i) {
			if !top.indentless {
				return false
			}
			p.close() // the mapping that holds it has the same indentation
		}
		top := p.blocks[len(p.blocks)-1]
		var ok bool
		if top.seq {
			ok = p.item(i)
		} else {
			ok = !p.isDash(i) && p.keyLine(i)
		}
		if !ok {
			return false
		}
		pendLine = p.line
	}
	if p.doc == nil || len(p.blocks) == 0 {
		return false
	}
	p.resolvePending(pendLine)
	for len(p.blocks) > 0 {
		p.close()
	}
	p.finish(p.doc, 0)
	return len(p.doc.Content) == 1
}

// isDash reports whether a block sequence entry starts at i.
func (p *fastParser) isDash(i int) bool {
	return p.src[i] == '-' && (i+1 == p.lineEnd || p.src[i+1] == ' ')
}

// trailer reports whether the line holds nothing after i but spaces and a
// comment that spaces set apart.
func (p *fastParser) trailer(i int) bool {
	if i == p.lineEnd {
		return true
	}
	if p.src[i] != ' ' {
		return false
	}
	for i < p.lineEnd && p.src[i] == ' ' {
		i++
	}
	return i == p.lineEnd || p.src[i] == '#'
}

// skipSpaces returns the first offset from i that is not a space.
func (p *fastParser) skipSpaces(i int) int {
	for i < p.lineEnd && p.src[i] == ' ' {
		i++
	}
	return i
}

// isKeyEnd reports whether a mapping key ends at i: ':' and a space or the
// end of the line.
func (p *fastParser) isKeyEnd(i int) bool {
	return i < p.lineEnd && p.src[i] == ':' && (i+1 == p.lineEnd || p.src[i+1] == ' ')
}

// item reads a block sequence entry, the dash at i.
func (p *fastParser) item(i int) bool {
	j := p.skipSpaces(i + 1)
	if j == p.lineEnd || p.src[j] == '#' || p.isDash(j) {
		return false // an empty entry, or one that holds a sequence
	}
	if c := p.src[j]; c == '[' || c == '{' {
		n, k, ok := p.flow(j, 0)
		if !ok || !p.trailer(k) {
			return false
		}
		p.stack = append(p.stack, n)
		return true
	}
	n, k, ok := p.blockScalar(j)
	if !ok {
		return false
	}
	if p.isKeyEnd(k) {
		// A compact mapping: "- name: x".
		p.open(false, false, j)
		return p.keyRest(n, j, k)
	}
	if !p.trailer(k) {
		return false
	}
	p.stack = append(p.stack, n)
	return true
}

// keyLine reads "key: value" or "key:" at i.
func (p *fastParser) keyLine(i int) bool {
	if c := p.src[i]; c == '[' || c == '{' {
		return false
	}
	n, k, ok := p.blockScalar(i)
	if !ok || !p.isKeyEnd(k) {
		return false
	}
	return p.keyRest(n, i, k)
}

// keyRest adds the key n, read from i to the colon at k, to the innermost
// mapping, and reads its value if it is on the same line.
func (p *fastParser) keyRest(n *node, i, k int) bool {
	if k-i > 1000 {
		return false // yaml.v3 limits simple keys to 1024 characters
	}
	p.stack = append(p.stack, n)
	j := p.skipSpaces(k + 1)
	if j == p.lineEnd || p.src[j] == '#' {
		p.pending = true
		p.pendCol = p.col(k) + 1
		return true
	}
	switch c := p.src[j]; {
	case c == '[' || c == '{':
		v, k, ok := p.flow(j, 0)
		if !ok || !p.trailer(k) {
			return false
		}
		p.stack = append(p.stack, v)
		return true
	case c == '|':
		v, ok := p.literal(j)
		if !ok {
			return false
		}
		p.stack = append(p.stack, v)
		return true
	case p.isDash(j):
		return false
	}
	v, k, ok := p.blockScalar(j)
	if !ok || !p.trailer(k) {
		return false
	}
	p.stack = append(p.stack, v)
	return true
}

// blockScalar reads a one-line scalar at i in the block context; k is where
// it ends: at the end of the line, at a comment, at the closing quote, or at
// a colon that ends a key.
func (p *fastParser) blockScalar(i int) (n *node, k int, ok bool) {
	src := p.src
	switch c := src[i]; c {
	case '\'', '"':
		return p.quotedScalar(i)
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return nil, 0, false
	case '-':
		if i+1 == p.lineEnd || src[i+1] == ' ' {
			return nil, 0, false
		}
	}
	k = i
	last := i // end of the text without trailing spaces
	for k < p.lineEnd {
		c := src[k]
		if c == ' ' {
			if k+1 < p.lineEnd && src[k+1] == '#' {
				break
			}
		} else {
			if c == ':' && (k+1 == p.lineEnd || src[k+1] == ' ') {
				break
			}
			last = k + 1
		}
		k++
	}
	return p.plainScalar(i, last, k)
}

// literal reads a literal block scalar, the value of a mapping key, its
// indicator "|", "|-" or "|+" at i, and the lines it holds. It gives up on
// an indentation indicator, on blank lines before the first line of text,
// and on a scalar without text.
func (p *fastParser) literal(i int) (*node, bool) {
	src := p.src
	k := i + 1
	chomp := 0 // clip; -1 strip, 1 keep
	if k < p.lineEnd && (src[k] == '-' || src[k] == '+') {
		chomp = 1
		if src[k] == '-' {
			chomp = -1
		}
		k++
	}
	if !p.trailer(k) {
		return nil, false
	}
	n := p.newNode(scalarNode, yaml.LiteralStyle, tagStr, "", i)
	parent := p.blocks[len(p.blocks)-1].indent
	indent := -1
	var b []byte
	breaks := 0           // blank lines since the last line of text
	leadingBreak := false // the last line of text ended with a line break
	pos, line := p.next, p.line
	for pos < len(src) {
		end := strings.IndexByte(src[pos:], '\n')
		next := len(src)
		broken := end >= 0
		if broken {
			end += pos
			next = end + 1
		} else {
			end = len(src)
		}
		if end > pos && src[end-1] == '\r' {
			end--
		}
		sp := 0
		for pos+sp < end && src[pos+sp] == ' ' {
			sp++
		}
		if indent < 0 {
			if pos+sp == end || sp <= parent {
				return nil, false
			}
			indent = sp
		}
		switch {
		case sp < indent && pos+sp < end:
			// The first line of less indented text ends the scalar.
			end = -1
		case sp < indent || pos+indent == end:
			if broken {
				breaks++
			}
		default:
			if leadingBreak {
				b = append(b, '\n')
			}
			for ; breaks > 0; breaks-- {
				b = append(b, '\n')
			}
			b = append(b, src[pos+indent:end]...)
			leadingBreak = broken
		}
		if end < 0 {
			break
		}
		pos = next
		line++
	}
	if indent < 0 {
		return nil, false
	}
	if leadingBreak && chomp != -1 {
		b = append(b, '\n')
	}
	if chomp == 1 {
		for ; breaks > 0; breaks-- {
			b = append(b, '\n')
		}
	}
	n.Value = string(b)
	p.next, p.line = pos, line
	return n, true
}

// quoted reads a quoted scalar that ends on its line, the quote at i; k is
// after the closing quote.
func (p *fastParser) quoted(i int) (v string, k int, ok bool) {
	src := p.src[:p.lineEnd]
	if src[i] == '\'' {
		j := strings.IndexByte(src[i+1:], '\'')
		if j < 0 {
			return "", 0, false
		}
		j += i + 1
		if j+1 >= len(src) || src[j+1] != '\'' {
			return src[i+1 : j], j + 1, true
		}
		var b strings.Builder
		k := i + 1
		for {
			j := strings.IndexByte(src[k:], '\'')
			if j < 0 {
				return "", 0, false
			}
			j += k
			b.WriteString(src[k:j])
			if j+1 < len(src) && src[j+1] == '\'' {
				b.WriteByte('\'')
				k = j + 2
				continue
			}
			return b.String(), j + 1, true
		}
	}
	k = i + 1
	for k < len(src) && src[k] != '"' && src[k] != '\\' {
		k++
	}
	if k == len(src) {
		return "", 0, false
	}
	if src[k] == '"' {
		return src[i+1 : k], k + 1, true
	}
	b := []byte(src[i+1 : k])
	for k < len(src) {
		c := src[k]
		switch c {
		case '"':
			return string(b), k + 1, true
		case '\\':
			if k+1 >= len(src) {
				return "", 0, false // an escaped line break
			}
			size := 0
			switch src[k+1] {
			case '0':
				b = append(b, 0)
			case 'a':
				b = append(b, '\a')
			case 'b':
				b = append(b, '\b')
			case 't':
				b = append(b, '\t')
			case 'n':
				b = append(b, '\n')
			case 'v':
				b = append(b, '\v')
			case 'f':
				b = append(b, '\f')
			case 'r':
				b = append(b, '\r')
			case 'e':
				b = append(b, 0x1b)
			case ' ', '"', '\'', '\\':
				b = append(b, src[k+1])
			case 'N':
				b = append(b, "\u0085"...)
			case '_':
				b = append(b, "\u00a0"...)
			case 'L':
				b = append(b, "\u2028"...)
			case 'P':
				b = append(b, "\u2029"...)
			case 'x':
				size = 2
			case 'u':
				size = 4
			case 'U':
				size = 8
			default:
				return "", 0, false
			}
			k += 2
			if size > 0 {
				if k+size > len(src) {
					return "", 0, false
				}
				r, err := strconv.ParseUint(src[k:k+size], 16, 32)
				if err != nil || r >= 0xD800 && r <= 0xDFFF || r > 0x10FFFF {
					return "", 0, false
				}
				b = utf8.AppendRune(b, rune(r))
				k += size
			}
		default:
			b = append(b, c)
			k++
		}
	}
	return "", 0, false
}

// maxFlowDepth bounds the nesting of flow collections the fast parser reads.
const maxFlowDepth = 16

// flow reads a flow collection that ends on its line, the bracket at i; k
// is after the closing bracket.
func (p *fastParser) flow(i, depth int) (n *node, k int, ok bool) {
	if depth >= maxFlowDepth {
		return nil, 0, false
	}
	src := p.src
	isMap := src[i] == '{'
	closer := byte(']')
	if isMap {
		n = p.newNode(mappingNode, yaml.FlowStyle, tagMap, "", i)
		closer = '}'
	} else {
		n = p.newNode(sequenceNode, yaml.FlowStyle, tagSeq, "", i)
	}
	from := len(p.stack)
	k = i + 1
	for first := true; ; first = false {
		k = p.skipSpaces(k)
		if k == p.lineEnd {
			return nil, 0, false
		}
		if src[k] == closer && first {
			k++
			break
		}
		if isMap {
			key, e, ok := p.flowScalar(k)
			if !ok || e+1 >= p.lineEnd || src[e] != ':' || src[e+1] != ' ' || e-k > 1000 {
				return nil, 0, false
			}
			p.stack = append(p.stack, key)
			k = p.skipSpaces(e + 1)
		}
		v, e, ok := p.flowValue(k, depth)
		if !ok {
			return nil, 0, false
		}
		p.stack = append(p.stack, v)
		k = p.skipSpaces(e)
		if k == p.lineEnd {
			return nil, 0, false
		}
		if src[k] == closer {
			k++
			break
		}
		if src[k] != ',' {
			return nil, 0, false
		}
		k++
	}
	p.finish(n, from)
	return n, k, true
}

// flowValue reads a scalar or a collection inside a flow collection.
func (p *fastParser) flowValue(i, depth int) (*node, int, bool) {
	if i == p.lineEnd {
		return nil, 0, false
	}
	if c := p.src[i]; c == '[' || c == '{' {
		return p.flow(i, depth+1)
	}
	return p.flowScalar(i)
}

// plainScalar makes the node of the plain scalar src[i:last], in either
// context, whose reading ended at k; a merge key ("<<") is left to yaml.v3.
func (p *fastParser) plainScalar(i, last, k int) (n *node, end int, ok bool) {
	v := p.src[i:last]
	tag := resolvePlain(v)
	if tag == tagMerge {
		return nil, 0, false
	}
	return p.newNode(scalarNode, 0, tag, v, i), k, true
}

// quotedScalar reads the single- or double-quoted scalar that starts at i,
// in either context; k is where it ends.
func (p *fastParser) quotedScalar(i int) (n *node, k int, ok bool) {
	v, k, ok := p.quoted(i)
	if !ok {
		return nil, 0, false
	}
	style := yaml.DoubleQuotedStyle
	if p.src[i] == '\'' {
		style = yaml.SingleQuotedStyle
	}
	return p.newNode(scalarNode, style, tagStr, v, i), k, true
}

// flowScalar reads a scalar inside a flow collection; k is where it ends.
func (p *fastParser) flowScalar(i int) (n *node, k int, ok bool) {
	src := p.src
	if i == p.lineEnd {
		return nil, 0, false
	}
	switch c := src[i]; c {
	case '\'', '"':
		return p.quotedScalar(i)
	case '-':
		if i+1 == p.lineEnd || !fastFlowPlainSecond(src[i+1]) {
			return nil, 0, false
		}
	default:
		if !fastFlowPlainFirst(c) {
			return nil, 0, false
		}
	}
	k = i
	last := i
loop:
	for k < p.lineEnd {
		switch c := src[k]; c {
		case ',', '[', ']', '{', '}', ':':
			break loop
		case '#', '?':
			return nil, 0, false
		case ' ':
		default:
			last = k + 1
		}
		k++
	}
	return p.plainScalar(i, last, k)
}

// fastFlowPlainFirst reports whether a plain scalar inside a flow collection
// may start with c, as far as the fast parser goes.
func fastFlowPlainFirst(c byte) bool {
	switch c {
	case ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// fastFlowPlainSecond reports whether c may follow a leading '-' of a plain
// scalar inside a flow collection, as far as the fast parser goes.
func fastFlowPlainSecond(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '_'
}

// resolvePlain returns the tag yaml.v3's resolve("", s) gives the plain
// scalar s: the YAML 1.2 core schema, timestamps, 0777 and 0o777 octals,
// 0b binaries, underscores in numbers, and "<<" as a merge key.
func resolvePlain(s string) nodeTag {
	if s == "" {
		return tagNull
	}
	switch c := s[0]; {
	case c == 'y' || c == 'Y' || c == 'n' || c == 'N' || c == 't' || c == 'T' ||
		c == 'f' || c == 'F' || c == 'o' || c == 'O' || c == '~' || c == '<':
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return tagBool
		case "~", "null", "Null", "NULL":
			return tagNull
		case "<<":
			return tagMerge
		}
		return tagStr
	case c == '.':
		switch s {
		case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF":
			return tagFloat
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return tagFloat
		}
		return tagStr
	case c >= '0' && c <= '9' || c == '+' || c == '-':
		return resolveNumber(s)
	}
	return tagStr
}

// resolveNumber is resolvePlain for text that starts with a digit or a
// sign, in the order of yaml.v3's resolve.
func resolveNumber(s string) nodeTag {
	switch s {
	case "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return tagFloat
	}
	if looksLikeTimestamp(s) {
		for _, format := range yamlTimestampFormats {
			if _, err := time.Parse(format, s); err == nil {
				return tagTimestamp
			}
		}
	}
	if !numberChars(s) {
		return tagStr // none of the parses below can succeed: spare their errors
	}
	plain := s
	if strings.IndexByte(s, '_') >= 0 {
		plain = strings.ReplaceAll(s, "_", "")
	}
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return tagInt
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return tagInt
	}
	if isYAMLStyleFloat(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return tagFloat
		}
	}
	switch {
	case strings.HasPrefix(plain, "0b"):
		if parsesInt(plain[2:], 2) {
			return tagInt
		}
	case strings.HasPrefix(plain, "-0b"):
		if _, err := strconv.ParseInt("-"+plain[3:], 2, 64); err == nil {
			return tagInt
		}
	case strings.HasPrefix(plain, "0o"):
		if parsesInt(plain[2:], 8) {
			return tagInt
		}
	case strings.HasPrefix(plain, "-0o"):
		if _, err := strconv.ParseInt("-"+plain[3:], 8, 64); err == nil {
			return tagInt
		}
	}
	return tagStr
}

// numberChars reports whether s holds only characters that the integer
// and float parses of resolveNumber can accept: digits, hexadecimal
// digits, signs, '_', '.', and the letters of the 0x, 0o and 0b prefixes.
// (ParseFloat's "inf" and "nan" are out of reach: it is only called on
// text that matches isYAMLStyleFloat.)
func numberChars(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		case c == '+', c == '-', c == '_', c == '.', c == 'x', c == 'X', c == 'o', c == 'O':
		default:
			return false
		}
	}
	return true
}

// parsesInt reports whether s is an int64 or a uint64 in the base.
func parsesInt(s string, base int) bool {
	if _, err := strconv.ParseInt(s, base, 64); err == nil {
		return true
	}
	_, err := strconv.ParseUint(s, base, 64)
	return err == nil
}

// yamlTimestampFormats are the layouts yaml.v3 tries for timestamps.
var yamlTimestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// looksLikeTimestamp is yaml.v3's quick check: four digits and a '-'.
func looksLikeTimestamp(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i == 4 && i < len(s) && s[i] == '-'
}

// isYAMLStyleFloat matches yaml.v3's
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ without a regexp.
func isYAMLStyleFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
