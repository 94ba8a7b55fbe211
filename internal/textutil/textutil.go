// Package textutil holds two small string tests that several packages
// need in exactly the same form.
package textutil

import (
	"strings"
	"unicode"
)

// IsAdjacentSwap reports whether a and b differ only by two neighbouring
// characters trading places ("redsi" and "redis"): the commonest typo, which
// plain edit distance counts as two edits.
func IsAdjacentSwap(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// ValidJSONTagName reports whether a json struct tag names a field the way
// encoding/json accepts (its isValidTag): a tag name it rejects makes
// encoding/json fall back to the Go field name.
func ValidJSONTagName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
