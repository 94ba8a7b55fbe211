package snapshot

import (
	"fmt"
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

// addDescribe reads one file of `kubectl describe` text.
func (l *loader) addDescribe(in *input) {
	r, source := readDescribe(string(in.data), l.captureTime, l.fileTime)
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
	_ = fmt.Sprint
}
