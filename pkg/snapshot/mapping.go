package snapshot

import (
	"bytes"
	"os"
	"unsafe"

	"github.com/poddoctor/poddoctor/internal/readlimit"
)

// mapping is one file mapped into memory by a sifted load.
type mapping struct {
	data  []byte
	unmap func()
	// released is how far from the start the pages have been given back.
	released int
}

// releaseStep is how much decoded input a sifted load lets build up before
// it gives the pages back: large enough that the calls cost nothing.
var releaseStep = 32 << 20

// readFile reads one file of at most maxFileBytes: mapped into memory
// when the load is sifted and the file large (see mapFile), so that its
// pages are given back as the decoding moves past them.
func (l *loader) readFile(path string) ([]byte, error) {
	if l.sift == nil || !canMap {
		return readlimit.File(path, l.maxFileBytes)
	}
	data, unmap, err := mapFile(path, l.maxFileBytes)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) >= mapThreshold && len(data) > 0 {
		l.maps = append(l.maps, &mapping{data: data, unmap: unmap})
	}
	return data, nil
}

// consume takes one decoded object (the decode pool's consumer in a
// sifted load) and gives back the mapped pages the decoding has passed.
func (l *loader) consume(o *rawObject, d decoded) {
	l.take(o, d)
	l.releaseBehind(o.data)
}

// mappingOf returns the mapping that holds b and where b starts in it, or
// nil when b is not in a mapped file.
func (l *loader) mappingOf(b []byte) (*mapping, int) {
	if len(l.maps) == 0 || len(b) == 0 {
		return nil, 0
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	for _, m := range l.maps {
		base := uintptr(unsafe.Pointer(unsafe.SliceData(m.data)))
		if p >= base && p < base+uintptr(len(m.data)) {
			return m, int(p - base)
		}
	}
	return nil, 0
}

// releaseBehind gives back the pages of b's mapped file that lie before
// the end of b, once releaseStep of them have built up since the last
// time.
func (l *loader) releaseBehind(b []byte) {
	m, at := l.mappingOf(b)
	if m == nil {
		return
	}
	if end := at + len(b); end-m.released >= releaseStep {
		to := end / os.Getpagesize() * os.Getpagesize()
		releasePages(m.data[m.released:to])
		m.released = to
	}
}

// containsReleasing is bytes.Contains(data, sep) that gives back the pages
// of a mapped file behind the search as it goes: searched at once, a
// 3 GB snapshot would be in memory whole, if only for a moment. The
// windows overlap by len(sep)-1 bytes, so that no occurrence is missed.
func (l *loader) containsReleasing(data, sep []byte) bool {
	if m, _ := l.mappingOf(data); m == nil || len(sep) == 0 {
		return bytes.Contains(data, sep)
	}
	for from := 0; from < len(data); from += releaseStep {
		to := min(len(data), from+releaseStep)
		if bytes.Contains(data[from:min(len(data), to+len(sep)-1)], sep) {
			return true
		}
		l.releaseBehind(data[from:to])
	}
	return false
}

// releaseMapped gives back every page of the mapped file that holds data,
// and starts releasing it over from its start.
func (l *loader) releaseMapped(data []byte) {
	if m, _ := l.mappingOf(data); m != nil {
		releasePages(m.data)
		m.released = 0
	}
}

// unmapAll ends the mappings of a load: the Snapshot holds copies of what
// it keeps, never the input's bytes.
func (l *loader) unmapAll() {
	for _, m := range l.maps {
		m.unmap()
	}
	l.maps = nil
}

// againGroup is how many objects decodeAgain decodes between two looks at
// the pages to give back.
const againGroup = 1024

// decodeAgain is decodeAll over objects a sifted load reads a second time
// (pods brought back, events about kept pods), in input order, a group at
// a time, giving back the mapped pages behind each group: those objects
// are spread over the whole input, and their pages would otherwise all be
// resident by the end.
func (l *loader) decodeAgain(objs []rawObject) []decoded {
	for _, m := range l.maps {
		m.released = 0
	}
	out := make([]decoded, 0, len(objs))
	for start := 0; start < len(objs); start += againGroup {
		group := objs[start:min(len(objs), start+againGroup)]
		out = append(out, decodeAll(group, false)...)
		l.releaseBehind(group[len(group)-1].data)
	}
	return out
}
