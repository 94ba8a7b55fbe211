package source

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// Remap moves every finding on the chart's rendered files to the template
// line that wrote the field, with the values file lines the value came
// from as related locations. Findings on other files pass unchanged.
func (c *Chart) Remap(findings []finding.Finding) {
	for i := range findings {
		f := &findings[i]
		if f.Location == nil {
			continue
		}
		if info, ok := c.templates[f.Location.File]; ok {
			info.remap(f)
		}
	}
}

// remap moves one finding from its rendered position to the template.
func (t *templateInfo) remap(f *finding.Finding) {
	file := f.Location.File
	if t.index == nil {
		// A template whose text is not known: name the file, with no line
		// of a stream that does not exist.
		f.Location = &finding.Location{File: file}
		return
	}
	doc := t.documentOf(f.Location.Line, f.Object.Kind)
	keys, indices := splitFieldPath(f.Path)
	names := itemNamesAt(t.objectAt(f.Location.Line), keys, indices)
	e, ok := doc.matchKeys(keys, indices, t.index.itemNames, names)
	if !ok {
		f.Location = &finding.Location{File: file, Line: doc.objectLine()}
		return
	}
	f.Location = &finding.Location{File: file, Line: e.line, Column: e.column}
	// A field an include writes is in the named template's define:
	// follow it there, a few levels deep.
	base := 0
	for depth := 0; depth < 4 && e.include != "" && len(keys) > base+len(e.keys); depth++ {
		named, ok := t.defines[e.include]
		if !ok {
			break
		}
		start := base + len(e.keys)
		idx := named.indexed()
		sub, ok := idx.docs[0].matchKeys(keys[start:], indices[start:], idx.itemNames, names[start:])
		if !ok {
			break
		}
		base, e = start, sub
		f.Location = &finding.Location{File: named.file, Line: named.first + e.line - 1, Column: e.column}
	}
	keys = keys[base:]
	var named []string
	for _, ref := range e.refs {
		path := ref
		if e.producer && len(keys) > len(e.keys) {
			path = append(append([]string{}, ref...), keys[len(e.keys):]...)
		}
		origin, ok := findValue(t.values, path)
		if !ok {
			continue
		}
		dotted := strings.Join(origin.path, ".")
		f.Related = append(f.Related, finding.RelatedLocation{
			Location: finding.Location{File: origin.file, Line: origin.line},
			Message:  "value " + dotted + " set here",
		})
		named = append(named, fmt.Sprintf("%s (%s:%d)", dotted, origin.file, origin.line))
	}
	if len(named) > 0 {
		f.Remedy = fmt.Sprintf("The field comes from the chart's values: set %s, in a values file or with --set. %s", strings.Join(named, " and "), f.Remedy)
	}
}

// documentOf picks the template section that rendered the object at line of
// the rendered text: the n-th rendered object of a kind comes from the n-th
// section of that literal kind, and from the last one when a section is
// rendered many times (range).
func (t *templateInfo) documentOf(line int, kind string) *templateDoc {
	t.readRendered()
	occurrence := 0
	for _, o := range t.starts {
		if o.line > line {
			break
		}
		if o.kind == kind {
			occurrence++
		}
	}
	occurrence = max(occurrence-1, 0)
	var sameKind, templated []*templateDoc
	for i := range t.index.docs {
		d := &t.index.docs[i]
		if len(d.entries) == 0 {
			continue
		}
		switch d.kind {
		case kind:
			sameKind = append(sameKind, d)
		case "":
			templated = append(templated, d)
		}
	}
	for _, candidates := range [][]*templateDoc{sameKind, templated} {
		if len(candidates) > 0 {
			return candidates[min(occurrence, len(candidates)-1)]
		}
	}
	return &t.index.docs[0]
}

// objectStart is where a rendered object starts, and its kind.
type objectStart struct {
	line int
	kind string
	data map[string]any
}

// readRendered reads where the rendered objects start, once.
func (t *templateInfo) readRendered() {
	if t.starts != nil {
		return
	}
	objects, _ := manifest.Parse("rendered", t.rendered)
	t.starts = make([]objectStart, 0, len(objects))
	for _, o := range objects {
		t.starts = append(t.starts, objectStart{line: o.Location().Line, kind: o.Kind, data: o.Data})
	}
}

// objectAt is the data of the rendered object at line, nil if none.
func (t *templateInfo) objectAt(line int) map[string]any {
	t.readRendered()
	var data map[string]any
	for _, o := range t.starts {
		if o.line > line {
			break
		}
		data = o.data
	}
	return data
}

// itemNamesAt are, for each key of a field path followed by an index, the
// name: of that list item in the rendered object ("" when it has none).
func itemNamesAt(data map[string]any, keys []string, indices []int) []string {
	names := make([]string, len(keys))
	var v any = data
	for j, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			break
		}
		v = m[k]
		if indices[j] < 0 {
			continue
		}
		list, ok := v.([]any)
		if !ok || indices[j] >= len(list) {
			break
		}
		v = list[indices[j]]
		if item, ok := v.(map[string]any); ok {
			names[j], _ = item["name"].(string)
		}
	}
	return names
}

// objectLine is the line where the section's object starts: its first key.
func (d *templateDoc) objectLine() int {
	for _, e := range d.entries {
		if len(e.keys) == 1 {
			return e.line
		}
	}
	if len(d.entries) > 0 {
		return d.entries[0].line
	}
	return d.start
}

