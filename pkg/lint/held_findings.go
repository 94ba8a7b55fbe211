package lint

import (
	"encoding/binary"
	"sync"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// A run holds the findings of every object from its evaluation to the end
// of the run, when they are sorted and rendered together. As
// finding.Finding values they are a graph of pointers some 600 bytes a
// finding, which the collector marks again at every cycle: at 100,000
// objects (125,000 findings) they were a third of a live heap the
// collector spent 43 % of the CPU on. heldRun keeps them instead as
// bytes without pointers, which the collector never scans, with the
// strings that repeat from finding to finding (rule, remedy, file, kind,
// namespace, container, path) stored once in the run's heldStrings and
// named by number. They are decoded once, at the end, when the inventory
// is no longer held.

// heldStrings numbers the strings that repeat across the findings of a
// run. It is safe for concurrent use by the workers.
type heldStrings struct {
	mu      sync.Mutex
	ids     map[string]uint32
	strings []string
}

func newHeldStrings() *heldStrings {
	// Number 0 is the empty string, the commonest value of most fields.
	return &heldStrings{ids: map[string]uint32{"": 0}, strings: []string{""}}
}

// id returns the number of s, numbering it if it is new.
func (t *heldStrings) id(s string) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	id, ok := t.ids[s]
	if !ok {
		id = uint32(len(t.strings))
		t.ids[s] = id
		t.strings = append(t.strings, s)
	}
	return id
}

// heldRun is what a run keeps of the lint of each object until its end:
// one string of bytes an object (its findings, then its suppressed
// findings, each list after its length; nil for none), which costs the
// collector one pointer to follow, and the notes of all objects (rare:
// CRD rules that could not be checked), which are sorted and said once
// in the end whatever their order.
type heldRun struct {
	shared  *heldStrings
	objects [][]byte
	mu      sync.Mutex
	notes   []string
}

func newHeldRun(objects int) *heldRun {
	return &heldRun{shared: newHeldStrings(), objects: make([][]byte, objects)}
}

// hold keeps r as the result of object i. Workers call it concurrently,
// each for its own objects.
func (h *heldRun) hold(i int, r objectResult) {
	if len(r.Notes) > 0 {
		h.mu.Lock()
		h.notes = append(h.notes, r.Notes...)
		h.mu.Unlock()
	}
	if len(r.Findings) == 0 && len(r.Suppressed) == 0 {
		return
	}
	e := heldEncoder{strings: h.shared}
	e.uint(uint64(len(r.Findings)))
	e.uint(uint64(len(r.Suppressed)))
	for j := range r.Findings {
		e.finding(&r.Findings[j])
	}
	for j := range r.Suppressed {
		e.finding(&r.Suppressed[j])
	}
	// The encoder grew its buffer by appending; the run keeps an exact
	// copy so that no spare capacity is held to the end.
	h.objects[i] = append([]byte(nil), e.buf...)
}

// Flags of an encoded finding: which of its optional parts follow.
const (
	heldOwner = 1 << iota
	heldLocation
	heldFix
	heldFixEdit
)

type heldEncoder struct {
	strings *heldStrings
	buf     []byte
}

func (e *heldEncoder) uint(n uint64) { e.buf = binary.AppendUvarint(e.buf, n) }
func (e *heldEncoder) int(n int)     { e.buf = binary.AppendVarint(e.buf, int64(n)) }

// shared writes a string that repeats across findings, by its number.
func (e *heldEncoder) shared(s string) { e.uint(uint64(e.strings.id(s))) }

// inline writes a string of this finding alone, as its bytes.
func (e *heldEncoder) inline(s string) {
	e.uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *heldEncoder) object(r *finding.ObjectRef) {
	e.shared(r.APIVersion)
	e.shared(r.Kind)
	e.shared(r.Namespace)
	e.inline(r.Name)
	e.inline(r.UID)
}

func (e *heldEncoder) finding(f *finding.Finding) {
	var flags uint64
	if f.Owner != nil {
		flags |= heldOwner
	}
	if f.Location != nil {
		flags |= heldLocation
	}
	if f.Fix != nil {
		flags |= heldFix
		if f.Fix.Edit != nil {
			flags |= heldFixEdit
		}
	}
	e.uint(flags)
	e.shared(f.Rule)
	e.int(int(f.Severity))
	e.object(&f.Object)
	if f.Owner != nil {
		e.object(f.Owner)
	}
	e.shared(f.Container)
	if f.Location != nil {
		e.shared(f.Location.File)
		e.int(f.Location.Line)
		e.int(f.Location.Column)
	}
	e.shared(f.Path)
	e.inline(f.Message)
	e.uint(uint64(len(f.Evidence)))
	for _, s := range f.Evidence {
		e.inline(s)
	}
	e.shared(f.Remedy)
	if f.Fix != nil {
		e.shared(f.Fix.Path)
		e.inline(f.Fix.Value)
		if edit := f.Fix.Edit; edit != nil {
			e.shared(edit.File)
			e.int(edit.Line)
			e.int(edit.Column)
			e.int(edit.EndColumn)
			e.inline(edit.Text)
		}
	}
	e.uint(uint64(len(f.Related)))
	for _, r := range f.Related {
		e.shared(r.File)
		e.int(r.Line)
		e.int(r.Column)
		e.inline(r.Message)
	}
}

