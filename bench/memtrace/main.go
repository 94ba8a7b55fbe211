// Command memtrace runs the poddoctor command line, exactly as
// cmd/poddoctor does, and tells what its heap held: with -live, every
// interval it forces a collection and writes a heap profile, whose in-use
// figures are then exactly what was live at that moment (a heap profile
// taken without a collection shows the live heap of the last cycle, which
// with GOGC=400 can be seconds old); at the end it prints the largest
// figures of runtime.MemStats seen, sampled every 10 ms.
//
//	go run ./bench/memtrace -live 1s -prefix /tmp/live -- lint -o json corpus/ >/dev/null
//	go tool pprof -sample_index=inuse_space -top -cum /tmp/live-05.prof
//
// Forced collections slow the run and change its peak; the peak of record
// is /usr/bin/time's maximum RSS of cmd/poddoctor (docs/PERFORMANCE.md).
// It is how the lint memory figures were explained; it is not part of the
// product.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/poddoctor/poddoctor/internal/cli"
)

func main() {
	every := flag.Duration("live", 0, "force a collection and write a heap profile this often (0: never)")
	prefix := flag.String("prefix", "/tmp/live", "heap profiles are written to PREFIX-NN.prof")
	flag.Parse()
	done := make(chan struct{})
	stopped := make(chan struct{})
	var peak runtime.MemStats
	go func() {
		defer close(stopped)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		last, n := time.Now(), 0
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak.HeapAlloc = max(peak.HeapAlloc, ms.HeapAlloc)
			peak.HeapInuse = max(peak.HeapInuse, ms.HeapInuse)
			peak.HeapSys = max(peak.HeapSys, ms.HeapSys)
			peak.Sys = max(peak.Sys, ms.Sys)
			peak.TotalAlloc, peak.NumGC = ms.TotalAlloc, ms.NumGC
			if *every <= 0 || time.Since(last) < *every {
				continue
			}
			last = time.Now()
			runtime.GC()
			var b bytes.Buffer
			if err := pprof.Lookup("heap").WriteTo(&b, 0); err != nil {
				fmt.Fprintln(os.Stderr, err)
				continue
			}
			runtime.ReadMemStats(&ms)
			name := fmt.Sprintf("%s-%02d.prof", *prefix, n)
			if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
			fmt.Fprintf(os.Stderr, "memtrace: %s: %d MB live\n", name, ms.HeapAlloc>>20)
			n++
		}
	}()
	code := cli.Run(context.Background(), append([]string{"poddoctor"}, flag.Args()...), os.Stdin, os.Stdout, os.Stderr)
	close(done)
	<-stopped
	fmt.Fprintf(os.Stderr, "memtrace: largest HeapAlloc %d MB, HeapInuse %d MB, HeapSys %d MB, Sys %d MB; %d MB allocated in all, %d collections\n",
		peak.HeapAlloc>>20, peak.HeapInuse>>20, peak.HeapSys>>20, peak.Sys>>20, peak.TotalAlloc>>20, peak.NumGC)
	os.Exit(code)
}
