package snapshot

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf16"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/types"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/poddoctor/poddoctor/internal/readlimit"
)

// ErrNoData is returned, wrapped, by Load when none of its inputs held any
// cluster data: no object, no list, no log.
var ErrNoData = errors.New("no cluster data found")

// Load reads saved cluster data into one Snapshot. Each path is a file, a
// directory, or "-" for stdin. Directories are read recursively: their .json,
// .yaml and .yml files and the logs.txt files of the cluster-info dump layout
// (hidden directories are passed over). A file named on its own is read
// whatever its extension.
//
// Each file may hold JSON (one or more documents, concatenated) or YAML (one
// or more documents separated by "---"); each document one object or a list,
// kind List or a typed list such as PodList; and, in the form `kubectl
// cluster-info dump` prints on stdout, container log sections between them.
//
// Load returns an error when a path is missing or unreadable, naming it, and
// when nothing usable could be read at all (wrapping ErrNoData). Anything less
// (a file that is not JSON or YAML, a list item of the wrong shape, a kind
// poddoctor does not use) is said in Snapshot.Notes and the rest is loaded.
//
// Load keeps every pod and event. `diagnose -f` loads through a PodSieve
// instead (Options.Sieve), which keeps only what the diagnosis may look
// at; Load is the reference its differential test
// (pkg/diagnose/sieve_equivalence_test.go) holds it to.
func Load(paths []string, stdin io.Reader) (*Snapshot, error) {
	return LoadWith(paths, stdin, Options{})
}

// Options tune what Load reads and how it dates it.
type Options struct {
	// MaxFileBytes caps one file or standard input; 0 means
	// readlimit.DefaultMaxFileBytes. A named file over it is an error; one
	// found in a directory is a Gap. Log files are read from their tail
	// whatever their size.
	MaxFileBytes int64
	// CapturedAt is the capture time of `kubectl describe` text, which its
	// event ages count back from; zero means the file's modification time
	// when later than every time the text prints, else the newest of those.
	CapturedAt time.Time
	// IgnoreFileTimes leaves the files' modification times out: ModTime
	// stays zero and describe text is dated by what it prints, so the same
	// files give the same snapshot wherever they were copied.
	IgnoreFileTimes bool
	// Sieve, when set, judges each pod as soon as it is decoded and the
	// Snapshot keeps only the pods it wants, the events about kept objects,
	// and owners without their pod templates (see PodSieve and Sifted).
	// Input that cannot be read that way (kubectl describe text, a typed
	// list whose kind follows its items) is read whole, as without it.
	Sieve PodSieve
}

// LoadWith is Load with options.
func LoadWith(paths []string, stdin io.Reader, opts Options) (*Snapshot, error) {
	return load(paths, stdin, false, opts)
}

// LoadAt is Load with the capture time of `kubectl describe` text given:
// describe prints event ages, not times, and they count back from it.
func LoadAt(paths []string, stdin io.Reader, captured time.Time) (*Snapshot, error) {
	return LoadWith(paths, stdin, Options{CapturedAt: captured})
}

// load is Load; legacy decodes with encoding/json alone, for the tests that
// compare the two decoders.
func load(paths []string, stdin io.Reader, legacy bool, opts Options) (*Snapshot, error) {
	if len(paths) == 0 {
		return nil, errors.New("load snapshot: no paths given")
	}
	if opts.Sieve != nil && !legacy {
		if slices.Contains(paths, "-") && stdin != nil {
			// Standard input is read once: a second reading (when the
			// input cannot be sifted) reads it from memory.
			data, err := readlimit.Reader(stdin, "<stdin>", opts.MaxFileBytes)
			if err != nil {
				return nil, fmt.Errorf("load snapshot: read stdin: %w", err)
			}
			stdin = bytes.NewReader(data)
		}
		s, err := loadOnce(paths, stdin, false, opts)
		if !errors.Is(err, errUnsiftable) {
			return s, err
		}
		if r, ok := stdin.(*bytes.Reader); ok {
			_, _ = r.Seek(0, io.SeekStart)
		}
		opts.Sieve = nil
	}
	return loadOnce(paths, stdin, legacy, opts)
}

