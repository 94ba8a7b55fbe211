package source

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// templateIndex is what a Helm template's text says about the YAML it
// writes: for every line that writes a key, a list item or content
// (include, toYaml, a value), the key path it writes at, followed by
// indentation through the template text, and the values it reads. It is
// how a field of the rendered object is traced to the template line that
// wrote it.
type templateIndex struct {
	lines []string
	docs  []templateDoc
	// itemNames are the name: values of list items, by item id, as
	// written ("web", or "{{ .Chart.Name }}").
	itemNames map[int]string
}

// templateDoc is one YAML document of a template (templates may hold
// several, separated by ---).
type templateDoc struct {
	start   int    // first line of the section, from 1
	kind    string // the literal kind: of the section, "" when templated or absent
	entries []templateEntry
}

// templateEntry is one line of a template that writes YAML.
type templateEntry struct {
	line, column int
	keys         []string // mapping keys from the document root; "*" for a templated key
	// ords[j] is which item of the list under keys[j] the line is in; -1
	// when keys[j] does not hold a list here.
	ords []int
	// item is set on a line that starts a list item (- ...).
	item bool
	// producer is set when an action on the line writes content: a value,
	// include, toYaml. Fields below the line's keys can come from it.
	producer bool
	// refs are the values paths the line reads (["image","tag"]).
	refs [][]string
	// ranged is set on a line inside {{ range }}, which writes many list
	// items from one.
	ranged bool
	// itemIDs[j] is the list item under keys[j] the line is in (0: none),
	// a key of templateIndex.itemNames.
	itemIDs []int
	// include is the named template an action-only line writes
	// ({{ include "x.pod" . | nindent 6 }}), to follow into its define.
	include string
}

// frame is one open level of YAML while reading a template.
type frame struct {
	indent int
	key    string // "" for a list item frame
	item   bool
	ord    int // for an item frame: which item of its list
	id     int // for an item frame: its id, from 1
	items  int // for a key frame: how many list items it holds so far
}

// scope is what dot means inside {{ with }} and {{ range }}: a values path,
// or nil when dot is not (part of) .Values.
type scope struct {
	dot    []string
	vars   map[string][]string
	ranged bool // inside a {{ range }}: the lines repeat
}

var (
	actionPattern = regexp.MustCompile(`\{\{-?\s*(.*?)\s*-?\}\}`)
	keyPattern    = regexp.MustCompile(`^("[^"]*"|'[^']*'|[^\s"'#\-?:,\[\]{}][^#]*?|-[^\s#][^#]*?)\s*:(\s|$)`)
	absoluteRef   = regexp.MustCompile(`\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)`)
	variableRef   = regexp.MustCompile(`(\$[A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)`)
	relativeRef   = regexp.MustCompile(`(?:^|[\s(|])\.((?:[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?(?:[\s)|]|$)`)
	rangeVars     = regexp.MustCompile(`^range\s+(?:(\$[A-Za-z_]\w*)\s*(?:,\s*(\$[A-Za-z_]\w*))?\s*:?=\s*)?(.*)$`)
	indentCall    = regexp.MustCompile(`\bn?indent\s+(\d+)`)
	includeCall   = regexp.MustCompile(`^(?:include|template)\s+"([^"]+)"`)
	withVar       = regexp.MustCompile(`^with\s+(?:(\$[A-Za-z_]\w*)\s*:?=\s*)?(.*)$`)
)

// builtinObjects are the top-level objects of a template's dot other than
// .Values; a relative reference to them is not a value.
var builtinObjects = []string{"Release", "Chart", "Capabilities", "Template", "Files", "Values", "Subcharts"}

