package main

import (
	"os"
	"runtime/debug"
)

// Garbage collector settings for a short-lived command that allocates a
// lot of short-lived garbage (policy evaluation) beside a modest live heap.
// With Go's default GOGC=100 the collector ran about a third of the CPU
// time of a large lint; letting the heap grow to 5 times the live data
// halves that, and the soft memory limit makes the collector work harder
// before the process grows past it, so a 100,000-object run stays under
// 500 MB. See docs/PERFORMANCE.md for the measurements.
const (
	gcPercent   = 400
	memoryLimit = 384 << 20 // bytes
)

// tuneMemory applies the settings above, except where the user set GOGC or
// GOMEMLIMIT, which the Go runtime has already applied and which win.
func tuneMemory() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
}