// loadOnce is load, sifted when opts.Sieve is set; it returns
// errUnsiftable when the input cannot be sifted.
func loadOnce(paths []string, stdin io.Reader, legacy bool, opts Options) (*Snapshot, error) {
	l := newLoaderWith(legacy)
	l.maxFileBytes = opts.MaxFileBytes
	l.captureTime, l.ignoreFileTimes = opts.CapturedAt, opts.IgnoreFileTimes
	if opts.Sieve != nil {
		l.sift = newSifter(opts.Sieve)
		l.dec.consume = l.consume
		defer l.unmapAll()
	}
	for _, path := range paths {
		err := l.addPath(path, stdin)
		if err == nil && l.sift != nil && l.sift.aborted {
			err = errUnsiftable
		}
		if err != nil {
			l.dec.stop()
			return nil, err
		}
	}
	s := l.finish()
	if !l.usable {
		why := ""
		if len(s.Notes) > 0 {
			why = ": " + strings.Join(s.Notes, "; ")
		}
		return nil, fmt.Errorf("load snapshot from %s: %w%s", strings.Join(paths, ", "), ErrNoData, why)
	}
	return s, nil
}

// loader carries a Load from its inputs to the finished Snapshot.
type loader struct {
	snap *Snapshot
	// dec decodes the objects cut out of the inputs, in parallel, while
	// the cutting goes on.
	dec *decodePool
	// usable is set by the first object, list or log read.
	usable bool
	// seen maps kind and uid to the index of the object kept in its slice.
	seen       map[uidKey]int
	duplicates int
	// skipped counts the objects known by name only, per kind; noKind
	// those without a kind.
	skipped map[string]int
	noKind  int
	// sift, when set, judges pods as they are decoded (Options.Sieve).
	sift *sifter
	// maps are the files mapped into memory (sifted loads only).
	maps []*mapping
	// logErrors are the containers whose log section held kubectl's error.
	logErrors map[ContainerKey]bool
	// notes are kept with the number of the file they are about, so they can
	// be put in file order once the decode notes have joined them.
	notes []fileNote
	// gaps are kept with their file number too, like notes.
	gaps  []fileGap
	files int
	// fileTime is the modification time of the file being read, zero for
	// standard input; captureTime the capture time given for describe
	// text (LoadAt), and describedAt the latest capture time describe text
	// was read with.
	fileTime, captureTime, describedAt time.Time
	ignoreFileTimes                    bool
	// undatedDescribe is the describe text that prints no time, read at
	// the end with describedAt (addUndatedDescribe).
	undatedDescribe []*input
	// maxFileBytes caps one file or standard input (0: the default).
	maxFileBytes int64
}

// fileGap is a Gap with the number of the file and document it is about.
type fileGap struct {
	file, doc int
	gap       Gap
}

// fileNote is a note about the file numbered file, and its document doc when
// doc is not 0.
type fileNote struct {
	file, doc int
	text      string
}

// uidKey identifies an object across inputs.
type uidKey struct {
	kind string
	uid  types.UID
}

// input is one file being read.
type input struct {
	name string
	data []byte
	docs int // documents numbered so far
}

func newLoader() *loader {
	return newLoaderWith(false)
}

// newLoaderWith returns a loader that decodes with encoding/json alone when
// legacy is set, as poddoctor did before it had the v2 decoder: for the tests
// that compare the two.
func newLoaderWith(legacy bool) *loader {
	return &loader{snap: newSnapshot(), seen: map[uidKey]int{}, skipped: map[string]int{}, logErrors: map[ContainerKey]bool{}, dec: newDecodePool(legacy)}
}

// note adds a sentence about the file being read to the Snapshot's notes.
func (l *loader) note(format string, args ...any) {
	l.notes = append(l.notes, fileNote{file: l.files, text: fmt.Sprintf(format, args...)})
}

// gap records input that could not be used, about the file being read.
func (l *loader) gap(source, format string, args ...any) {
	l.gaps = append(l.gaps, fileGap{file: l.files, gap: Gap{Source: source, Text: fmt.Sprintf(format, args...)}})
}

// noteDoc adds a sentence about one document of the file being read.
func (l *loader) noteDoc(doc int, format string, args ...any) {
	l.notes = append(l.notes, fileNote{file: l.files, doc: doc, text: fmt.Sprintf(format, args...)})
}