// indexTemplate reads a template's text.
func indexTemplate(text []byte) *templateIndex {
	idx := &templateIndex{lines: strings.Split(string(text), "\n"), itemNames: map[int]string{}}
	itemCount := 0
	doc := templateDoc{start: 1}
	var stack []frame
	scopes := []scope{{vars: map[string][]string{}}}
	blockIndent := -1 // inside a block scalar (|, >) of a key at this indent
	pending := ""     // an action that spans lines, so far

	for i, raw := range idx.lines {
		lineNo := i + 1
		line := strings.TrimRight(raw, " \t\r")
		if pending != "" {
			pending += "\n" + line
			if !strings.Contains(line, "}}") {
				continue
			}
			scopes = applyControl(scopes, innerActions(pending))
			pending = ""
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		trimmed := strings.TrimSpace(line)
		if blockIndent >= 0 {
			if trimmed == "" || indent > blockIndent {
				continue
			}
			blockIndent = -1
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if trimmed == "---" || strings.HasPrefix(trimmed, "--- ") {
			idx.docs = append(idx.docs, doc)
			doc = templateDoc{start: lineNo + 1}
			stack = stack[:0]
			continue
		}
		if open := strings.LastIndex(line, "{{"); open >= 0 && !strings.Contains(line[open:], "}}") {
			pending = line[open:]
			line = line[:open]
			trimmed = strings.TrimSpace(line)
			if trimmed == "" {
				continue
			}
		}
		ranged := scopes[len(scopes)-1].ranged
		masked, actions := maskActions(line)
		refs := valueRefs(scopes, actions)
		producer := writesContent(actions)
		scopes = applyControl(scopes, actions)
		rest := strings.TrimSpace(masked)
		if rest == "" {
			// An action-only line: it writes content at its indentation, or
			// is control flow.
			if producer {
				// The content lands where indent/nindent N puts it, which
				// need not be where the action is written.
				at := indent
				if n, ok := indentOf(actions); ok {
					at = n
				}
				keys, ords, ids := pathOf(stack, at)
				doc.entries = append(doc.entries, templateEntry{line: lineNo, column: indent + 1, keys: keys, ords: ords, producer: true, refs: refs, ranged: ranged, include: includedName(actions), itemIDs: ids})
			}
			continue
		}
		col := indent
		content := masked[indent:]
		item := false
		for content == "-" || strings.HasPrefix(content, "- ") {
			item = true
			for len(stack) > 0 {
				top := stack[len(stack)-1]
				if top.indent > col || (top.indent == col && top.item) {
					stack = stack[:len(stack)-1]
					continue
				}
				break
			}
			ord := 0
			if len(stack) > 0 && !stack[len(stack)-1].item {
				ord = stack[len(stack)-1].items
				stack[len(stack)-1].items++
			}
			itemCount++
			stack = append(stack, frame{indent: col, item: true, ord: ord, id: itemCount})
			skip := 1 + len(content[1:]) - len(strings.TrimLeft(content[1:], " "))
			col += skip
			content = content[skip:]
		}
		m := keyPattern.FindStringSubmatch(content)
		if m == nil {
			// A scalar, a list item's scalar, or a continuation line.
			keys, ords, ids := pathOf(stack, col+1)
			if item || producer {
				doc.entries = append(doc.entries, templateEntry{line: lineNo, column: col + 1, keys: keys, ords: ords, item: item, producer: producer, refs: refs, ranged: ranged, itemIDs: ids})
			}
			continue
		}
		for len(stack) > 0 && stack[len(stack)-1].indent >= col {
			stack = stack[:len(stack)-1]
		}
		key := keyText(line[col : col+len(m[1])])
		stack = append(stack, frame{indent: col, key: key})
		keys, ords, ids := pathOf(stack, col+1)
		value := strings.TrimSpace(content[len(m[0]):])
		if key == "name" && len(stack) >= 2 && stack[len(stack)-2].item {
			idx.itemNames[stack[len(stack)-2].id] = strings.Trim(strings.TrimSpace(line[col+len(m[0]):]), `"'`)
		}
		if len(keys) == 1 && keys[0] == "kind" && doc.kind == "" && !strings.Contains(line, "{{") {
			doc.kind = strings.Trim(value, `"'`)
		}
		doc.entries = append(doc.entries, templateEntry{line: lineNo, column: col + 1, keys: keys, ords: ords, item: item, producer: producer && value != "", refs: refs, ranged: ranged, itemIDs: ids})
		if strings.HasPrefix(value, "|") || strings.HasPrefix(value, ">") {
			blockIndent = col
		}
	}
	idx.docs = append(idx.docs, doc)
	return idx
}

// maskActions replaces every {{ }} action of a line by x's of the same
// length, so columns stay and an action is never read as YAML, and returns
// the actions' inner texts.
func maskActions(line string) (string, []string) {
	var actions []string
	b := []byte(line)
	for _, loc := range actionPattern.FindAllStringSubmatchIndex(line, -1) {
		actions = append(actions, line[loc[2]:loc[3]])
		for j := loc[0]; j < loc[1]; j++ {
			b[j] = 'x'
		}
	}
	masked := string(b)
	// A line that is only actions is blank once they are gone.
	if strings.Trim(masked, "x \t") == "" && len(actions) > 0 && strings.HasPrefix(strings.TrimSpace(line), "{{") {
		return "", actions
	}
	return masked, actions
}

// innerActions are the inner texts of the {{ }} actions in text.
func innerActions(text string) []string {
	var out []string
	for _, m := range actionPattern.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

// keyText is a YAML key as written, unquoted; a templated key is "*".
func keyText(k string) string {
	if strings.Contains(k, "{{") {
		return "*"
	}
	k = strings.TrimSpace(k)
	if len(k) >= 2 && (k[0] == '"' || k[0] == '\'') && k[len(k)-1] == k[0] {
		return k[1 : len(k)-1]
	}
	return k
}

// pathOf is the key path of a line under the open frames whose indentation
// is below col: the keys, and for each key which list item the line is in.
func pathOf(stack []frame, col int) ([]string, []int, []int) {
	var keys []string
	var ords, ids []int
	for _, f := range stack {
		if f.indent >= col {
			break
		}
		if f.item {
			if len(ords) > 0 {
				ords[len(ords)-1] = f.ord
				ids[len(ids)-1] = f.id
			}
			continue
		}
		keys = append(keys, f.key)
		ords = append(ords, -1)
		ids = append(ids, 0)
	}
	return keys, ords, ids
}

// writesContent reports whether an action writes text into the YAML, as
// opposed to control flow, assignments and comments.
func writesContent(actions []string) bool {
	for _, a := range actions {
		word := strings.Fields(a + " ")
		if len(word) == 0 {
			continue
		}
		switch word[0] {
		case "if", "else", "end", "with", "range", "define", "block", "break", "continue":
			continue
		}
		if strings.HasPrefix(a, "/*") || (strings.HasPrefix(word[0], "$") && len(word) > 1 && (word[1] == ":=" || word[1] == "=")) {
			continue
		}
		return true
	}
	return false
}

// applyControl updates the with/range scopes for the control actions among
// actions (their inner texts).
func applyControl(scopes []scope, actions []string) []scope {
	for _, a := range actions {
		word := strings.Fields(a + " ")
		if len(word) == 0 {
			continue
		}
		cur := scopes[len(scopes)-1]
		switch word[0] {
		case "if", "define", "block":
			scopes = append(scopes, scope{dot: cur.dot, vars: cur.vars, ranged: cur.ranged})
			if word[0] == "define" {
				scopes[len(scopes)-1].dot = nil
			}
		case "with":
			s := scope{vars: cur.vars, ranged: cur.ranged}
			if wm := withVar.FindStringSubmatch(a); wm != nil {
				s.dot = resolveRef(cur, wm[2])
				if wm[1] != "" {
					s.vars = withVarBinding(cur.vars, wm[1], s.dot)
				}
			}
			scopes = append(scopes, s)
		case "range":
			s := scope{vars: cur.vars, ranged: true}
			if rm := rangeVars.FindStringSubmatch(a); rm != nil {
				s.dot = resolveRef(cur, rm[3])
				switch {
				case rm[2] != "":
					s.vars = withVarBinding(cur.vars, rm[2], s.dot)
				case rm[1] != "":
					s.vars = withVarBinding(cur.vars, rm[1], s.dot)
				}
			}
			scopes = append(scopes, s)
		case "end":
			if len(scopes) > 1 {
				scopes = scopes[:len(scopes)-1]
			}
		}
	}
	return scopes
}

func withVarBinding(vars map[string][]string, name string, path []string) map[string][]string {
	out := make(map[string][]string, len(vars)+1)
	for k, v := range vars {
		out[k] = v
	}
	if path != nil {
		out[name] = path
	}
	return out
}

// resolveRef is the values path of the first value an expression reads:
// .Values.a.b, $.Values.a, .x under a values dot, $var.y.
func resolveRef(s scope, expr string) []string {
	if m := absoluteRef.FindStringSubmatch(expr); m != nil {
		return splitKeys(m[1])
	}
	if m := variableRef.FindStringSubmatch(expr); m != nil {
		if base, ok := s.vars[m[1]]; ok {
			return append(slices.Clone(base), splitKeys(m[2])...)
		}
	}
	if s.dot != nil {
		if m := relativeRef.FindStringSubmatch(" " + expr); m != nil && !isBuiltinObject(m[1]) {
			return append(slices.Clone(s.dot), splitKeys(m[1])...)
		}
	}
	return nil
}

// valueRefs are the values paths the actions of a line read.
func valueRefs(scopes []scope, actions []string) [][]string {
	s := scopes[len(scopes)-1]
	var out [][]string
	add := func(p []string) {
		for _, have := range out {
			if slices.Equal(have, p) {
				return
			}
		}
		out = append(out, p)
	}
	for _, a := range actions {
		for _, m := range absoluteRef.FindAllStringSubmatch(a, -1) {
			if p := splitKeys(m[1]); len(p) > 0 {
				add(p)
			}
		}
		for _, m := range variableRef.FindAllStringSubmatch(a, -1) {
			if base, ok := s.vars[m[1]]; ok {
				add(append(slices.Clone(base), splitKeys(m[2])...))
			}
		}
		if s.dot != nil {
			for _, m := range relativeRef.FindAllStringSubmatch(" "+a+" ", -1) {
				if !isBuiltinObject(m[1]) {
					if p := append(slices.Clone(s.dot), splitKeys(m[1])...); len(p) > 0 {
						add(p)
					}
				}
			}
		}
	}
	return out
}

func isBuiltinObject(path string) bool {
	first, _, _ := strings.Cut(path, ".")
	return slices.Contains(builtinObjects, first)
}

func splitKeys(dotted string) []string {
	dotted = strings.TrimPrefix(dotted, ".")
	if dotted == "" {
		return nil
	}
	return strings.Split(dotted, ".")
}

// indentOf is the column an action's output starts at when its pipeline
// ends in indent N or nindent N.
func indentOf(actions []string) (int, bool) {
	for _, a := range actions {
		if m := indentCall.FindStringSubmatch(a); m != nil {
			n, err := strconv.Atoi(m[1])
			return n, err == nil
		}
	}
	return 0, false
}

// includedName is the named template an action-only line writes, when
// it writes one and nothing else.
func includedName(actions []string) string {
	name := ""
	for _, a := range actions {
		if m := includeCall.FindStringSubmatch(strings.TrimSpace(a)); m != nil {
			if name != "" {
				return ""
			}
			name = m[1]
		}
	}
	return name
}