// match finds the template line that wrote the field at path (a finding's
// field path, such as spec.template.spec.containers[1].image): the line
// whose key path is the longest prefix of it, a line whose action writes
// content under that key winning over the bare key, and among lines in
// several list items the one in the same item.
// matchKeys is match of a path split by splitFieldPath. names are the
// rendered names of the list items the path goes through (itemNamesAt):
// a template item that writes the same name wins over the item at the
// same position, since items written under {{ if }} make positions in
// the template differ from those rendered.
func (d *templateDoc) matchKeys(keys []string, indices []int, itemNames map[int]string, names []string) (templateEntry, bool) {
	if len(keys) == 0 {
		return templateEntry{}, false
	}
	best, bestScore, bestOrd := templateEntry{}, -1, -1
	for _, e := range d.entries {
		score, ok := matchScore(e, keys, indices)
		if !ok {
			continue
		}
		ord, other := ordinalAgreement(e, indices), false
		for j, id := range e.itemIDs {
			if id > 0 && j < len(names) {
				a := nameAgreement(itemNames[id], names[j])
				other = other || a < 0
				ord += a
			}
		}
		if other {
			continue // a line in an item of another name did not write it
		}
		if score > bestScore || (score == bestScore && ord > bestOrd) {
			best, bestScore, bestOrd = e, score, ord
		}
	}
	if len(best.refs) == 0 && !best.producer {
		// A bare key whose content an action on the lines below writes
		// (resources:\n  {{- toYaml .Values.resources | nindent 12 }}):
		// the value comes from what that action reads.
		for _, e := range d.entries {
			if e.line > best.line && e.producer && slices.Equal(e.keys, best.keys) && slices.Equal(e.ords, best.ords) {
				best.refs = e.refs
				break
			}
		}
	}
	return best, bestScore > 0
}

// matchScore rates how much of a field path a template line accounts for;
// ok is false when the line writes somewhere else.
func matchScore(e templateEntry, keys []string, indices []int) (int, bool) {
	if e.item && len(e.keys) >= 2 && len(e.keys)-1 <= len(keys) {
		// The first line of a list item the path goes into
		// (containers[0].resources: "- name: web" when the template writes
		// no resources key).
		n := len(e.keys) - 1
		if indices[n-1] >= 0 && prefixOf(e.keys[:n], keys) && (len(e.keys) > len(keys) || e.keys[n] != keys[n]) {
			return 2*n + 1, true
		}
	}
	if len(e.keys) > len(keys) || !prefixOf(e.keys, keys) {
		return 0, false
	}
	score := 2 * len(e.keys)
	if len(e.keys) == len(keys) && !e.item {
		score++ // the key itself
	} else if e.producer && len(e.keys) < len(keys) {
		score++ // writes what is below its key
	}
	return score, true
}

func prefixOf(prefix, keys []string) bool {
	for i, k := range prefix {
		if k != "*" && k != keys[i] {
			return false
		}
	}
	return true
}

// nameAgreement rates a list item's name as written against the name
// the rendered item has: the same literal name is sure, a
// templated name may be it, another literal name is not it.
func nameAgreement(written, rendered string) int {
	switch {
	case rendered == "" || written == "":
		return 0
	case written == rendered:
		return 8
	case strings.Contains(written, "{{"):
		if namePattern(written).MatchString(rendered) {
			return 1
		}
		return -8
	}
	return -8
}

// namePattern turns a templated name as written ("{{ .Chart.Name }}-reload")
// into a pattern its renders match: the literal text stays, each action
// can be anything.
func namePattern(written string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	rest := written
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:open]))
		b.WriteString(".*")
		end := strings.Index(rest[open:], "}}")
		if end < 0 {
			break
		}
		rest = rest[open+end+2:]
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// ordinalAgreement rates how well the list items a line is in agree with
// the path's indices: the same item counts 2, a line inside {{ range }}
// that can have written a later item counts 1.
func ordinalAgreement(e templateEntry, indices []int) int {
	n := 0
	for j, o := range e.ords {
		if j >= len(indices) || o < 0 || indices[j] < 0 {
			continue
		}
		switch {
		case o == indices[j]:
			n += 2
		case e.ranged && indices[j] > o:
			n++
		}
	}
	return n
}

// splitFieldPath splits a finding's field path into its mapping keys and,
// for each key, the list index that follows it (-1 when none).
func splitFieldPath(path string) ([]string, []int) {
	var keys []string
	var indices []int
	for path != "" {
		path = strings.TrimPrefix(path, ".")
		switch {
		case strings.HasPrefix(path, `["`) || strings.HasPrefix(path, `['`):
			end := strings.Index(path[2:], string(path[1])+"]")
			if end < 0 {
				return keys, indices
			}
			keys = append(keys, path[2:2+end])
			indices = append(indices, -1)
			path = path[2+end+2:]
		case strings.HasPrefix(path, "["):
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return keys, indices
			}
			var n int
			if _, err := fmt.Sscanf(path[1:end], "%d", &n); err == nil && len(indices) > 0 && indices[len(indices)-1] < 0 {
				indices[len(indices)-1] = n
			}
			path = path[end+1:]
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			keys = append(keys, path[:end])
			indices = append(indices, -1)
			path = path[end:]
		}
	}
	return keys, indices
}
