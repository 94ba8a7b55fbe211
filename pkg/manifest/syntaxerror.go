package manifest

import (
	"bytes"
	"strconv"
	"strings"

	yamlv2 "go.yaml.in/yaml/v2"
)

// syntaxError turns an error of the YAML parser about one document into the
// line of the file where the problem is and a message for people.
//
// yaml.v3 numbers an error by the line where the enclosing construct
// starts, when it knows one: lost indentation deep in a container is
// reported at the `spec:` line above it. yaml.v2 carries the same scanner
// and parser (both are ports of libyaml) but numbers the error by the line
// of the problem itself, so, on this rare path only, the document is read
// again by yaml.v2 to find that line. yaml.v2 gives parser errors 0-based
// line numbers and scanner errors 1-based ones; parserProblems tells them
// apart.
func syntaxError(doc document, err error) (line int, msg string) {
	v3line, msg := splitYAMLError(err)
	line = v3line
	// An empty struct takes no values, so yaml.v2 only parses.
	var discard struct{}
	if err2 := yamlv2.Unmarshal(doc.data, &discard); err2 != nil {
		if v2line, msg2 := splitYAMLError(err2); msg2 == msg {
			line = v2line
			if line > 0 && parserProblems[msg] {
				line++
			}
		}
	}
	if line == 0 {
		line = anchorLine(doc.data, msg)
	}
	last := bytes.Count(bytes.TrimRight(doc.data, "\r\n"), []byte("\n")) + 1
	line = doc.line - 1 + min(max(line, 1), last)
	if hint := syntaxHint(msg, lineText(doc.data, line-doc.line+1)); hint != "" {
		msg += " (" + hint + ")"
	}
	return line, msg
}

// parserProblems are the messages of libyaml's parser, as opposed to its
// scanner.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// splitYAMLError splits "yaml: line 7: message" into 7 and "message"; the
// line is 0 when the error has none.
func splitYAMLError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, text, ok := strings.Cut(rest, ": ")
	n, convErr := strconv.Atoi(num)
	if !ok || convErr != nil {
		return 0, msg
	}
	return n, text
}

// anchorLine finds the line of the alias an "unknown anchor" error is
// about, which the parser does not number; 0 when it cannot.
func anchorLine(data []byte, msg string) int {
	name, ok := strings.CutPrefix(msg, "unknown anchor '")
	if !ok {
		return 0
	}
	name = strings.TrimSuffix(name, "' referenced")
	alias := []byte("*" + name)
	for from := 0; ; {
		i := bytes.Index(data[from:], alias)
		if i < 0 {
			return 0
		}
		end := from + i + len(alias)
		if end == len(data) || strings.IndexByte(" \t\r\n,]}", data[end]) >= 0 {
			return bytes.Count(data[:from+i], []byte("\n")) + 1
		}
		from = end
	}
}

// lineText returns line n (from 1) of data.
func lineText(data []byte, n int) []byte {
	for ; n > 1; n-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return data
}

// syntaxHint says in plain words what most often causes a parser message
// in a Kubernetes manifest.
func syntaxHint(msg string, line []byte) string {
	switch {
	case bytes.IndexByte(line, '\t') >= 0 && (strings.Contains(msg, "tab") || msg == "found character that cannot start any token"):
		return "YAML indents with spaces, not tabs"
	case msg == "did not find expected key" || msg == "did not find expected '-' indicator":
		return "check the indentation of this line against the lines above"
	case msg == "mapping values are not allowed in this context":
		return "a value containing \": \" must be quoted, or the indentation is wrong"
	}
	return ""
}
