package source

import (
	"regexp"
	"strings"
	"sync"
)

// namedTemplate is the body of a {{ define "name" }} in a chart's
// templates (most often _helpers.tpl), so that a field an include writes
// is traced into the define.
type namedTemplate struct {
	file  string // as findings name it
	first int    // the line of the body's first line in file
	body  []byte

	once  sync.Once
	index *templateIndex
}

// indexed is the body's template index, read when first needed.
func (n *namedTemplate) indexed() *templateIndex {
	n.once.Do(func() { n.index = indexTemplate(n.body) })
	return n.index
}

// findDefines adds the named templates of one template file to into.
// Actions are read across lines: a condition may span several.
func findDefines(file string, text []byte, into map[string]*namedTemplate) {
	src := string(text)
	lineAt := func(offset int) int { return strings.Count(src[:offset], "\n") + 1 }
	lines := strings.Split(src, "\n")
	name, depth, bodyFrom := "", 0, 0
	for _, loc := range multilineAction.FindAllStringSubmatchIndex(src, -1) {
		action := src[loc[2]:loc[3]]
		if depth == 0 {
			if n := defineName(action); n != "" {
				name, depth, bodyFrom = n, 1, lineAt(loc[1])+1
			}
			continue
		}
		switch firstWord(action) {
		case "if", "range", "with", "define", "block":
			depth++
		case "end":
			depth--
		}
		if depth == 0 {
			bodyTo := lineAt(loc[0]) - 1 // the body's last line
			if _, seen := into[name]; !seen && bodyTo >= bodyFrom {
				into[name] = &namedTemplate{file: file, first: bodyFrom, body: []byte(strings.Join(lines[bodyFrom-1:bodyTo], "\n"))}
			}
		}
	}
}

// multilineAction is a {{ }} action, which may span lines.
var multilineAction = regexp.MustCompile(`(?s)\{\{-?\s*(.*?)\s*-?\}\}`)

func defineName(action string) string {
	rest, ok := strings.CutPrefix(strings.TrimSpace(action), "define")
	if !ok {
		return ""
	}
	rest = strings.TrimSpace(rest)
	if len(rest) < 2 || rest[0] != '"' {
		return ""
	}
	if end := strings.IndexByte(rest[1:], '"'); end >= 0 {
		return rest[1 : 1+end]
	}
	return ""
}

func firstWord(action string) string {
	f := strings.Fields(action)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
