package main

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

func TestTuneMemory(t *testing.T) {
	tests := []struct {
		name          string
		env           map[string]string
		wantPercent   int
		wantLimit     int64
		presetPercent int
		presetLimit   int64
	}{
		{name: "defaults", wantPercent: gcPercent, wantLimit: memoryLimit, presetPercent: 100, presetLimit: math.MaxInt64},
		{name: "GOGC set by the user wins", env: map[string]string{"GOGC": "50"}, wantPercent: 50, wantLimit: memoryLimit, presetPercent: 50, presetLimit: math.MaxInt64},
		{name: "GOMEMLIMIT set by the user wins", env: map[string]string{"GOMEMLIMIT": "1GiB"}, wantPercent: gcPercent, wantLimit: 1 << 30, presetPercent: 100, presetLimit: 1 << 30},
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if _, ok := tt.env["GOGC"]; !ok {
				unsetenv(t, "GOGC")
			}
			if _, ok := tt.env["GOMEMLIMIT"]; !ok {
				unsetenv(t, "GOMEMLIMIT")
			}
			// What the runtime would have read from the environment at start.
			debug.SetGCPercent(tt.presetPercent)
			debug.SetMemoryLimit(tt.presetLimit)

			tuneMemory()

			if got := debug.SetGCPercent(-1); got != tt.wantPercent {
				t.Errorf("GC percent = %d, want %d", got, tt.wantPercent)
			}
			debug.SetGCPercent(100)
			if got := debug.SetMemoryLimit(-1); got != tt.wantLimit {
				t.Errorf("memory limit = %d, want %d", got, tt.wantLimit)
			}
		})
	}
}

// unsetenv removes a variable for the rest of the test (t.Setenv has
// recorded its old value and restores it).
func unsetenv(t *testing.T, key string) {
	t.Helper()
	if err := os.Unsetenv(key); err != nil {
		t.Fatal(err)
	}
}
