package snapshot

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// describeFileInDir reports whether a file of a directory that is not
// JSON, YAML or a dump's log is `kubectl describe` text saved as .txt (or
// without an extension), by its first bytes.
func describeFileInDir(path string, d fs.DirEntry) bool {
	ext := strings.ToLower(filepath.Ext(d.Name()))
	if ext != ".txt" && ext != ".describe" && ext != "" || d.Name() == "logs.txt" {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 8<<10)
	n, _ := f.Read(head)
	return looksLikeDescribe(head[:n])
}

// addDescribe reads one file of `kubectl describe` text. A file that
// prints no time of its own (`kubectl describe replicasets` often does not)
// waits for finish, to count its event ages back from the time the run's
// other describe text prints: the files of one capture share one clock,
// whatever order they are read in.
func (l *loader) addDescribe(in *input) {
	r, source := readDescribe(string(in.data), l.captureTime, l.fileTime)
	if source == describeUndated {
		l.undatedDescribe = append(l.undatedDescribe, in)
		return
	}
	l.keepDescribed(in, r, source)
}

// addUndatedDescribe reads the describe text that printed no time, with
// the capture time of the rest (or the clock, when none printed one).
func (l *loader) addUndatedDescribe() {
	for _, in := range l.undatedDescribe {
		now, source := l.describedAt, "the newest time the other describe text prints"
		if now.IsZero() {
			now, source = time.Now().UTC().Truncate(time.Second), describeUndated
		}
		r, _ := readDescribe(string(in.data), now, time.Time{})
		l.keepDescribed(in, r, source)
	}
	l.undatedDescribe = nil
}

// keepDescribed keeps the objects read from one file of describe text and
// says how it was read.
func (l *loader) keepDescribed(in *input, r *describeReader, source string) {
	if r.now.After(l.describedAt) {
		l.describedAt = r.now
	}
	for _, obj := range r.objects {
		l.usable = true
		l.keep(obj)
	}
	var read []string
	for _, kind := range slices.Sorted(maps.Keys(r.kinds)) {
		if kind != "" {
			read = append(read, plural(r.kinds[kind], strings.ToLower(kind)))
		}
	}
	l.note("%s: read as kubectl describe text (%s); event ages count back from %s, %s; describe does not print %s",
		in.name, strings.Join(read, ", "), r.now.UTC().Format(time.RFC3339), source, strings.Join(DescribeCannotCarry, "; "))
	if n := r.kinds[""]; n > 0 {
		l.note("%s: skipped %s of kubectl describe text of a kind poddoctor does not read", in.name, plural(n, "object"))
	}
}
