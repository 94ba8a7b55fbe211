package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// MaxDocumentBytes is the default size of the largest single YAML document
// Parse reads. A bigger document becomes a Problem without being parsed:
// the parser's node tree takes several times the size of its text.
const MaxDocumentBytes = 16 << 20

// Options tune how manifests are read. The zero value is the default.
type Options struct {
	// MaxDocumentBytes caps one document; 0 means MaxDocumentBytes.
	MaxDocumentBytes int
	// MaxFileBytes caps one file or standard input; 0 means
	// readlimit.DefaultMaxFileBytes (512 MiB).
	MaxFileBytes int64
}

func (o Options) maxDocumentBytes() int {
	if o.MaxDocumentBytes <= 0 {
		return MaxDocumentBytes
	}
	return o.MaxDocumentBytes
}

// Problem is a document that could not become an object. Lint reports it as
// an invalid-manifest finding.
type Problem struct {
	// Location is where the problem is. Line is 0 only when it is unknown.
	Location finding.Location
	// Message says what is wrong, in one sentence.
	Message string
}

// StdinName is how Object.File and Problem locations show standard input.
const StdinName = "<stdin>"

// Parse reads the objects of one file: multi-document YAML or JSON.
//
// Each document is parsed on its own, so a broken one becomes a Problem and
// the documents after it are still read. Empty and comment-only documents
// are skipped. A List (kind List, or any kind ending in List that has
// items) gives its items, each with its own positions. A document that is
// not a mapping, or that lacks apiVersion, kind or metadata.name
// (metadata.generateName will do), is a Problem.
func Parse(file string, data []byte) ([]*Object, []Problem) {
	return ParseWith(file, data, Options{})
}

// ParseWith is Parse with options.
func ParseWith(file string, data []byte, opts Options) ([]*Object, []Problem) {
	// The caller may change data once Parse returns: the objects, whose
	// strings share the memory of the text, get a copy of their own.
	return parseOwned(file, bytes.Clone(data), opts)
}

// parseOwned is ParseWith for data that nothing else holds or changes,
// such as a file just read: the strings of the objects, which the fast
// parser cuts out of the text rather than copies, share its memory.
func parseOwned(file string, data []byte, opts Options) ([]*Object, []Problem) {
	if file == "-" {
		file = StdinName
	}
	index := 0
	return collectDocuments(parseDocuments(file, splitDocuments(normalizeText(data)), opts.maxDocumentBytes()), &index)
}

// collectDocuments joins the objects and problems of parsed documents,
// numbering each object by its document: index counts the documents that
// held something, and goes on counting across calls for a file read in
// chunks. The items of a List keep the numbers they were given.
func collectDocuments(results []documentResult, index *int) ([]*Object, []Problem) {
	var objects []*Object
	var problems []Problem
	for _, r := range results {
		if r.empty {
			continue
		}
		if !r.list {
			for _, o := range r.objects {
				o.Index = *index
			}
		}
		objects = append(objects, r.objects...)
		problems = append(problems, r.problems...)
		*index++
	}
	return objects, problems
}

// parallelDocuments is how many documents a file needs before Parse reads
// them on several goroutines. Below it, starting goroutines costs more than
// it saves; above it, one big stream (helm template | poddoctor lint -) uses
// every core.
const parallelDocuments = 8

// parseDocuments parses each document on its own, in parallel when there
// are many; the results are in document order whatever the schedule.
func parseDocuments(file string, docs []document, limit int) []documentResult {
	results := make([]documentResult, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs)/parallelDocuments)
	if workers <= 1 {
		var stacks fastStacks
		for i, doc := range docs {
			results[i] = parseDocument(file, doc, limit, &stacks)
		}
		return results
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var stacks fastStacks
			for {
				i := int(next.Add(1)) - 1
				if i >= len(docs) {
					return
				}
				results[i] = parseDocument(file, docs[i], limit, &stacks)
			}
		})
	}
	wg.Wait()
	return results
}

// documentResult is what one document gives.
type documentResult struct {
	objects  []*Object
	problems []Problem
	empty    bool // the document holds no value at all
	list     bool // the objects are the items of a List, indexed within it
}

