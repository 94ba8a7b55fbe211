package snapshot

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZPhases(t *testing.T) {
	if os.Getenv("PHASES") == "" {
		t.Skip()
	}
	data := generateList(t, 10000, 50000)
	path := filepath.Join(t.TempDir(), "big.json")
	os.WriteFile(path, data, 0o600)
	t.Logf("size %d MB", len(data)>>20)
	for range 5 {
		runtime.GC()
		c0 := cpuTime()
		start := time.Now()
		s, err := Load([]string{path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("load: wall %v cpu %v (%d pods %d events)", time.Since(start), cpuTime()-c0, len(s.Pods), len(s.Events))
	}
}

func BenchmarkZZCut(b *testing.B) {
	data := generateList(b, 1000, 5000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		l := newLoader()
		l.addFile("x", data)
	}
}

func BenchmarkZZCompact(b *testing.B) {
	data := generateList(b, 1000, 5000)
	b.SetBytes(int64(len(data)))
	var buf []byte
	b.ResetTimer()
	for b.Loop() {
		buf = compactJSON(buf[:0], data)
	}
}
