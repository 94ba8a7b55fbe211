package snapshot

import "testing"

func TestRecordsKeepOrderAndAddresses(t *testing.T) {
	var r records[int]
	n := 3*recordBlock + 17
	var first *int
	for i := range n {
		r.Append(i)
		if i == 0 {
			first = r.At(0)
		}
	}
	if r.Len() != n {
		t.Fatalf("Len %d, want %d", r.Len(), n)
	}
	for i := range n {
		if *r.At(i) != i {
			t.Fatalf("At(%d) = %d", i, *r.At(i))
		}
	}
	if first != r.At(0) {
		t.Fatal("the first record moved while the list grew")
	}
}
