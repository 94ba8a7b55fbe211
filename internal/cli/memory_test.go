package cli

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

func TestTuneMemory(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		limit       int64
		preset      int   // GOGC as the runtime read it at start
		presetLimit int64 // GOMEMLIMIT as the runtime read it at start
		wantPercent int
		wantLimit   int64
	}{
		{name: "lint", limit: lintMemoryLimit(0), preset: 100, presetLimit: math.MaxInt64, wantPercent: gcPercent, wantLimit: lintMemoryLimit(0)},
		{name: "lint of 100 MiB: the limit follows the input", limit: lintMemoryLimit(100 << 20), preset: 100, presetLimit: math.MaxInt64, wantPercent: gcPercent, wantLimit: 118<<20 + 175<<20},
		{name: "diagnose: no limit", limit: 0, preset: 100, presetLimit: math.MaxInt64, wantPercent: gcPercent, wantLimit: math.MaxInt64},
		{name: "GOGC set by the user wins", env: map[string]string{"GOGC": "50"}, limit: lintMemoryLimit(0), preset: 50, presetLimit: math.MaxInt64, wantPercent: 50, wantLimit: lintMemoryLimit(0)},
		{name: "GOMEMLIMIT set by the user wins", env: map[string]string{"GOMEMLIMIT": "1GiB"}, limit: lintMemoryLimit(0), preset: 100, presetLimit: 1 << 30, wantPercent: gcPercent, wantLimit: 1 << 30},
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, key := range []string{"GOGC", "GOMEMLIMIT"} {
				t.Setenv(key, "") // restores the old value after the test
				if v, ok := tt.env[key]; ok {
					t.Setenv(key, v)
				} else if err := os.Unsetenv(key); err != nil {
					t.Fatal(err)
				}
			}
			debug.SetGCPercent(tt.preset)
			debug.SetMemoryLimit(tt.presetLimit)

			tuneMemory(tt.limit)

			if got := debug.SetGCPercent(100); got != tt.wantPercent {
				t.Errorf("GC percent = %d, want %d", got, tt.wantPercent)
			}
			if got := debug.SetMemoryLimit(-1); got != tt.wantLimit {
				t.Errorf("memory limit = %d, want %d", got, tt.wantLimit)
			}
		})
	}
}
