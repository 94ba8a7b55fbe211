package cli

import (
	"os"
	"runtime/debug"
)

// Garbage collector settings for a short-lived command that makes a lot of
// short-lived garbage (parsing, policy evaluation) beside a modest live
// heap. With Go's default GOGC=100 the collector took about a third of the
// CPU of a large lint; letting the heap grow to five times the live data
// before collecting cuts that by more than half. See docs/PERFORMANCE.md.
const gcPercent = 400

// lintMemoryLimit is the soft memory limit of a lint run. lint streams its
// input (pkg/lint holds one file at a time above a few megabytes), so its
// live heap is bounded, and the limit keeps GOGC=400 from growing the heap
// of a 100,000-object run past 500 MB. diagnose has none: it must hold the
// whole snapshot, and a limit below that live heap would only make the
// collector run without end.
const lintMemoryLimit = 384 << 20 // bytes

// siftedDiagnoseMemoryLimit is the soft memory limit of `diagnose -f`
// when healthy pods are dropped as they are read (diagnose.Sieve): its live
// heap then follows the failing pods and compact indexes, not the input,
// and without a limit GOGC=400 would let the garbage of decoding a 3 GB
// snapshot grow the heap to five times that.
const siftedDiagnoseMemoryLimit = 1100 << 20 // bytes

// tuneMemory applies gcPercent and, when limit > 0, a soft memory limit,
// except where the user set GOGC or GOMEMLIMIT: the Go runtime has applied
// those already, and they win.
func tuneMemory(limit int64) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && limit > 0 {
		debug.SetMemoryLimit(limit)
	}
}
