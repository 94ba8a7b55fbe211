//go:build linux

package snapshot

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"
)

// mappedForTest maps content as a sifted load maps a large file, with
// pages given back every step bytes.
func mappedForTest(t *testing.T, content []byte, step int) (*loader, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cluster.json")
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	threshold, savedStep := mapThreshold, releaseStep
	mapThreshold, releaseStep = 1, step
	t.Cleanup(func() { mapThreshold, releaseStep = threshold, savedStep })
	l := newLoader()
	l.sift = newSifter(&dropAll{})
	data, err := l.readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.unmapAll)
	if len(l.maps) != 1 {
		t.Fatalf("%d mappings", len(l.maps))
	}
	return l, data
}

// TestContainsReleasingFindsEveryPlacement puts the log marker at every
// offset around the window boundaries, cut short at the end, and nowhere:
// the windowed search answers as bytes.Contains does.
func TestContainsReleasingFindsEveryPlacement(t *testing.T) {
	marker := []byte(logStartMarker)
	page := os.Getpagesize()
	size := 3*page + 17
	for _, at := range []int{-1, 0, 1, page - len(marker), page - len(marker) + 1, page - 1, page, 2*page - 5, size - len(marker), size - len(marker) + 3} {
		line := []byte("{\"kind\":\"Pod\"}\n")
		content := bytes.Repeat(line, size/len(line)+1)[:size]
		if at >= 0 {
			copy(content[at:], marker) // cut short when it runs past the end
		}
		l, data := mappedForTest(t, content, page)
		want := bytes.Contains(content, marker)
		if got := l.containsReleasing(data, marker); got != want {
			t.Errorf("marker at %d: containsReleasing says %v, bytes.Contains %v", at, got, want)
		}
		// A byte order mark dropped: data starts inside the mapping.
		if got := l.containsReleasing(data[3:], marker); got != bytes.Contains(content[3:], marker) {
			t.Errorf("marker at %d, from byte 3: containsReleasing says %v", at, got)
		}
	}
}

// TestContainsReleasingGivesPagesBack searches a 16 MB mapped file that
// has no log marker, as every kubectl get snapshot: at most two steps of
// it may be resident afterwards, where bytes.Contains leaves all of it.
func TestContainsReleasingGivesPagesBack(t *testing.T) {
	const size, step = 16 << 20, 1 << 20
	line := []byte("{\"kind\":\"Event\",\"type\":\"Normal\"}\n")
	content := bytes.Repeat(line, size/len(line)+1)[:size]
	l, data := mappedForTest(t, content, step)
	if l.containsReleasing(data, []byte(logStartMarker)) {
		t.Fatal("found a marker that is not there")
	}
	if rss := mappingRSS(t, data); rss > 2*step {
		t.Errorf("%d KB of the mapped file resident after the search, want at most %d KB", rss>>10, 2*step>>10)
	}
	// The reference: a plain search leaves the file resident.
	_ = bytes.Contains(data, []byte(logStartMarker))
	if rss := mappingRSS(t, data); rss < size/2 {
		t.Fatalf("only %d KB resident after a whole search: cannot measure here", rss>>10)
	}
	l.releaseMapped(data)
	if rss := mappingRSS(t, data); rss > step {
		t.Errorf("%d KB resident after releaseMapped", rss>>10)
	}
}

// mappingRSS reads from /proc/self/smaps how much of the mapping that
// starts at data is resident.
func mappingRSS(t *testing.T, data []byte) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps: %v", err)
	}
	defer f.Close()
	start := fmt.Sprintf("%x-", uintptr(unsafe.Pointer(unsafe.SliceData(data))))
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		// A mapping's header: "7f3c...-7f3d... r--s 00000000 08:01 1234 /path".
		if fields := strings.Fields(line); len(fields) >= 5 && strings.Contains(fields[0], "-") && len(fields[1]) == 4 {
			in = strings.HasPrefix(line, start)
			continue
		}
		var kb int
		if in && strings.HasPrefix(line, "Rss:") {
			if _, err := fmt.Sscanf(line, "Rss: %d kB", &kb); err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("mapping %s not in smaps", start)
	return 0
}

// FuzzContainsReleasing holds the windowed search of a mapped file to
// bytes.Contains, whatever the content, the separator and the window.
func FuzzContainsReleasing(f *testing.F) {
	f.Add([]byte("{}\n"+logStartMarker+"web\n"), []byte(logStartMarker), uint16(7))
	f.Add([]byte("abcabcabd"), []byte("abd"), uint16(2))
	f.Add([]byte("x"), []byte("xy"), uint16(0))
	f.Fuzz(func(t *testing.T, content, sep []byte, window uint16) {
		if len(content) == 0 || len(content) > 1<<20 || len(sep) == 0 {
			return
		}
		// Windows of one byte to two pages: most inputs span several.
		step := int(window)%(2*os.Getpagesize()) + 1
		l, data := mappedForTest(t, content, step)
		if got, want := l.containsReleasing(data, sep), bytes.Contains(content, sep); got != want {
			t.Errorf("containsReleasing = %v, bytes.Contains = %v (window %d)", got, want, step)
		}
	})
}