// addPath reads one path given to Load.
func (l *loader) addPath(path string, stdin io.Reader) error {
	if path == "-" {
		if stdin == nil {
			return errors.New("load snapshot: read stdin: no standard input given")
		}
		data, err := readlimit.Reader(stdin, "<stdin>", l.maxFileBytes)
		if err != nil {
			return fmt.Errorf("load snapshot: read stdin: %w", err)
		}
		l.fileTime = time.Time{}
		l.addFile("<stdin>", data)
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("load snapshot: %w", err)
	}
	if info.IsDir() {
		return l.addDir(path)
	}
	if filepath.Base(path) == "logs.txt" {
		return l.addLogPath(path)
	}
	data, err := l.readFile(path)
	if err != nil {
		return fmt.Errorf("load snapshot: %w", err)
	}
	l.seeModTime(info.ModTime())
	l.addFile(path, data)
	return nil
}

// addLogPath reads a logs.txt, whatever its size, keeping only the tail of
// each container's log.
func (l *loader) addLogPath(path string) error {
	f, err := openRegular(path)
	if err != nil {
		return fmt.Errorf("load snapshot: %w", err)
	}
	defer f.Close()
	l.files++
	l.snap.Sources = append(l.snap.Sources, path)
	if err := l.addLogStream(path, f); err != nil {
		return fmt.Errorf("load snapshot: read %s: %w", path, err)
	}
	return nil
}

// openRegular opens a file for reading only once stat has said it is a
// regular file: a named pipe would block the open itself.
func openRegular(path string) (*os.File, error) {
	if _, err := readlimit.Check(path, math.MaxInt64); err != nil {
		return nil, err
	}
	return os.Open(path)
}

// seeModTime keeps the latest modification time of the files read.
func (l *loader) seeModTime(t time.Time) {
	if l.ignoreFileTimes {
		return
	}
	l.fileTime = t
	if t.After(l.snap.ModTime) {
		l.snap.ModTime = t
	}
}

// wantedInDir reports whether a file found in a directory is read.
func wantedInDir(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".yaml", ".yml":
		return true
	}
	return name == "logs.txt"
}

