package snapshot

// recordBlock is how many records one block of a records list holds.
const recordBlock = 4096

// records is an append-only list kept in fixed blocks: a sifted load keeps
// one record per event of the input, 746,000 at 150,000 pods, and a slice
// grown by doubling would copy them all again and again on the loader's
// single thread and hold the old and the new array at once. A record's
// address never changes.
type records[T any] struct {
	blocks [][]T
	n      int
}

// Len returns the number of records.
func (r *records[T]) Len() int { return r.n }

// At returns the i-th record.
func (r *records[T]) At(i int) *T { return &r.blocks[i/recordBlock][i%recordBlock] }

// Append adds a record at the end.
func (r *records[T]) Append(v T) {
	if r.n%recordBlock == 0 {
		r.blocks = append(r.blocks, make([]T, 0, recordBlock))
	}
	last := len(r.blocks) - 1
	r.blocks[last] = append(r.blocks[last], v)
	r.n++
}