// findings appends the next n findings to out, taking their locations
// from locations (which has room for them).
func (d *heldDecoder) findings(out []finding.Finding, n int, locations *[]finding.Location) []finding.Finding {
	for range n {
		var f finding.Finding
		flags := d.uint()
		f.Rule = d.shared()
		f.Severity = finding.Severity(d.int())
		f.Object = d.object()
		if flags&heldOwner != 0 {
			owner := d.object()
			f.Owner = &owner
		}
		f.Container = d.shared()
		if flags&heldLocation != 0 {
			*locations = append(*locations, finding.Location{File: d.shared(), Line: d.int(), Column: d.int()})
			f.Location = &(*locations)[len(*locations)-1]
		}
		f.Path = d.shared()
		f.Message = d.inline()
		if k := d.uint(); k > 0 {
			f.Evidence = make([]string, k)
			for i := range f.Evidence {
				f.Evidence[i] = d.inline()
			}
		}
		f.Remedy = d.shared()
		if flags&heldFix != 0 {
			f.Fix = &finding.Fix{Path: d.shared(), Value: d.inline()}
			if flags&heldFixEdit != 0 {
				f.Fix.Edit = &finding.TextEdit{File: d.shared(), Line: d.int(), Column: d.int(), EndColumn: d.int(), Text: d.inline()}
			}
		}
		if k := d.uint(); k > 0 {
			f.Related = make([]finding.RelatedLocation, k)
			for i := range f.Related {
				f.Related[i].File = d.shared()
				f.Related[i].Line = d.int()
				f.Related[i].Column = d.int()
				f.Related[i].Message = d.inline()
			}
		}
		out = append(out, f)
	}
	return out
}

// heldDecoder reads what heldEncoder wrote. The data are the run's own
// and always well formed, so it does not check for truncation: a slice
// out of range is a bug, and panics.
type heldDecoder struct {
	strings []string
	data    string
	at      int
}

func (d *heldDecoder) uint() uint64 {
	var n uint64
	for shift := 0; ; shift += 7 {
		b := d.data[d.at]
		d.at++
		n |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return n
		}
	}
}

func (d *heldDecoder) int() int {
	u := d.uint()
	n := int64(u >> 1)
	if u&1 != 0 {
		n = ^n
	}
	return int(n)
}

func (d *heldDecoder) shared() string { return d.strings[d.uint()] }

func (d *heldDecoder) inline() string {
	n := int(d.uint())
	s := d.data[d.at : d.at+n]
	d.at += n
	return s
}

func (d *heldDecoder) object() finding.ObjectRef {
	return finding.ObjectRef{APIVersion: d.shared(), Kind: d.shared(), Namespace: d.shared(), Name: d.inline(), UID: d.inline()}
}

// gather decodes the held results, in input order, after first (the
// findings of the files themselves), and sorts them, as gather does for
// results not held. The strings of each object's findings are cut from
// one string of its bytes, and their locations from one array: two
// allocations an object besides the lists, not one a string.
func (h *heldRun) gather(first []finding.Finding) Result {
	found, suppressed := len(first), 0
	for _, data := range h.objects {
		if data != nil {
			n, k := binary.Uvarint(data)
			m, _ := binary.Uvarint(data[k:])
			found += int(n)
			suppressed += int(m)
		}
	}
	res := sizedResult(first, found, suppressed)
	for i, data := range h.objects {
		if data == nil {
			continue
		}
		d := heldDecoder{strings: h.shared.strings, data: string(data)}
		n, m := int(d.uint()), int(d.uint())
		locations := make([]finding.Location, 0, n+m)
		res.Findings = d.findings(res.Findings, n, &locations)
		res.Suppressed = d.findings(res.Suppressed, m, &locations)
		h.objects[i] = nil // decoded: its bytes can go
	}
	finding.Sort(res.Findings)
	finding.Sort(res.Suppressed)
	res.Notes = uniqueNotes(h.notes)
	return res
}
