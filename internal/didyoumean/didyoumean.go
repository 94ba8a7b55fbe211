// Package didyoumean is poddoctor's one "did you mean" helper: the known
// word closest to a word the user wrote, when it is close enough to be a
// typo of it. Unknown fields of manifests and of .poddoctor.yaml, unknown
// rule ids on the command line, and the image typo search (pkg/imageref,
// which adds rules of its own for the parts of image names) all measure
// with Distance.
package didyoumean

import (
	"strings"

	"github.com/agnivade/levenshtein"
)

// Distance is the Levenshtein distance, with a swap of two neighbouring
// characters counted as one edit instead of two ("imgae" is one edit from
// "image"). The swap adjustment covers words of equal length, which is
// where transpositions show up in practice. Bytes are compared: the words
// are ASCII names.
func Distance(a, b string) int {
	d := levenshtein.ComputeDistance(a, b)
	if d >= 2 && len(a) == len(b) {
		d = min(d, swapDistance(a, b))
	}
	return d
}

// swapDistance counts, for two strings of equal length, the mismatched
// positions, taking a pair of adjacent positions whose characters are
// swapped as a single edit.
func swapDistance(a, b string) int {
	n := 0
	for i := 0; i < len(a); i++ {
		if a[i] == b[i] {
			continue
		}
		n++
		if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] {
			i++
		}
	}
	return n
}

// MaxEdits is how many edits a word of n characters may need and still be
// taken for a typo: one up to 3 characters, two up to 8, three beyond.
func MaxEdits(n int) int {
	switch {
	case n <= 3:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}

// Nearest returns the candidate closest to word, ignoring case, or "" when
// none is within MaxEdits(len(word)). Ties go to the earlier candidate, so
// a sorted list gives a deterministic answer.
func Nearest(word string, candidates []string) string {
	lower := strings.ToLower(word)
	best, bestDistance := "", MaxEdits(len(word))+1
	for _, c := range candidates {
		if d := Distance(lower, strings.ToLower(c)); d < bestDistance {
			best, bestDistance = c, d
		}
	}
	return best
}
