package snapshot

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
)

// This file finds the boundaries of JSON values without decoding them. A List
// of 60,000 objects is cut into its items here, and each item is then decoded
// into its typed struct, on as many cores as there are. The scanner matches
// brackets and strings only: the decoders (the v2 one, and encoding/json when
// it fails) validate every byte of every item they decode, so nothing invalid
// gets through, but this pass stays fast and allocates nothing.

// syntaxError is a JSON structure error found while cutting a document.
type syntaxError struct {
	offset int
	msg    string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.offset, e.msg)
}

// errStop ends a walk early without an error.
var errStop = errors.New("stop")

// isSpace reports whether b is JSON whitespace.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r'
}

// endsLiteral reports whether b cannot be part of a number or literal.
func endsLiteral(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\r', ',', ':', '{', '}', '[', ']', '"':
		return true
	}
	return false
}

// skipSpace returns the index of the first non-whitespace byte at or after i.
// kubectl indents by four spaces a level, so after a newline it skips eight
// spaces at a time while it can.
func skipSpace(data []byte, i int) int {
	const spaces = 0x2020202020202020
	for i < len(data) && isSpace(data[i]) {
		i++
		for i+8 <= len(data) && binary.LittleEndian.Uint64(data[i:]) == spaces {
			i += 8
		}
	}
	return i
}

// unexpected describes the byte at i, or the end of input, as an error.
func unexpected(data []byte, i int, want string) error {
	if i >= len(data) {
		return &syntaxError{offset: len(data), msg: "unexpected end of input, want " + want}
	}
	return &syntaxError{offset: i, msg: fmt.Sprintf("unexpected %q, want %s", data[i], want)}
}

// shortString is how many bytes of a string stringEnd looks at one by one.
const shortString = 16

// stringEnd returns the index just past the JSON string that starts with the
// quote at data[i].
func stringEnd(data []byte, i int) (int, error) {
	// Most strings of a snapshot are short (member names, kinds, reasons):
	// a look at their first bytes, one at a time, costs less than setting
	// up a search. A backslash leaves it to the search below.
	for j := i + 1; j < len(data) && j <= i+shortString; j++ {
		if c := data[j]; c == '"' {
			return j + 1, nil
		} else if c == '\\' {
			break
		}
	}
	j := i + 1
	for {
		q := bytes.IndexByte(data[j:], '"')
		if q < 0 {
			return 0, &syntaxError{offset: i, msg: "unterminated string"}
		}
		j += q
		// The quote is escaped when an odd number of backslashes precede it.
		backslashes := 0
		for k := j - 1; k > i && data[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return j + 1, nil
		}
		j++
	}
}

// nextStructural returns the index of the first quote, brace or bracket at or
// after i, or len(data). It tests eight bytes at a time: most of what lies
// between them is indentation.
func nextStructural(data []byte, i int) int {
	const (
		ones   = 0x0101010101010101
		highs  = 0x8080808080808080
		quotes = '"' * ones
		opens  = '{' * ones // '[' | 0x20 == '{'
		closes = '}' * ones // ']' | 0x20 == '}'
		case20 = 0x20 * ones
	)
	hasZero := func(x uint64) uint64 { return (x - ones) &^ x & highs }
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i:])
		y := x | case20
		if hasZero(x^quotes)|hasZero(y^opens)|hasZero(y^closes) != 0 {
			break
		}
	}
	for ; i < len(data); i++ {
		switch data[i] {
		case '"', '{', '}', '[', ']':
			return i
		}
	}
	return i
}

// valueEnd returns the index just past the JSON value that starts at data[i].
func valueEnd(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, unexpected(data, i, "a value")
	}
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			j = nextStructural(data, j)
			if j == len(data) {
				break
			}
			switch data[j] {
			case '"':
				end, err := stringEnd(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, &syntaxError{offset: len(data), msg: "unexpected end of input"}
	}
	j := i
	for j < len(data) && !endsLiteral(data[j]) {
		j++
	}
	if j == i {
		return 0, unexpected(data, i, "a value")
	}
	return j, nil
}

// eachMember walks the members of the JSON object that starts with the brace
// at data[i]. For each member it calls member with the raw member name (without
// quotes, escapes left in) and the index where the value starts; member returns
// the index just past the value, which it may parse on the way. A member error
// ends the walk; errStop ends it quietly. eachMember returns the index just
// past the closing brace.
func eachMember(data []byte, i int, member func(name []byte, v int) (int, error)) (int, error) {
	j := skipSpace(data, i+1)
	if j < len(data) && data[j] == '}' {
		return j + 1, nil
	}
	for {
		if j >= len(data) || data[j] != '"' {
			return 0, unexpected(data, j, "a member name")
		}
		nameEnd, err := stringEnd(data, j)
		if err != nil {
			return 0, err
		}
		name := data[j+1 : nameEnd-1]
		j = skipSpace(data, nameEnd)
		if j >= len(data) || data[j] != ':' {
			return 0, unexpected(data, j, "':'")
		}
		j = skipSpace(data, j+1)
		end, err := member(name, j)
		if err != nil {
			return 0, err
		}
		next, closed, ok := afterValue(data, end, '}')
		if !ok {
			return 0, unexpected(data, next, "',' or '}'")
		}
		if closed {
			return next, nil
		}
		j = next
	}
}

