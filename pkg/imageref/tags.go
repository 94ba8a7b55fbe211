package imageref

import "strings"

// wellKnownTagWords are words that appear in the tags of many popular images,
// alone or inside a longer tag ("1.27-alpine", "3.12-slim-bookworm"). A word
// of a tag one typo away from exactly one of these is reported as a typo.
// Words under 4 characters are listed so they count as known, but are never
// the target of a fix: "lts" is one edit from too much.
const wellKnownTagWords = `
	latest stable mainline current lts edge
	alpine slim bookworm bullseye buster trixie jammy noble focal
	nonroot debug rootless dind management
	apache fpm windowsservercore nanoserver
`

// tagWords holds wellKnownTagWords as a set.
type tagWords map[string]struct{}

func newTagWords() tagWords {
	words := make(tagWords)
	for _, w := range strings.Fields(wellKnownTagWords) {
		words[w] = struct{}{}
	}
	return words
}

// correct returns tag with every misspelled well-known word fixed and the
// number of edits made; zero edits means nothing was changed. Only parts of
// the tag made of lowercase letters alone are looked at, so versions
// ("1.27", "v2", "3.12") are never touched.
func (words tagWords) correct(tag string) (string, int) {
	var b strings.Builder
	total := 0
	start := 0
	for i := 0; i <= len(tag); i++ {
		if i < len(tag) && !isTagSeparator(tag[i]) {
			continue
		}
		part := tag[start:i]
		if fixed, d, ok := words.nearest(part); ok {
			part = fixed
			total += d
		}
		b.WriteString(part)
		if i < len(tag) {
			b.WriteByte(tag[i])
		}
		start = i + 1
	}
	if total == 0 {
		return tag, 0
	}
	return b.String(), total
}

// nearest returns the one well-known word closest to part, when part is a
// misspelling of it. Ties give nothing.
func (words tagWords) nearest(part string) (string, int, bool) {
	if !isLowerWord(part) {
		return "", 0, false
	}
	if _, known := words[part]; known {
		return "", 0, false
	}
	best, bestDistance, ties := "", 0, 0
	for w := range words {
		d, ok := wordDistance(part, w)
		if !ok {
			continue
		}
		switch {
		case best == "" || d < bestDistance:
			best, bestDistance, ties = w, d, 0
		case d == bestDistance:
			ties++
		}
	}
	if best == "" || ties > 0 {
		return "", 0, false
	}
	return best, bestDistance, true
}

func isTagSeparator(c byte) bool { return c == '-' || c == '_' || c == '.' }

func isLowerWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