// parseDocument reads one document, with the fast parser's stacks of the
// documents read before on the same goroutine.
func parseDocument(file string, doc document, limit int, stacks *fastStacks) documentResult {
	at := func(line int, format string, args ...any) documentResult {
		return documentResult{problems: []Problem{{
			Location: finding.Location{File: file, Line: line},
			Message:  fmt.Sprintf(format, args...),
		}}}
	}
	if len(doc.data) > limit {
		return at(doc.line, "document is %d bytes, over the limit of %d bytes (%.1f MiB; raise it with --max-document-size)", len(doc.data), limit, float64(limit)/(1<<20))
	}
	root, err := readTree(doc.data, stacks)
	if err != nil {
		line, msg := syntaxError(doc, err)
		line, msg = indentationProblem(doc.data, doc.line, line, withHint(fmt.Sprintf("line %d: %s", line, msg), doc.data, nil))
		return at(line, "%s", msg)
	}
	if len(root.Content) == 0 {
		return documentResult{empty: true}
	}
	top := root.Content[0]
	lineOffset := doc.line - 1
	if top.Kind == scalarNode && top.Tag == tagNull {
		return documentResult{empty: true}
	}
	if top.Kind != mappingNode {
		return at(int(top.Line)+lineOffset, "document is %s, not a Kubernetes object (a mapping with apiVersion, kind and metadata)", kindName(top))
	}
	d := decoder{lineOffset: lineOffset, keys: &stacks.keys}
	data, err := d.mapping(top)
	if err != nil {
		var de *decodeError
		if errors.As(err, &de) {
			line, msg := indentationProblem(doc.data, doc.line, de.line, withHint(de.Error(), doc.data, nil))
			return at(line, "%s", msg)
		}
		return at(doc.line, "%s", withHint(err.Error(), doc.data, nil))
	}
	r := documentResult{list: isList(data)}
	r.add(file, top, data, lineOffset, 0)
	for i := range r.problems {
		p := &r.problems[i]
		p.Location.Line, p.Message = indentationProblem(doc.data, doc.line, p.Location.Line, withHint(p.Message, doc.data, data))
	}
	return r
}

// readTree reads the node tree of one document. The fast parser reads most
// manifests; it builds the tree yaml.v3 would, and leaves every document it
// does not handle to yaml.v3, whose error is returned.
func readTree(data []byte, stacks *fastStacks) (*node, error) {
	if useFastYAML {
		if root := fastParseWith(data, stacks); root != nil {
			return root, nil
		}
	}
	var y yaml.Node
	if err := yaml.Unmarshal(data, &y); err != nil {
		return nil, err
	}
	return fromYAML(&y), nil
}

// add turns a decoded mapping into an object, or into the objects of a List.
func (r *documentResult) add(file string, node *node, data map[string]any, lineOffset, index int) {
	o := &Object{File: file, Index: index, Data: data, node: node, lineOffset: lineOffset}
	if isList(data) {
		r.addItems(o)
		return
	}
	if missing, checkable := o.identify(); missing != nil {
		r.problems = append(r.problems, *missing)
		if !checkable {
			return
		}
	}
	r.objects = append(r.objects, o)
}

// isList reports whether an object is a List to expand: kind List, or a
// kind such as PodList that has items.
func isList(data map[string]any) bool {
	kind, _ := data["kind"].(string)
	_, hasItems := data["items"]
	return kind == "List" || strings.HasSuffix(kind, "List") && len(kind) > len("List") && hasItems
}

// addItems adds the items of a List. A List without items is empty.
func (r *documentResult) addItems(list *Object) {
	list.Kind, _ = list.Data["kind"].(string)
	if list.Data["items"] == nil {
		return
	}
	items, ok := list.Data["items"].([]any)
	_, seq := mappingEntry(list.node, "items")
	if !ok || seq == nil {
		r.problems = append(r.problems, Problem{
			Location: list.Position("items"),
			Message:  fmt.Sprintf("items of %s is %s, not a list of objects", list.Kind, valueName(list.Data["items"])),
		})
		return
	}
	seq = resolveAlias(seq)
	for i, item := range items {
		node := resolveAlias(seq.Content[i])
		m, ok := item.(map[string]any)
		if !ok || node.Kind != mappingNode {
			r.problems = append(r.problems, Problem{
				Location: list.at(node),
				Message:  fmt.Sprintf("item %d of %s is %s, not a Kubernetes object", i, list.Kind, kindName(node)),
			})
			continue
		}
		before := len(r.problems)
		r.add(list.File, node, m, list.lineOffset, i)
		for j := before; j < len(r.problems); j++ {
			r.problems[j].Message = fmt.Sprintf("item %d of %s: %s", i, list.Kind, r.problems[j].Message)
		}
	}
}
