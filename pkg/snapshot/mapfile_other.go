//go:build !linux

package snapshot

import "github.com/poddoctor/poddoctor/internal/readlimit"

// canMap says whether this system maps files: not this one, which reads
// them into memory.
const canMap = false

// mapThreshold is unused where files are not mapped.
var mapThreshold int64 = 64 << 20

// mapFile reads the file: see the Linux version.
func mapFile(path string, limit int64) ([]byte, func(), error) {
	data, err := readlimit.File(path, limit)
	return data, func() {}, err
}

// releasePages does nothing where files are read, not mapped.
func releasePages([]byte) {}
