package snapshot

import (
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
	if len(l.maps) == 0 || len(o.data) == 0 {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(o.data)))
	for _, m := range l.maps {
		base := uintptr(unsafe.Pointer(unsafe.SliceData(m.data)))
		if p < base || p >= base+uintptr(len(m.data)) {
			continue
		}
		end := int(p-base) + len(o.data)
		if end-m.released >= releaseStep {
			page := os.Getpagesize()
			to := end / page * page
			releasePages(m.data[m.released:to])
			m.released = to
		}
		return
	}
}

// releaseMapped gives back every page of data when it is a mapped file.
func (l *loader) releaseMapped(data []byte) {
	for _, m := range l.maps {
		if len(data) > 0 && len(m.data) > 0 && unsafe.SliceData(data) == unsafe.SliceData(m.data) {
			releasePages(m.data)
			m.released = 0
		}
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
