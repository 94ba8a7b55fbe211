package classify

import (
	"fmt"
	"testing"
)

// BenchmarkClassifyLogQuiet is the worst case: a full window of lines that
// no signature claims, each tried against every signature.
func BenchmarkClassifyLogQuiet(b *testing.B) {
	lines := make([]string, logWindow)
	for i := range lines {
		lines[i] = fmt.Sprintf("2024-06-01T10:00:%02dZ processed order %d for customer %d in 12ms", i%60, i, i*7)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ClassifyLog(lines) != nil {
			b.Fatal("matched")
		}
	}
}
