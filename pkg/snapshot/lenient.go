package snapshot

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// maxIgnoredFields bounds how many values of one object decodeLenient
// leaves out before it gives the object up: an object wrong everywhere is
// not worth diagnosing from what is left.
const maxIgnoredFields = 32

// lenientOptions are v2Options reporting errors with the JSON pointer of
// the value that failed, which encoding/json's messages do not carry.
var lenientOptions = jsonv2.JoinOptions(v2Options, jsonv1.ReportErrorsWithLegacySemantics(false))

// decodeLenient decodes an object of a kept kind that did not decode as a
// whole, leaving out each value of the wrong type (restartCount "5", an exit
// code out of range, a timestamp "yesterday") so that one bad field does not
// drop the object. It returns the object and one sentence per value left
// out; an error when the object is not JSON at all or too much of it is
// wrong.
func decodeLenient(kind, apiVersion string, data []byte) (any, []string, error) {
	var doc any
	if err := jsonv2.Unmarshal(data, &doc, jsonv1.DefaultOptionsV1()); err != nil {
		return nil, nil, err
	}
	var ignored []string
	strict := func(b []byte, v any) error { return jsonv2.Unmarshal(b, v, lenientOptions) }
	for range maxIgnoredFields + 1 {
		buf, err := jsonv2.Marshal(doc, jsonv2.Deterministic(true))
		if err != nil {
			return nil, nil, err
		}
		obj, err := decodeKept(kind, apiVersion, buf, strict)
		if err == nil {
			return obj, ignored, nil
		}
		var se *jsonv2.SemanticError
		if !errors.As(err, &se) || se.JSONPointer == "" || len(ignored) == maxIgnoredFields {
			return nil, nil, err
		}
		tokens := pointerTokens(se.JSONPointer)
		if identifying(tokens) {
			return nil, nil, err // without its name the object is of no use
		}
		want := "value"
		if se.GoType != nil {
			want = strings.TrimPrefix(se.GoType.String(), "*")
		}
		// An integer written as a string or with a fraction, or out of
		// range, is read as the integer it stands for, or the nearest one
		// the field holds: an exit code of 0 in its place would say the
		// container succeeded.
		if v, ok := valueAt(doc, tokens); ok && se.GoType != nil {
			if n, ok := asInteger(v, se.GoType.Kind()); ok {
				doc, _, _ = replaceAt(doc, tokens, n)
				ignored = append(ignored, fmt.Sprintf("%s %s is not a valid %s; read as %d", fieldPath(tokens), shortJSON(v), want, n))
				continue
			}
		}
		var bad any
		var found bool
		doc, bad, found = replaceAt(doc, tokens, nil)
		if !found {
			return nil, nil, err
		}
		ignored = append(ignored, fmt.Sprintf("%s %s is not a valid %s; the field was ignored", fieldPath(tokens), shortJSON(bad), want))
	}
	return nil, nil, errors.New("too many fields of the wrong type")
}

// pointerTokens splits a JSON pointer ("/status/containerStatuses/0") into
// its unescaped reference tokens.
func pointerTokens(p jsontext.Pointer) []string {
	var out []string
	for tok := range p.Tokens() {
		out = append(out, tok)
	}
	return out
}

// replaceAt returns doc with the value at path replaced by with, or
// removed when with is nil, the value it held, and whether there was one.
func replaceAt(doc any, path []string, with any) (any, any, bool) {
	if len(path) == 0 {
		return with, doc, true
	}
	switch v := doc.(type) {
	case map[string]any:
		child, ok := v[path[0]]
		if !ok {
			return doc, nil, false
		}
		if len(path) == 1 {
			if with == nil {
				delete(v, path[0])
			} else {
				v[path[0]] = with
			}
			return v, child, true
		}
		next, bad, found := replaceAt(child, path[1:], with)
		v[path[0]] = next
		return v, bad, found
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(v) {
			return doc, nil, false
		}
		if len(path) == 1 {
			bad := v[i]
			if with != nil {
				v[i] = with
				return v, bad, true
			}
			return append(v[:i:i], v[i+1:]...), bad, true
		}
		next, bad, found := replaceAt(v[i], path[1:], with)
		v[i] = next
		return v, bad, found
	}
	return doc, nil, false
}

// fieldPath writes reference tokens as a field path:
// status.containerStatuses[0].restartCount.
func fieldPath(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		if _, err := strconv.Atoi(t); err == nil {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

// shortJSON writes a value as JSON, cut to a length a message can hold.
func shortJSON(v any) string {
	b, err := jsonv2.Marshal(v, jsonv2.Deterministic(true))
	if err != nil {
		return "(unreadable)"
	}
	const most = 60
	if len(b) > most {
		return string(b[:most]) + "…"
	}
	return string(b)
}

// identifying reports whether path is, or holds, what names the object:
// its metadata, name, namespace or uid.
func identifying(path []string) bool {
	if len(path) == 0 {
		return true
	}
	if path[0] != "metadata" {
		return false
	}
	return len(path) == 1 || len(path) == 2 && (path[1] == "name" || path[1] == "namespace" || path[1] == "uid")
}

// valueAt is the value at path in doc.
func valueAt(doc any, path []string) (any, bool) {
	for _, tok := range path {
		switch v := doc.(type) {
		case map[string]any:
			child, ok := v[tok]
			if !ok {
				return nil, false
			}
			doc = child
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			doc = v[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

// asInteger reads v as an integer of the given kind: a number with a
// fraction loses it, a number out of range becomes the nearest end of the
// range, and a string is read the same way when it holds a number.
func asInteger(v any, kind reflect.Kind) (int64, bool) {
	lo, hi, ok := intRange(kind)
	if !ok {
		return 0, false
	}
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case string:
		parsed, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, false
		}
		f = parsed
	default:
		return 0, false
	}
	if math.IsNaN(f) {
		return 0, false
	}
	switch {
	case f <= float64(lo):
		return lo, true
	case f >= float64(hi):
		return hi, true
	}
	return int64(f), true
}

// intRange is the range of an integer kind, as int64 bounds.
func intRange(kind reflect.Kind) (int64, int64, bool) {
	switch kind {
	case reflect.Int32:
		return math.MinInt32, math.MaxInt32, true
	case reflect.Int64, reflect.Int:
		return math.MinInt64, math.MaxInt64, true
	case reflect.Int16:
		return math.MinInt16, math.MaxInt16, true
	case reflect.Int8:
		return math.MinInt8, math.MaxInt8, true
	case reflect.Uint32:
		return 0, math.MaxUint32, true
	case reflect.Uint16:
		return 0, math.MaxUint16, true
	case reflect.Uint8:
		return 0, math.MaxUint8, true
	}
	return 0, 0, false
}
