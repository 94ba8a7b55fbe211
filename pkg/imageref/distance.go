package imageref

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/didyoumean"
	"github.com/poddoctor/poddoctor/internal/textutil"
)

// maxTotalDistance caps the edits of one suggestion over a whole repository
// path, however long: a name that needs three fixes is a different name.
const maxTotalDistance = 2

// maxDistance is how many edits a word of n characters may need and still
// count as a typo. Short words get none: "go", "app" and "web" are one edit
// away from many real names. Below 8 characters one edit, from 8 on two,
// which keeps the allowance at or under a quarter of the word.
func maxDistance(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

// editDistance is didyoumean.Distance, the distance every "did you mean"
// of poddoctor measures with. Image names and tags are ASCII, so bytes are
// characters.
func editDistance(a, b string) int { return didyoumean.Distance(a, b) }

// wordDistance compares a word the user wrote (a path component or a part of
// a tag) with a known word. It reports the edit distance and whether the
// difference looks like a typo rather than a different name.
func wordDistance(written, known string) (int, bool) {
	if written == known {
		return 0, true
	}
	limit := maxDistance(min(len(written), len(known)))
	if limit == 0 || abs(len(written)-len(known)) > limit {
		return 0, false
	}
	// People rarely mistype the first letter of a short name, and without this
	// rule "code" would become "node" and "host" "ghost".
	if min(len(written), len(known)) < 6 && written[0] != known[0] {
		return 0, false
	}
	// In four or five letters one replaced letter often makes another word
	// ("base" and "bash", "store" and "storm"), so there only a missing or
	// extra letter or a swap counts.
	if len(written) == len(known) && len(written) <= 5 && !textutil.IsAdjacentSwap(written, known) {
		return 0, false
	}
	if countDistance(written, known) > limit {
		return 0, false
	}
	d := editDistance(written, known)
	if d > limit || isVariant(written, known) || isExtension(written, known) {
		return 0, false
	}
	return d, true
}

// countDistance is a cheap lower bound of editDistance: compare how often
// each character occurs in a and in b. An insertion or a deletion changes one
// count by one, a substitution one count up and one down, a swap none, so at
// least max(surplus, shortfall) edits are needed. It rejects most unrelated
// names without running the dynamic programme.
func countDistance(a, b string) int {
	var counts [256]int
	for i := 0; i < len(a); i++ {
		counts[a[i]]++
	}
	for i := 0; i < len(b); i++ {
		counts[b[i]]--
	}
	surplus, shortfall := 0, 0
	for _, s := range [2]string{a, b} {
		for i := 0; i < len(s); i++ {
			c := &counts[s[i]]
			if *c > 0 {
				surplus += *c
			} else {
				shortfall -= *c
			}
			*c = 0 // counted; later occurrences of the character add nothing
		}
	}
	return max(surplus, shortfall)
}

// isExtension reports whether written is known with one more letter in
// front or at the end ("rusty", "dockerd", "julian"), which is usually a name
// of its own. A letter that doubles its neighbour ("postgress", "nginxx") is
// a slip of the finger and does not count.
func isExtension(written, known string) bool {
	if len(written) != len(known)+1 || len(known) == 0 {
		return false
	}
	if extra, ok := strings.CutPrefix(written, known); ok {
		return extra[0] != known[len(known)-1]
	}
	if extra, ok := strings.CutSuffix(written, known); ok {
		return extra[0] != known[0]
	}
	return false
}

// isVariant reports whether two names differ the way related names do rather
// than the way typos do: one extends the other after a separator or with
// digits ("redis-exporter", "python3"), one is the plural of the other
// ("orders", "mongos"), or they differ only in digits ("python2", "python3"),
// which are versions. A doubled final "s" ("postgress") is a typo, not a
// plural.
func isVariant(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if a == b+"s" && !strings.HasSuffix(b, "s") {
		return true
	}
	if extra, ok := strings.CutPrefix(a, b); ok && startsWithSeparatorOrDigit(extra) {
		return true
	}
	if extra, ok := strings.CutSuffix(a, b); ok && endsWithSeparatorOrDigit(extra) {
		return true
	}
	return withoutDigits(a) == withoutDigits(b)
}

func startsWithSeparatorOrDigit(s string) bool {
	return s != "" && isSeparatorOrDigit(s[0])
}

func endsWithSeparatorOrDigit(s string) bool {
	return s != "" && isSeparatorOrDigit(s[len(s)-1])
}

func isSeparatorOrDigit(c byte) bool {
	return c == '-' || c == '_' || c == '.' || ('0' <= c && c <= '9')
}

func withoutDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return -1
		}
		return r
	}, s)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
