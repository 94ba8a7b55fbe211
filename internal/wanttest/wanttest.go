// Package wanttest compares the findings a test got with the ones its
// annotated testdata wants, the way every annotated test of poddoctor does:
// a missing finding and an extra one both fail.
package wanttest

import (
	"slices"
	"testing"
)

// Compare reports each wanted key that was not got and each got key that
// was not wanted, and says whether the two sets matched. Keys are whatever
// the test uses to name a finding ("12 latest-tag", "Pod shop/web crash-loop").
func Compare(t testing.TB, want, got []string) bool {
	t.Helper()
	ok := true
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing finding: %s", w)
			ok = false
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected finding: %s", g)
			ok = false
		}
	}
	return ok
}
