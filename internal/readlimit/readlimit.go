// Package readlimit reads input files with bounds: only regular files are
// opened, and no read takes more than a set number of bytes. A FIFO, a
// device such as /dev/zero or a socket named as input would otherwise hang
// the run or fill its memory.
package readlimit

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// DefaultMaxFileBytes is the largest input file read when no limit is set:
// well above any real manifest stream or saved cluster (a 100 MB file of
// small documents is read), well below what would exhaust a CI runner.
const DefaultMaxFileBytes = 512 << 20

// ErrNotRegular marks a path that is not a regular file (a FIFO, a device,
// a socket): it is refused without being opened for reading.
var ErrNotRegular = errors.New("not a regular file")

// TooLargeError is an input larger than the limit. It is never read.
type TooLargeError struct {
	Name  string
	Size  int64 // -1 when unknown (standard input)
	Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("%s is larger than the %s limit (--max-file-size); not read", e.Name, Size(e.Limit))
	}
	return fmt.Sprintf("%s is %s, larger than the %s limit (--max-file-size); not read", e.Name, Size(e.Size), Size(e.Limit))
}

// Size writes a byte count the way the flag takes it: 512Mi, 3Gi, 1500Ki.
func Size(n int64) string {
	for _, u := range []struct {
		suffix string
		shift  uint
	}{{"Gi", 30}, {"Mi", 20}, {"Ki", 10}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d%s", n>>u.shift, u.suffix)
		}
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1fMi", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

func limitOrDefault(limit int64) int64 {
	if limit <= 0 {
		return DefaultMaxFileBytes
	}
	return limit
}

// Check says whether path may be read: it must be a regular file (links are
// followed) of at most limit bytes. It only looks, with stat; it opens
// nothing.
func Check(path string, limit int64) (fs.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (%s)", ErrNotRegular, Kind(info.Mode()))}
	}
	if limit = limitOrDefault(limit); info.Size() > limit {
		return nil, &TooLargeError{Name: path, Size: info.Size(), Limit: limit}
	}
	return info, nil
}

// Kind names a non-regular file type for messages: "a named pipe".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// File reads a whole regular file of at most limit bytes (0: the default).
// A path that is not a regular file is refused before it is opened.
func File(path string, limit int64) ([]byte, error) {
	if _, err := Check(path, limit); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Opened(f, path, limit)
}

// Opened reads an open file to its end, as Reader does. The file may have
// been swapped or grown since it was looked at, so its size is only where
// the buffer starts (as in os.ReadFile): one buffer of the right size
// instead of io.ReadAll's doublings, which allocated twice the input (7 %
// of all a 100,000-object lint allocated) and copied it on every growth.
func Opened(f *os.File, name string, limit int64) ([]byte, error) {
	var size int64
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		size = info.Size()
	}
	return read(f, name, limit, size)
}

// Reader reads r to its end, failing with a TooLargeError past limit bytes
// (0: the default) instead of holding more.
func Reader(r io.Reader, name string, limit int64) ([]byte, error) {
	return read(r, name, limit, 0)
}

// read reads r to its end into a buffer of sizeHint bytes to start with,
// grown as needed, and fails with a TooLargeError past limit bytes.
func read(r io.Reader, name string, limit, sizeHint int64) ([]byte, error) {
	limit = limitOrDefault(limit)
	// One byte more than expected, so that the end is seen without growing.
	data := make([]byte, 0, min(sizeHint, limit)+1)
	lr := io.LimitReader(r, limit+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := lr.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Name: name, Size: -1, Limit: limit}
	}
	return data, nil
}
