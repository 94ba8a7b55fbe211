package redact

import (
	"bytes"
	"strings"
)

// Cheap tests that run before secretName and privateKeyArmour. lint asks
// them of every environment variable and every ConfigMap value of its
// input, and nearly all answer no; a case-insensitive pattern that starts
// with a repetition is tried at every position of the text, which made
// these two patterns about 3 % of a lint run's instructions. Each test
// holds for every text its pattern matches (prefilter_test.go checks that
// against the patterns), so the answer is the pattern's.

// secretNameWords are the words of secretName, lower-case: every name it
// matches holds one of them.
var secretNameWords = [][]byte{[]byte("pass"), []byte("pw"), []byte("secret"), []byte("token"), []byte("key"), []byte("credential")}

// mayBeSecretName is false only for names secretName cannot match: ASCII
// names that hold none of its words. (?i) folds k to the Kelvin sign and s
// to the long s, so a name with any other byte than ASCII goes to the
// pattern.
func mayBeSecretName(name string) bool {
	var buf [64]byte
	lower := buf[:0]
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 0x80 {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	for _, w := range secretNameWords {
		if bytes.Contains(lower, w) {
			return true
		}
	}
	return false
}

// mayHoldArmour is false only for texts privateKeyArmour cannot match:
// those without a dash or without BEGIN in any case. The letters of BEGIN
// fold only to their ASCII pairs, so an ASCII comparison is exact.
func mayHoldArmour(s string) bool {
	return strings.IndexByte(s, '-') >= 0 && containsFoldASCII(s, "begin")
}

// containsFoldASCII reports whether s holds word (lower-case ASCII
// letters) in any mix of cases.
func containsFoldASCII(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		j := 0
		for j < len(word) && s[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}
