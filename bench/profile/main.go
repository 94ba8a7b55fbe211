// Command profile runs the poddoctor command line, exactly as
// cmd/poddoctor does, while writing a CPU profile (and, with -mem, a heap
// profile at the end) for `go tool pprof`:
//
//	go run ./bench/profile -cpu /tmp/lint.prof -- lint -o json corpus/ >/dev/null
//	go tool pprof -top -cum /tmp/lint.prof
//
// It is how the figures in docs/PERFORMANCE.md were explained; it is not
// part of the product.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"time"

	"github.com/poddoctor/poddoctor/internal/cli"
)

func main() {
	cpu := flag.String("cpu", "", "write a CPU profile to this file")
	mem := flag.String("mem", "", "write a heap profile, taken when the heap was at its largest, to this file")
	allocs := flag.String("allocs", "", "write a profile of everything the run allocated, taken at its end (`go tool pprof -sample_index=alloc_space`), to this file")
	traceOut := flag.String("trace", "", "write an execution trace (`go tool trace`: when each core worked, waited or collected) to this file")
	flag.Parse()
	var traceFile *os.File
	if *traceOut != "" {
		traceFile = startWriting(*traceOut, trace.Start)
	}
	if *cpu != "" {
		startWriting(*cpu, pprof.StartCPUProfile)
	}
	done := make(chan struct{})
	var peak []byte
	if *mem != "" {
		// Sample the heap; keep a profile of the largest one seen.
		go func() {
			var largest uint64
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > largest+largest/10 {
					largest = ms.HeapAlloc
					var b bytes.Buffer
					if pprof.Lookup("heap").WriteTo(&b, 0) == nil {
						peak = b.Bytes()
					}
				}
			}
		}()
	}
	code := cli.Run(context.Background(), append([]string{"poddoctor"}, flag.Args()...), os.Stdin, os.Stdout, os.Stderr)
	close(done)
	if traceFile != nil {
		trace.Stop()
		if err := traceFile.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	if *cpu != "" {
		pprof.StopCPUProfile()
	}
	if *mem != "" {
		if err := os.WriteFile(*mem, peak, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	if *allocs != "" {
		writeAllocs(*allocs)
	}
	os.Exit(code)
}

// writeAllocs writes the allocation profile of the whole run to path.
func writeAllocs(path string) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if closeErr := f.Close(); err == nil {
			err = closeErr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

// startWriting creates path and starts start (a profile or a trace)
// writing to it; on failure it says why and exits.
func startWriting(path string, start func(io.Writer) error) *os.File {
	f, err := os.Create(path)
	if err == nil {
		err = start(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	return f
}