// addDir reads the wanted files under root, in lexical order. Problems below
// root become notes; only root itself being unreadable is an error. root may
// be a link to a directory; links below it are followed to files only, so a
// loop cannot form.
func (l *loader) addDir(root string) error {
	var files []string
	ignored := 0
	err := fs.WalkDir(dirFS(root), ".", func(rel string, d fs.DirEntry, err error) error {
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err != nil {
			if rel == "." {
				return err
			}
			l.gap(path, "%s cannot be read (%v); nothing in it was used", path, pathErrorCause(err))
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if rel != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !wantedInDir(d.Name()) && !describeFileInDir(path, d) {
			ignored++
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Stat(path)
			if err != nil {
				l.note("%s: skipped: %v", path, pathErrorCause(err))
				return nil
			}
			if target.IsDir() {
				l.note("%s: skipped: a link to a directory is not followed", path)
				return nil
			}
		} else if !d.Type().IsRegular() {
			l.gap(path, "%s is not a regular file (%s); not read", path, readlimit.Kind(d.Type()))
			return nil
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load snapshot: read directory %s: %w", root, pathErrorCause(err))
	}
	if ignored > 0 {
		l.note("%s: ignored %s not named *.json, *.yaml, *.yml or logs.txt", root, plural(ignored, "file"))
	}
	if len(files) == 0 {
		l.note("%s: no .json, .yaml, .yml or logs.txt files", root)
	}
	for _, path := range files {
		if filepath.Base(path) == "logs.txt" {
			if err := l.addLogPath(path); err != nil {
				l.gap(path, "%s cannot be read (%v)", path, pathErrorCause(errors.Unwrap(err)))
			}
			continue
		}
		data, err := l.readFile(path)
		if err != nil {
			var tooLarge *readlimit.TooLargeError
			if errors.As(err, &tooLarge) {
				l.gap(path, "%v", err)
			} else {
				l.gap(path, "%s cannot be read (%v)", path, pathErrorCause(err))
			}
			continue
		}
		if info, err := os.Stat(path); err == nil {
			l.seeModTime(info.ModTime())
		}
		l.addFile(path, data)
	}
	return nil
}

// dirFS opens a directory tree for walking; tests replace it with a file
// system that fails where they need it to (root reads any directory, so
// permissions alone cannot make one unreadable).
var dirFS = os.DirFS

// pathErrorCause drops the path from a *fs.PathError, which the note names
// already.
func pathErrorCause(err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}

// addFile reads the content of one file.
func (l *loader) addFile(name string, data []byte) {
	l.files++
	l.snap.Sources = append(l.snap.Sources, name)
	data = toUTF8(data)
	if len(bytes.TrimSpace(data)) == 0 {
		l.note("%s: empty file", name)
		return
	}
	if looksBinary(data) {
		l.note("%s: not JSON or YAML: binary data", name)
		return
	}
	in := &input{name: name, data: data}
	if filepath.Base(name) == "logs.txt" {
		l.addLogFile(in)
		return
	}
	if looksLikeDescribe(data) {
		if l.sift != nil {
			l.sift.aborted = true
			return
		}
		l.addDescribe(in)
		return
	}
	// hasLogMarkers, a window at a time.
	hasLogs := l.containsReleasing(data, []byte(logStartMarker))
	// The tests above read the whole file: give its pages back before
	// the decoding reads it again, a piece at a time.
	l.releaseMapped(data)
	if !hasLogs {
		l.addSegment(in, span{0, len(data)})
		return
	}
	segments, logs := splitDump(data)
	l.addLogs(logs)
	for _, seg := range segments {
		l.addSegment(in, seg)
	}
}

// toUTF8 drops a UTF-8 byte order mark, and transcodes UTF-16 that starts
// with one: Windows PowerShell 5 saves `kubectl get -o json > file` so.
func toUTF8(data []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		order = binary.BigEndian
	default:
		return data
	}
	units := make([]uint16, (len(data)-2)/2)
	for i := range units {
		units[i] = order.Uint16(data[2+2*i:])
	}
	return []byte(string(utf16.Decode(units)))
}

// looksBinary reports whether data is not text, by git's rule: a NUL byte in
// the first 8000 bytes.
func looksBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}

// addLogFile reads DIR/<namespace>/<pod>/logs.txt of a cluster-info dump.
func (l *loader) addLogFile(in *input) {
	if !hasLogMarkers(in.data) {
		// Not written by kubectl: only the path says whose log it is, and not
		// which container's.
		podDir := filepath.Dir(in.name)
		pod, namespace := filepath.Base(podDir), filepath.Base(filepath.Dir(podDir))
		if !plausibleName(pod) || !plausibleName(namespace) {
			l.note("%s: skipped: a log without container markers outside a <namespace>/<pod>/ directory", in.name)
			return
		}
		l.addLogs([]logSection{{key: ContainerKey{Namespace: namespace, Pod: pod}, text: in.data}})
		l.note("%s: no container markers; kept as the log of all containers of pod %s/%s", in.name, namespace, pod)
		return
	}
	segments, logs := splitDump(in.data)
	l.addLogs(logs)
	for _, seg := range segments {
		if len(bytes.TrimSpace(in.data[seg.start:seg.end])) > 0 {
			l.note("%s: ignored text outside the container log markers", in.name)
			break
		}
	}
}

// plausibleName reports whether a path element can be a namespace or pod name.
func plausibleName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\:`)
}

// addLogs keeps the logs of a dump; the first log read for a container wins.
func (l *loader) addLogs(logs []logSection) {
	for _, log := range logs {
		l.usable = true
		if log.failed {
			l.logErrors[log.key] = true
			continue
		}
		if _, dup := l.snap.Logs[log.key]; !dup {
			l.snap.Logs[log.key] = logTail(log.text)
		}
	}
}

// addSegment reads the documents in in.data[seg.start:seg.end]: JSON when it
// starts like JSON, YAML otherwise.
func (l *loader) addSegment(in *input, seg span) {
	i := skipSpace(in.data[:seg.end], seg.start)
	if i == seg.end {
		return
	}
	if c := in.data[i]; c == '{' || c == '[' {
		l.addJSONStream(in, in.data[:seg.end], i)
		return
	}
	l.addYAMLStream(in, in.data[i:seg.end])
}

// addJSONStream reads concatenated JSON documents from data[i:]. A document
// that is not JSON ends the stream: nothing after it can be found reliably.
func (l *loader) addJSONStream(in *input, data []byte, i int) {
	for {
		i = skipSpace(data, i)
		if i >= len(data) {
			return
		}
		in.docs++
		if c := data[i]; c != '{' && c != '[' {
			l.noteDoc(in.docs, "%s: document %d: not JSON: %s", in.name, in.docs, position(in.data, i, unexpected(data, i, "'{' or '['")))
			return
		}
		end, ok := l.addJSONDocument(in, in.docs, data, i, true)
		if !ok {
			return
		}
		i = end
	}
}

// position rewrites a syntaxError's byte offset in data as a line and column.
func position(data []byte, offset int, err error) string {
	var syntax *syntaxError
	if errors.As(err, &syntax) {
		offset = syntax.offset
		err = errors.New(syntax.msg)
	}
	offset = max(0, min(offset, len(data)))
	line := bytes.Count(data[:offset], []byte{'\n'}) + 1
	column := offset - (bytes.LastIndexByte(data[:offset], '\n') + 1) + 1
	return fmt.Sprintf("line %d, column %d: %v", line, column, err)
}

// addJSONDocument cuts the JSON document at data[i] into objects: the items
// of a list, or the document itself. When the document breaks off in the
// middle of a list, the complete items before the break are kept. inFile says
// whether data is the file itself, so errors can give the line; it is not
// for YAML converted to JSON. addJSONDocument returns the index just past the
// document, and false when it was not valid JSON.
func (l *loader) addJSONDocument(in *input, doc int, data []byte, i int, inFile bool) (int, bool) {
	var kind, apiVersion string
	var items []span
	hasItems := false
	// The items are decoded as they are found, as the items of a v1 List,
	// which say their own kind: kubectl prints a list's kind after its
	// items. When the list turns out to be typed (a PodList, whose items
	// leave out their kind) or no list at all, they are taken back. The
	// legacy loader adds them once the list is read, as poddoctor did before
	// it decoded in the background.
	speculate := !l.dec.legacy
	mark := 0
	walkItems := func(v int) (int, error) {
		if !hasItems && l.sift != nil && kind != "" && kind != "List" {
			// Sifted, items cannot be taken back once decoded: when the
			// kind is known before them, they are added once it is read.
			speculate = false
		}
		if !hasItems && speculate {
			mark = l.dec.mark()
		}
		hasItems = true
		return eachElement(data, v, func(e int) (int, error) {
			end, err := valueEnd(data, e)
			if err == nil {
				items = append(items, span{e, end})
				if speculate {
					l.dec.add(rawObject{file: l.files, source: in.name, doc: doc, item: len(items), data: data[e:end]})
				}
			}
			return end, err
		})
	}
	dropItems := func() {
		if hasItems && speculate {
			if l.sift != nil {
				// Already consumed: read the input whole instead.
				l.sift.aborted = l.sift.aborted || len(items) > 0
				return
			}
			l.dec.drop(mark)
		}
	}
	var end int
	var err error
	if data[i] == '[' {
		end, err = walkItems(i)
	} else {
		end, err = eachMember(data, i, func(name []byte, v int) (int, error) {
			var end int
			var err error
			switch {
			case nameIs(name, "kind"):
				kind, end, err = stringValue(data, v)
			case nameIs(name, "apiVersion"):
				apiVersion, end, err = stringValue(data, v)
			case nameIs(name, "items") && v < len(data) && data[v] == '[':
				end, err = walkItems(v)
			default:
				end, err = valueEnd(data, v)
			}
			return end, err
		})
	}
	where := fmt.Sprintf("%s: document %d", in.name, doc)
	isList := hasItems && (kind == "" || strings.HasSuffix(kind, "List"))
	if err != nil {
		msg := err.Error()
		if inFile {
			msg = position(data, 0, err)
		}
		if !isList || len(items) == 0 {
			dropItems()
			l.noteDoc(doc, "%s: not JSON: %s", where, msg)
			return 0, false
		}
		l.noteDoc(doc, "%s: not JSON: %s; kept the %s before it", where, msg, plural(len(items), "complete item"))
	}
	l.usable = l.usable || kind != "" || isList
	if !isList {
		dropItems()
		l.dec.add(rawObject{file: l.files, source: in.name, doc: doc, data: data[i:end], kind: kind, apiVersion: apiVersion})
		return end, true
	}
	// Items of a typed list leave out their own kind and apiVersion.
	itemKind, itemVersion := "", ""
	if kind != "List" && strings.HasSuffix(kind, "List") {
		itemKind, itemVersion = strings.TrimSuffix(kind, "List"), apiVersion
		key := kindKey(itemKind, itemVersion)
		l.snap.Kinds[key] += 0
		dropItems()
	} else if speculate {
		return end, err == nil
	}
	for n, item := range items {
		l.dec.add(rawObject{file: l.files, source: in.name, doc: doc, item: n + 1,
			data: data[item.start:item.end], kind: itemKind, apiVersion: itemVersion})
	}
	return end, err == nil
}

// addYAMLStream reads YAML documents separated by "---" lines. Each document
// is converted to JSON and read as a JSON document; a document that is not
// YAML is noted and the next one is read.
func (l *loader) addYAMLStream(in *input, data []byte) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		in.docs++
		where := fmt.Sprintf("%s: document %d", in.name, in.docs)
		if err != nil {
			l.noteDoc(in.docs, "%s: not YAML: %v", where, err)
			return
		}
		if looksLikeDescribe(raw) {
			// kubectl describe text pasted between YAML documents.
			if l.sift != nil {
				l.sift.aborted = true
				return
			}
			l.addDescribe(&input{name: where, data: raw})
			continue
		}
		js, err := yaml.YAMLToJSON(raw)
		if err != nil {
			l.noteDoc(in.docs, "%s: not JSON or YAML: %v", where, err)
			continue
		}
		i := skipSpace(js, 0)
		if i == len(js) || string(js[i:]) == "null" {
			// Empty, or only comments.
			continue
		}
		if c := js[i]; c != '{' && c != '[' {
			l.noteDoc(in.docs, "%s: not a JSON or YAML object", where)
			continue
		}
		l.addJSONDocument(in, in.docs, js, i, false)
	}
}

// finish decodes the objects cut out of the inputs, keeps them in the
// Snapshot in input order, and adds the summary notes.
func (l *loader) finish() *Snapshot {
	l.addUndatedDescribe()
	s := l.snap
	objects, results := l.dec.wait()
	if l.sift == nil {
		l.reserve(results)
		for n, d := range results {
			l.take(&objects[n], d)
		}
	} else {
		l.finishSifted()
	}
	slices.SortStableFunc(l.gaps, func(a, b fileGap) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.doc, b.doc))
	})
	for _, g := range l.gaps {
		s.Gaps = append(s.Gaps, g.gap)
	}
	l.gaps = nil
	slices.SortStableFunc(l.notes, func(a, b fileNote) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.doc, b.doc))
	})
	for _, n := range l.notes {
		s.Notes = append(s.Notes, n.text)
	}
	l.notes = nil
	for _, kind := range slices.Sorted(maps.Keys(l.skipped)) {
		s.Notes = append(s.Notes, fmt.Sprintf("skipped %s of kind %s (names kept)", plural(l.skipped[kind], "object"), kind))
	}
	if l.noKind > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("skipped %s without a kind", plural(l.noKind, "object")))
	}
	if l.duplicates > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("dropped %s read more than once (same kind and uid)", plural(l.duplicates, "duplicate object")))
	}
	if len(l.logErrors) > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%s held kubectl's error instead of a log", plural(len(l.logErrors), "container log section")))
	}
	if s.Sifted == nil {
		s.CapturedAt = newestTimestamp(s)
	}
	if l.describedAt.After(s.CapturedAt) {
		s.CapturedAt = l.describedAt
	}
	return s
}

// take keeps one decoded object, or says why it cannot, in input order.
func (l *loader) take(o *rawObject, d decoded) {
	s := l.snap
	if d.err != nil {
		if d.kind != "" {
			s.Kinds[d.kind] += 0
		}
		l.notes = append(l.notes, fileNote{file: o.file, doc: o.doc, text: fmt.Sprintf("%s: %v", o.describe(d), d.err)})
		return
	}
	switch {
	case d.scanned != nil:
		l.takeScannedEvent(o, d.scanned)
	case d.kind == "":
		l.noKind++
	case d.obj == nil:
		// Objects known by name only are counted once per name.
		key := ObjectKey{Kind: d.kind, Namespace: d.namespace, Name: d.name}
		if d.name == "" || !s.Present[key] {
			l.skipped[d.kind]++
			s.Kinds[d.kind]++
		}
		if d.name != "" {
			s.Present[key] = true
		}
	default:
		l.keepDecoded(o, d.obj, d.partial)
		for _, text := range d.ignored {
			l.gaps = append(l.gaps, fileGap{file: o.file, doc: o.doc, gap: Gap{
				Source: o.source,
				Object: ObjectKey{Kind: d.kind, Namespace: d.namespace, Name: d.name},
				Text:   text,
			}})
		}
	}
}

// keepDecoded keeps a decoded object: in the Snapshot, or through the
// sifter when there is one. partial is set for a pod scanPod read.
func (l *loader) keepDecoded(o *rawObject, obj any, partial bool) {
	if l.sift == nil {
		l.keep(obj)
		return
	}
	switch v := obj.(type) {
	case *corev1.Pod:
		l.takePod(o, v, partial)
	case *corev1.Event:
		l.takeEvent(o, v)
	default:
		stripOwner(obj)
		l.keep(obj)
	}
}

// reserve grows the Snapshot's slices once to hold the decoded objects, rather
// than step by step while appending thousands of large structs.
func (l *loader) reserve(results []decoded) {
	counts := map[string]int{}
	for _, d := range results {
		if d.obj != nil {
			counts[d.kind]++
		}
	}
	s := l.snap
	s.Pods = slices.Grow(s.Pods, counts["Pod"])
	s.Events = slices.Grow(s.Events, counts["Event"])
	s.Nodes = slices.Grow(s.Nodes, counts["Node"])
	s.ReplicaSets = slices.Grow(s.ReplicaSets, counts["ReplicaSet"])
	s.Deployments = slices.Grow(s.Deployments, counts["Deployment"])
	s.StatefulSets = slices.Grow(s.StatefulSets, counts["StatefulSet"])
	s.DaemonSets = slices.Grow(s.DaemonSets, counts["DaemonSet"])
	s.Jobs = slices.Grow(s.Jobs, counts["Job"])
	s.CronJobs = slices.Grow(s.CronJobs, counts["CronJob"])
}

// keep adds one decoded object to its slice in the Snapshot.
func (l *loader) keep(obj any) {
	s := l.snap
	switch o := obj.(type) {
	case *corev1.Pod:
		keepFirst(l, &s.Pods, o, "Pod", o.UID)
	case *corev1.Event:
		if at, dup := l.seen[uidKey{"Event", o.UID}]; dup {
			l.duplicates++
			if fresherEvent(&s.Events[at], o) {
				s.Events[at] = *o
			}
			return
		}
		keepFirst(l, &s.Events, o, "Event", o.UID)
	case *corev1.Node:
		keepFirst(l, &s.Nodes, o, "Node", o.UID)
	case *appsv1.ReplicaSet:
		keepFirst(l, &s.ReplicaSets, o, "ReplicaSet", o.UID)
	case *appsv1.Deployment:
		keepFirst(l, &s.Deployments, o, "Deployment", o.UID)
	case *appsv1.StatefulSet:
		keepFirst(l, &s.StatefulSets, o, "StatefulSet", o.UID)
	case *appsv1.DaemonSet:
		keepFirst(l, &s.DaemonSets, o, "DaemonSet", o.UID)
	case *batchv1.Job:
		keepFirst(l, &s.Jobs, o, "Job", o.UID)
	case *batchv1.CronJob:
		keepFirst(l, &s.CronJobs, o, "CronJob", o.UID)
	case *corev1.PersistentVolumeClaim:
		keepFirst(l, &s.PersistentVolumeClaims, o, "PersistentVolumeClaim", o.UID)
	case *storagev1.StorageClass:
		keepFirst(l, &s.StorageClasses, o, "StorageClass", o.UID)
	}
}

// keepFirst appends obj to list unless an object of the same kind and uid is
// there already. Objects without a uid (written by hand) are all kept.
func keepFirst[T any](l *loader, list *[]T, obj *T, kind string, uid types.UID) {
	if uid != "" {
		key := uidKey{kind, uid}
		if _, dup := l.seen[key]; dup {
			l.duplicates++
			return
		}
		l.seen[key] = len(*list)
	}
	*list = append(*list, *obj)
	l.snap.Kinds[kind]++
}

// plural spells "1 file", "3 files".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// newestTimestamp is the newest time found in the events and pod statuses of
// s: the moment of capture can only be later.
func newestTimestamp(s *Snapshot) time.Time {
	var newest time.Time
	see := func(t time.Time) {
		if t.After(newest) {
			newest = t
		}
	}
	for i := range s.Events {
		see(eventLastSeen(&s.Events[i]))
	}
	for i := range s.Pods {
		podTimestamps(&s.Pods[i], see)
	}
	return newest
}
