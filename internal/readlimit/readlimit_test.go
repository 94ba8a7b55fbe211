package readlimit

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// TestLimits: a file over the limit is refused before it is read, a
// reader is read no further than the limit, and Tail reads only the end.
func TestLimits(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, []byte(strings.Repeat("x", 3000)+"the end"), 0o644); err != nil {
		t.Fatal(err)
	}
	var tooLarge *TooLargeError
	if _, err := File(file, 1<<10); !errors.As(err, &tooLarge) || !strings.Contains(err.Error(), "larger than the 1Ki limit") {
		t.Errorf("File over the limit: %v", err)
	}
	if data, err := File(file, 0); err != nil || len(data) != 3007 {
		t.Errorf("File within the default limit: %d bytes, %v", len(data), err)
	}
	if _, err := Reader(strings.NewReader(strings.Repeat("y", 2000)), "<stdin>", 1<<10); !errors.As(err, &tooLarge) {
		t.Errorf("Reader over the limit: %v", err)
	}
	if _, err := File(t.TempDir(), 0); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a directory") {
		t.Errorf("File(directory) = %v", err)
	}
}

// TestReadWithSizeHint: a file is read into one buffer of its size, and
// the size it had when looked at is only a hint: a file that grew or
// shrank since, a reader that returns its last bytes with io.EOF or one
// byte at a time, and a failing reader are all read (or fail) exactly as
// io.ReadAll would, within the limit.
func TestReadWithSizeHint(t *testing.T) {
	text := strings.Repeat("0123456789", 700) // 7,000 bytes
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := File(file, 0)
	if err != nil || string(data) != text {
		t.Fatalf("File = %d bytes, %v", len(data), err)
	}
	if cap(data) != len(text)+1 {
		t.Errorf("File read %d bytes into a buffer of %d, want one buffer of %d", len(data), cap(data), len(text)+1)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if data, err := Opened(f, file, 0); err != nil || string(data) != text || cap(data) != len(text)+1 {
		t.Errorf("Opened = %d bytes in a buffer of %d, %v; want %d in one of %d", len(data), cap(data), err, len(text), len(text)+1)
	}
	for _, tc := range []struct {
		name  string
		r     io.Reader
		hint  int64
		limit int64
		want  string
		err   string
	}{
		{name: "grew since it was looked at", r: strings.NewReader(text), hint: 100, want: text},
		{name: "shrank since it was looked at", r: strings.NewReader(text[:10]), hint: 7000, want: text[:10]},
		{name: "no hint", r: strings.NewReader(text), want: text},
		{name: "empty", r: strings.NewReader(""), hint: 50, want: ""},
		{name: "last bytes with io.EOF", r: iotest.DataErrReader(strings.NewReader(text)), hint: 7000, want: text},
		{name: "one byte at a time", r: iotest.OneByteReader(strings.NewReader(text)), hint: 10, want: text},
		{name: "exactly the limit", r: strings.NewReader(text), hint: 7000, limit: 7000, want: text},
		{name: "grew past the limit", r: strings.NewReader(text), hint: 100, limit: 6999, err: "larger than the 6999 bytes limit"},
		{name: "hint past the limit", r: strings.NewReader(text[:10]), hint: 1 << 40, limit: 1 << 10, want: text[:10]},
		{name: "a failing reader", r: iotest.TimeoutReader(strings.NewReader(text)), hint: 7000, err: iotest.ErrTimeout.Error()},
	} {
		got, err := read(tc.r, "f", tc.limit, tc.hint)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
		case err != nil || string(got) != tc.want:
			t.Errorf("%s: %d bytes, %v; want %d bytes", tc.name, len(got), err, len(tc.want))
		}
	}
}