// eachElement walks the elements of the JSON array that starts with the
// bracket at data[i], calling elem with the index where each element starts;
// elem returns the index just past it. eachElement returns the index just past
// the closing bracket.
func eachElement(data []byte, i int, elem func(v int) (int, error)) (int, error) {
	j := skipSpace(data, i+1)
	if j < len(data) && data[j] == ']' {
		return j + 1, nil
	}
	for {
		end, err := elem(j)
		if err != nil {
			return 0, err
		}
		next, closed, ok := afterValue(data, end, ']')
		if !ok {
			return 0, unexpected(data, next, "',' or ']'")
		}
		if closed {
			return next, nil
		}
		j = next
	}
}

// afterValue reads what follows a member or element whose value ends at j:
// a comma, after which the next one starts at next, or the closer ('}' or
// ']') of its object or array, just past which next is. ok is false when
// neither follows.
func afterValue(data []byte, j int, closer byte) (next int, closed, ok bool) {
	j = skipSpace(data, j)
	if j >= len(data) {
		return j, false, false
	}
	switch data[j] {
	case ',':
		return skipSpace(data, j+1), false, true
	case closer:
		return j + 1, true, true
	}
	return j, false, false
}

// nameIs reports whether the raw member name equals want.
func nameIs(raw []byte, want string) bool {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw) == want
	}
	var s string
	if err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &s); err != nil {
		return false
	}
	return s == want
}

// stringValue reads the value at data[v] as a string: the string itself when
// it is one, "" for any other value. It returns the index just past the value.
func stringValue(data []byte, v int) (string, int, error) {
	end, err := valueEnd(data, v)
	if err != nil || data[v] != '"' {
		return "", end, err
	}
	raw := data[v+1 : end-1]
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), end, nil
	}
	var s string
	if err := json.Unmarshal(data[v:end], &s); err != nil {
		return "", 0, &syntaxError{offset: v, msg: "invalid string: " + err.Error()}
	}
	return s, end, nil
}

// typeMeta reads the kind and apiVersion members of the JSON object in data,
// stopping as soon as both are found (kubectl prints them first).
func typeMeta(data []byte) (kind, apiVersion string, err error) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return "", "", unexpected(data, i, "an object")
	}
	var haveKind, haveVersion bool
	_, err = eachMember(data, i, func(name []byte, v int) (int, error) {
		var end int
		var err error
		switch {
		case nameIs(name, "kind"):
			kind, end, err = stringValue(data, v)
			haveKind = true
		case nameIs(name, "apiVersion"):
			apiVersion, end, err = stringValue(data, v)
			haveVersion = true
		default:
			return valueEnd(data, v)
		}
		if err == nil && haveKind && haveVersion {
			return 0, errStop
		}
		return end, err
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return kind, apiVersion, err
}

// memberValue returns the raw value of the named member of the JSON object in
// data, or nil when there is none.
func memberValue(data []byte, want string) []byte {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil
	}
	var found []byte
	_, _ = eachMember(data, i, func(name []byte, v int) (int, error) {
		end, err := valueEnd(data, v)
		if err == nil && nameIs(name, want) {
			found = data[v:end]
			return 0, errStop
		}
		return end, err
	})
	return found
}

// compactJSON appends src to dst without the whitespace between tokens.
// kubectl indents its JSON by four spaces, so half the bytes of a List are
// whitespace, and encoding/json pays for each of them twice (once to validate,
// once to decode): decoding the compact form is three times faster. Where
// whitespace separates two literals ("1 2", invalid) one space is kept, so
// src is valid JSON exactly when the result is.
func compactJSON(dst, src []byte) []byte {
	i := 0
	for i < len(src) {
		switch c := src[i]; {
		case c == '"':
			end, err := stringEnd(src, i)
			if err != nil {
				// Unterminated: keep it as it is for the decoder to report.
				return append(dst, src[i:]...)
			}
			dst = append(dst, src[i:end]...)
			i = end
		case isSpace(c):
			j := skipSpace(src, i)
			if j < len(src) && len(dst) > 0 && !endsLiteral(dst[len(dst)-1]) && !endsLiteral(src[j]) {
				dst = append(dst, ' ')
			}
			i = j
		default:
			j := i + 1
			for j < len(src) && !isSpace(src[j]) && src[j] != '"' {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
		}
	}
	return dst
}
