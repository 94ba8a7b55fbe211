package manifest

import "bytes"

// document is the text of one YAML document, cut from a file.
type document struct {
	data []byte
	line int // the file's line number of data's first line, from 1
}

// splitDocuments cuts a YAML stream into documents at the lines that start
// with the markers "---" (document start) and "..." (document end).
//
// Cutting the stream ourselves, instead of letting one yaml.Decoder read
// document after document, has three reasons: the decoder cannot go on after
// a syntax error, so one broken document would hide all the ones after it;
// a document's size can be checked before it is parsed; and each document
// can be parsed on its own. The cut is faithful to YAML, where a marker at
// the start of a line ends any scalar, block or quoted, that it interrupts.
//
// Text that holds no content (blank lines, comments and directives only) is
// not a document: it is dropped, or, when a "---" follows, kept as the head
// of the document that the marker starts.
func splitDocuments(data []byte) []document {
	var docs []document
	start, startLine := 0, 1 // where the current document begins
	hasContent := false      // the current document holds a marker or content
	line := 1
	for pos := 0; pos < len(data); line++ {
		end := bytes.IndexByte(data[pos:], '\n')
		next := len(data)
		if end >= 0 {
			end += pos
			next = end + 1
		} else {
			end = len(data)
		}
		text := data[pos:end]
		switch {
		case isMarker(text, '-'):
			if hasContent {
				docs = append(docs, document{data: data[start:pos], line: startLine})
				start, startLine = pos, line
			}
			hasContent = true
		case isMarker(text, '.'):
			if hasContent {
				docs = append(docs, document{data: data[start:next], line: startLine})
			}
			start, startLine = next, line+1
			hasContent = false
		case !hasContent && isContent(text):
			hasContent = true
		}
		pos = next
	}
	if hasContent {
		docs = append(docs, document{data: data[start:], line: startLine})
	}
	return docs
}

// isMarker reports whether a line is the document marker made of three c:
// "---" or "...", alone or followed by white space.
func isMarker(line []byte, c byte) bool {
	if len(line) < 3 || line[0] != c || line[1] != c || line[2] != c {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r'
}

// isContent reports whether a line holds something other than white space,
// a comment or a directive (a "%" in column 1).
func isContent(line []byte) bool {
	if len(line) > 0 && line[0] == '%' {
		return false
	}
	for _, c := range line {
		switch c {
		case ' ', '\t', '\r':
			continue
		case '#':
			return false
		}
		return true
	}
	return false
}
