package lint

import (
	"bufio"
	"bytes"
	"io"
	"os"

	"github.com/poddoctor/poddoctor/internal/readlimit"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// maxFixLineBytes bounds the line read back for a fix's edit: a longer
// line is not a field someone edits by hand, and gives no edit.
const maxFixLineBytes = 64 << 10

// withFixEdit returns f with its fix's text edit (finding.TextEdit), when
// the field the fix sets is a one-line scalar of obj's own file; the edit
// is what SARIF's `fixes` carries. The line is read back from the file,
// and the edit is made only when the text at the field's position reads
// as the value the object holds (manifest.ScalarEdit), so a value that a
// Helm template or a kustomization produced, standard input, or a file
// that changed since it was read gives no edit. Fixes are rare (a
// misspelled image), so reading a line back costs nothing next to a run.
func (l *Linter) withFixEdit(obj *manifest.Object, f finding.Finding) finding.Finding {
	if f.Fix == nil || f.Fix.Edit != nil || obj.File == "" || obj.File == "-" || obj.File == manifest.StdinName {
		return f
	}
	value, loc, ok := obj.ScalarAt(f.Fix.Path)
	if !ok || loc.File != obj.File {
		return f
	}
	line, ok := readLine(obj.File, loc.Line, l.maxFileBytes)
	if !ok {
		return f
	}
	end, text, ok := manifest.ScalarEdit(line, loc.Column, value, f.Fix.Value)
	if !ok {
		return f
	}
	fix := *f.Fix
	fix.Edit = &finding.TextEdit{File: loc.File, Line: loc.Line, Column: loc.Column, EndColumn: end, Text: text}
	f.Fix = &fix
	return f
}

// readLine returns line n (from 1) of a regular file of at most limit
// bytes, without its line ending.
func readLine(path string, n int, limit int64) (string, bool) {
	if n < 1 {
		return "", false
	}
	if _, err := readlimit.Check(path, limit); err != nil {
		return "", false
	}
	file, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer file.Close()
	r := bufio.NewReader(file)
	for i := 1; i < n; i++ {
		// The lines before are only passed over: a fix far into a file
		// of thousands of lines costs a scan, not a string per line.
		if _, err := boundedLine(r, false); err != nil {
			return "", false
		}
	}
	line, err := boundedLine(r, true)
	return string(line), err == nil
}

// boundedLine reads one line of at most maxFixLineBytes, without its "\n"
// or "\r\n", and keeps its bytes only when keep is set; a longer line is
// an error, as is the end of the file before any byte.
func boundedLine(r *bufio.Reader, keep bool) ([]byte, error) {
	var line []byte
	size := 0
	for {
		chunk, err := r.ReadSlice('\n')
		size += len(chunk)
		if size > maxFixLineBytes {
			return nil, bufio.ErrTooLong
		}
		if keep {
			line = append(line, chunk...)
		}
		switch err {
		case nil:
			line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
			return line, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if size == 0 {
				return nil, io.EOF
			}
			return line, nil
		default:
			return nil, err
		}
	}
}
