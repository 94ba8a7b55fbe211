// Package parallel runs independent work items on a bounded number of
// goroutines: how both engines spread files and objects over the cores.
package parallel

import (
	"runtime"
	"sync"
)

// Workers returns n, or GOMAXPROCS when n is not positive.
func Workers(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}

// For calls work(i) for every i in [0, n) on at most workers goroutines
// and returns when all calls have returned. Results go into slots the
// caller indexes by i, so the output order never depends on scheduling.
func For(n, workers int, work func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				work(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
