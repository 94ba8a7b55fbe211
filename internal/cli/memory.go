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

// The soft memory limit of a lint run follows its input: a base for what
// every run holds (the compiled policies, the caches of the built-ins, the
// files being parsed and evaluated on each core) and 1.25 bytes for each
// byte of input, for what the run keeps of every object to its end (the
// inventory's Rego value, some 1 KB an object, and the findings, some
// 0.5 KB). lint streams its input (pkg/lint holds parsed objects only
// for inputs up to 1 MiB), so its live heap is about 60 MB at 10,000
// objects and 200 MB at 100,000, and the limit leaves the collector 70 to
// 100 MB of garbage between collections: with GOGC=400 alone, the heap
// of a 10,000-object run grew to 300 MB, twice kube-linter's peak; with
// GOGC=100 the collector ran twice as often for the same peak as this
// limit. docs/PERFORMANCE.md has the measurements.
const (
	lintBaseMemoryLimit = 120 << 20 // bytes
	// lintMemoryPerInputByte is 1.25, as a fraction: at 1.5, mixed-100000
	// (121 MB) peaked at 404,000 KB RSS, over the 400 MB target.
	lintMemoryPerInputByteNum, lintMemoryPerInputByteDen = 5, 4
)

// lintMemoryLimit is the soft memory limit of a lint of inputBytes bytes.
func lintMemoryLimit(inputBytes int64) int64 {
	return lintBaseMemoryLimit + inputBytes*lintMemoryPerInputByteNum/lintMemoryPerInputByteDen
}

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
