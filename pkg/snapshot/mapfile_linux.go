//go:build linux

package snapshot

import (
	"fmt"
	"os"
	"syscall"

	"github.com/poddoctor/poddoctor/internal/readlimit"
)

// mapThreshold is the size from which a sifted load maps a file instead of
// reading it: a 3 GB snapshot read into memory would take twice the
// memory the sifted snapshot needs. The mapped pages count as the
// process's memory only while they are resident, and the loader gives
// them back as soon as it has decoded what they hold (releasePages); a
// dropped pod read again is read from the page cache.
var mapThreshold int64 = 64 << 20

// canMap says whether this system maps files.
const canMap = true

// mapFile maps a regular file of at most limit bytes (0: the default)
// read-only, or reads it when it is smaller than mapThreshold. unmap ends
// the mapping: nothing may read data after it.
func mapFile(path string, limit int64) (data []byte, unmap func(), err error) {
	if _, err := readlimit.Check(path, limit); err != nil {
		return nil, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if info.Size() < mapThreshold || info.Size() == 0 || !info.Mode().IsRegular() {
		data, err := readlimit.Opened(f, path, limit)
		return data, func() {}, err
	}
	if _, err := readlimit.Check(path, limit); err != nil {
		return nil, nil, err // swapped for a larger file since
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("map %s: %w", path, err)
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}

// releasePages gives the pages of a mapped file back to the page cache:
// they stop counting as the process's memory, and are read again from
// the cache if touched. b must start on a page boundary of its mapping.
func releasePages(b []byte) {
	if len(b) > 0 {
		_ = syscall.Madvise(b, syscall.MADV_DONTNEED)
	}
}
