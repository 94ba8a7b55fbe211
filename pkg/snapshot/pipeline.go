package snapshot

import (
	"runtime"
	"sync"
)

// Objects are decoded while the inputs are still being cut: the loader hands
// them to a decodePool in batches as it finds them, and the pool's workers,
// one per core, decode the batches while the loader goes on cutting. Cutting
// a 200 MB List takes a sixth of the time decoding it does; on two cores it
// used to run before the decoding, alone.

// batchSize is how many objects a worker takes at once: enough that handing
// them over costs nothing next to decoding them, few enough that the workers
// start early and end together.
const batchSize = 128

// batch is a run of objects in input order, with their results once decoded.
type batch struct {
	objs []rawObject
	out  []decoded
	// done is closed once out is filled.
	done chan struct{}
}

// decodePool decodes the objects added to it, in the background once there
// are enough of them to be worth it.
type decodePool struct {
	// legacy decodes with encoding/json alone, all at once in wait, as
	// poddoctor did before: see decodeAll.
	legacy bool
	// batches are the objects added so far, in input order; the first sent
	// have been handed to the workers. pending are the newest objects, not
	// in a batch yet.
	batches []*batch
	sent    int
	pending []rawObject
	// work is made when the first full batch is sent.
	work chan *batch
	wg   sync.WaitGroup
	// consume, when set, is handed every object with its result in input
	// order as soon as its batch is decoded, and the pool keeps no result:
	// memory then follows the batches in flight, not the input. The
	// loader adds no object it may take back (see mark) in this mode.
	consume func(*rawObject, decoded)
	// consumed counts the batches handed to consume, from the front.
	consumed int
}

// maxInFlight bounds the batches cut but not yet consumed in streaming
// mode: enough to keep every core decoding while the loader cuts and
// consumes, few enough that they weigh nothing (128 objects each).
const maxInFlight = 64

func newDecodePool(legacy bool) *decodePool {
	return &decodePool{legacy: legacy}
}

// add queues one object, and sends the queue to the workers when it is long
// enough.
func (p *decodePool) add(o rawObject) {
	p.pending = append(p.pending, o)
	if len(p.pending) >= batchSize && !p.legacy {
		p.cut()
		p.send()
		if p.consume != nil {
			p.drain(false)
		}
	}
}

// drain hands the decoded batches at the front to consume, in order:
// those already decoded, waiting for more while too many are in flight,
// and all of them when all is set.
func (p *decodePool) drain(all bool) {
	for p.consumed < len(p.batches) {
		b := p.batches[p.consumed]
		if !all && len(p.batches)-p.consumed <= maxInFlight {
			select {
			case <-b.done:
			default:
				return
			}
		}
		<-b.done
		for i := range b.objs {
			p.consume(&b.objs[i], b.out[i])
		}
		p.batches[p.consumed] = nil
		p.consumed++
	}
}

// cut closes the pending objects into a batch.
func (p *decodePool) cut() {
	if len(p.pending) > 0 {
		p.batches = append(p.batches, &batch{objs: p.pending, done: make(chan struct{})})
		p.pending = nil
	}
}

// mark returns the position after the objects added so far, for drop.
func (p *decodePool) mark() int {
	p.cut()
	return len(p.batches)
}

// drop takes back the objects added since mark returned m. Those already
// being decoded are decoded for nothing: the loader only adds objects it may
// take back (the items of a list whose kind comes after them) where that is
// rare.
func (p *decodePool) drop(m int) {
	p.cut()
	p.batches = p.batches[:m]
	p.sent = min(p.sent, m)
}

// send hands the unsent batches to the workers, starting them the first time.
func (p *decodePool) send() {
	if p.work == nil {
		p.work = make(chan *batch, 1<<12)
		for range runtime.GOMAXPROCS(0) {
			p.wg.Go(func() {
				dc := &objDecoder{legacy: p.legacy, scanEvents: p.consume != nil, scanPods: p.consume != nil}
				for b := range p.work {
					out := make([]decoded, len(b.objs))
					for i := range b.objs {
						out[i] = dc.decode(b.objs[i])
					}
					b.out = out
					close(b.done)
				}
			})
		}
	}
	for _, b := range p.batches[p.sent:] {
		p.work <- b
	}
	p.sent = len(p.batches)
}

// wait decodes what is left and returns every object added, in order, with
// its result.
func (p *decodePool) wait() ([]rawObject, []decoded) {
	p.cut()
	if p.consume != nil {
		p.send()
		p.drain(true)
		p.stop()
		p.batches, p.consumed, p.sent = nil, 0, 0
		return nil, nil
	}
	n := 0
	for _, b := range p.batches {
		n += len(b.objs)
	}
	objs := make([]rawObject, 0, n)
	for _, b := range p.batches {
		objs = append(objs, b.objs...)
	}
	if p.work == nil {
		// Too few objects to have started the workers: decode them here.
		p.batches = nil
		return objs, decodeAll(objs, p.legacy)
	}
	p.send()
	p.stop()
	out := make([]decoded, 0, n)
	for _, b := range p.batches {
		out = append(out, b.out...)
	}
	p.batches = nil
	return objs, out
}

// stop ends the workers once they have decoded what they were sent.
func (p *decodePool) stop() {
	if p.work != nil {
		close(p.work)
		p.wg.Wait()
		p.work = nil
	}
}
