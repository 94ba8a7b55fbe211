package readlimit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
