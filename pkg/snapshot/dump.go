package snapshot

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// `kubectl cluster-info dump` writes each container's log between two marker
// lines:
//
//	==== START logs for container app of pod shop/web-1 ====
//	...the log...
//	==== END logs for container app of pod shop/web-1 ====
//
// The END marker is written right after the log bytes, so when a log does not
// end with a newline the marker shares a line with the last log line. When
// kubectl could not fetch a log, the body is one line that starts with
// "Create log request error: " or "Request log error: " instead. On stdout
// these sections sit between the JSON (or YAML) lists; with
// --output-directory they fill DIR/<namespace>/<pod>/logs.txt.
const (
	logStartMarker  = "==== START logs for container "
	logEndMarker    = "==== END logs for container "
	logMarkerSuffix = " ===="
)

// kubectlLogErrors are the bodies kubectl writes when it has no log to show.
var kubectlLogErrors = []string{"Create log request error: ", "Request log error: "}

// logSection is one container's log cut out of a dump.
type logSection struct {
	key ContainerKey
	// text is the log; failed is set instead when kubectl wrote an error.
	text   []byte
	failed bool
}

// hasLogMarkers reports whether data holds any cluster-info dump log section.
func hasLogMarkers(data []byte) bool {
	return bytes.Contains(data, []byte(logStartMarker))
}

// span is the part data[start:end] of an input.
type span struct{ start, end int }

// splitDump cuts the log sections out of a cluster-info dump. It returns the
// rest, the parts between sections that hold the JSON or YAML documents, in
// order, and the sections. A START marker counts only at the start of a line;
// a section whose END marker is missing (a dump cut short) runs to the end.
func splitDump(data []byte) (segments []span, logs []logSection) {
	start := []byte(logStartMarker)
	segStart := 0
	search := 0
	for search < len(data) {
		at := bytes.Index(data[search:], start)
		if at < 0 {
			break
		}
		at += search
		if at > 0 && data[at-1] != '\n' {
			search = at + len(start)
			continue
		}
		lineEnd := len(data)
		if nl := bytes.IndexByte(data[at:], '\n'); nl >= 0 {
			lineEnd = at + nl
		}
		key, subject, ok := parseLogMarker(data[at:lineEnd])
		if !ok {
			search = lineEnd
			continue
		}
		segments = append(segments, span{segStart, at})
		bodyStart := min(lineEnd+1, len(data))
		body := data[bodyStart:]
		next := len(data)
		if end := bytes.Index(body, []byte(logEndMarker+subject)); end >= 0 {
			next = bodyStart + end
			if nl := bytes.IndexByte(data[next:], '\n'); nl >= 0 {
				next += nl + 1
			} else {
				next = len(data)
			}
			body = body[:end]
		}
		logs = append(logs, newLogSection(key, body))
		segStart, search = next, next
	}
	segments = append(segments, span{segStart, len(data)})
	return segments, logs
}

// parseLogMarker reads a START marker line. It returns the container it names
// and the marker's subject ("app of pod shop/web-1 ===="), which the END
// marker repeats.
func parseLogMarker(line []byte) (key ContainerKey, subject string, ok bool) {
	subject = strings.TrimRight(string(line[len(logStartMarker):]), "\r")
	inner, found := strings.CutSuffix(subject, logMarkerSuffix)
	if !found {
		return ContainerKey{}, "", false
	}
	at := strings.LastIndex(inner, " of pod ")
	if at < 0 {
		return ContainerKey{}, "", false
	}
	namespace, pod, found := strings.Cut(inner[at+len(" of pod "):], "/")
	key = ContainerKey{Namespace: namespace, Pod: pod, Container: inner[:at]}
	if !found || key.Namespace == "" || key.Pod == "" || key.Container == "" {
		return ContainerKey{}, "", false
	}
	return key, subject, true
}

// newLogSection recognizes the bodies kubectl writes instead of a log.
func newLogSection(key ContainerKey, body []byte) logSection {
	for _, prefix := range kubectlLogErrors {
		if bytes.HasPrefix(body, []byte(prefix)) {
			return logSection{key: key, failed: true}
		}
	}
	return logSection{key: key, text: body}
}

// logTail returns at most LogTailBytes of the end of a log, starting at a line
// boundary when it has to cut.
func logTail(log []byte) string {
	if len(log) <= LogTailBytes {
		return string(log)
	}
	tail := log[len(log)-LogTailBytes:]
	if nl := bytes.IndexByte(tail, '\n'); nl >= 0 && nl+1 < len(tail) {
		tail = tail[nl+1:]
	}
	return string(tail)
}

// addLogStream reads a cluster-info dump's logs.txt from r a line at a
// time, keeping at most about two LogTailBytes of each container's log, so
// that a log file of any size costs a bounded amount of memory.
func (l *loader) addLogStream(name string, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		logs     []logSection
		open     bool // inside a section
		key      ContainerKey
		endMark  []byte
		head     []byte // the first bytes of the section, for kubectl's errors
		tail     tailBuffer
		outside  bool // text outside the sections
		markers  bool
		atStart  = true
		plain    tailBuffer // the whole file's tail, for a log without markers
		anything bool
	)
	finish := func() {
		for _, prefix := range kubectlLogErrors {
			if bytes.HasPrefix(head, []byte(prefix)) {
				logs = append(logs, logSection{key: key, failed: true})
				open = false
				return
			}
		}
		logs = append(logs, logSection{key: key, text: tail.bytes()})
		open = false
	}
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			anything = true
			plain.add(chunk)
			switch {
			case atStart && bytes.HasPrefix(chunk, []byte(logStartMarker)):
				line := bytes.TrimRight(chunk, "\n")
				if k, subject, ok := parseLogMarker(line); ok {
					if open {
						finish() // a section cut short
					}
					markers, open, key = true, true, k
					endMark = []byte(logEndMarker + subject)
					head, tail = nil, tailBuffer{}
					break
				}
				fallthrough
			default:
				if !open {
					outside = outside || len(bytes.TrimSpace(chunk)) > 0
					break
				}
				body := chunk
				end := bytes.Index(chunk, endMark)
				if end >= 0 {
					body = chunk[:end]
				}
				if len(head) < 64 {
					head = append(head, body[:min(len(body), 64-len(head))]...)
				}
				tail.add(body)
				if end >= 0 {
					finish()
				}
			}
			atStart = chunk[len(chunk)-1] == '\n'
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
	if open {
		finish()
	}
	if !anything {
		l.note("%s: empty file", name)
		return nil
	}
	if !markers {
		l.addLogFile(&input{name: name, data: plain.bytes()})
		return nil
	}
	l.addLogs(logs)
	if outside {
		l.note("%s: ignored text outside the container log markers", name)
	}
	return nil
}

// tailBuffer keeps the last LogTailBytes (and up to as many more) of what
// is added to it.
type tailBuffer struct{ data []byte }

func (t *tailBuffer) add(b []byte) {
	if len(b) >= 2*LogTailBytes {
		t.data = append(t.data[:0], b[len(b)-LogTailBytes:]...)
		return
	}
	if len(t.data)+len(b) > 2*LogTailBytes {
		keep := t.data[max(0, len(t.data)-LogTailBytes):]
		t.data = append(t.data[:0], keep...)
	}
	t.data = append(t.data, b...)
}

func (t *tailBuffer) bytes() []byte { return t.data }
