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
// files being parsed and evaluated on each core) and 1.75 bytes for each
// byte of input, for what the run keeps of every object to its end (the
// inventory's Rego value, some 1 KB an object, and the findings, held as
// bytes the collector does not scan, some 0.25 KB) and for the garbage
// the collector lets grow between two collections. lint streams its input
// (pkg/lint holds parsed objects only for inputs up to 1 MiB), so its
// live heap is about 60 MB at 10,000 objects and 170 MB at 100,000.
//
// The limit is the whole process's memory bar the binary's own pages
// (some 45 to 75 MB resident, more for a binary the linker has just
// written), so the peak RSS is the limit plus those. Each cycle marks the
// live heap, and the number of cycles is what the run allocates over the
// room the limit leaves above the live heap, so at 100,000 objects the
// slope is the time: mixed-100000 (121 MB) gets 320 MiB, 18 s and 378 MB
// peak against 291 MiB, 20 to 21 s and 348 MB with 1.5 bytes a byte
// (session 7, binaries copied fresh), under the 400 MB target; 340 MiB
// peaked at 398 MB. mixed-10000 (12 MB) gets 138 MiB and peaks near
// 190 MB, below kube-linter's 222 to 230 MB. With GOGC=400 alone, the
// heap of a 10,000-object run grew to 300 MB. docs/PERFORMANCE.md has the
// measurements.
const (
	lintBaseMemoryLimit = 118 << 20 // bytes
	// lintMemoryPerInputByte is 1.75, as a fraction.
	lintMemoryPerInputByteNum, lintMemoryPerInputByteDen = 7, 4
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
