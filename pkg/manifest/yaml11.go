package manifest

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// kubectl and the API server read YAML with sigs.k8s.io/yaml, which
// resolves scalars by YAML 1.1 rules (its goyaml.v2 fork): unquoted yes,
// no, on, off, y and n are booleans, 0755 is octal, 1e3 is a number. The
// tree is yaml.v3's (or the fast parser's copy of it), which is only
// trusted for structure and positions; every scalar's value is resolved
// here, the way goyaml.v2 resolves it, so that the data poddoctor checks
// is the data the cluster would get. TestValuesMatchKubectl and
// FuzzValuesMatchKubectl hold this file to sigs.k8s.io/yaml.YAMLToJSON.

// bigUint is an integer above int64's range that goyaml.v2 reads as a
// uint64. As a value it becomes a float64 (Object.Data holds int64 and
// float64 only, and JSON numbers are floats to most readers); as a mapping
// key sigs.k8s.io/yaml rejects it.
type bigUint uint64

// yaml11Words are the plain scalars goyaml.v2 looks up before trying
// numbers.
var yaml11Words = map[string]any{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"true": true, "True": true, "TRUE": true,
	"on": true, "On": true, "ON": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false,
	"false": false, "False": false, "FALSE": false,
	"off": false, "Off": false, "OFF": false,
	"~": nil, "null": nil, "Null": nil, "NULL": nil,
	".nan": math.NaN(), ".NaN": math.NaN(), ".NAN": math.NaN(),
	".inf": math.Inf(1), ".Inf": math.Inf(1), ".INF": math.Inf(1),
	"+.inf": math.Inf(1), "+.Inf": math.Inf(1), "+.INF": math.Inf(1),
	"-.inf": math.Inf(-1), "-.Inf": math.Inf(-1), "-.INF": math.Inf(-1),
}

// resolve11 returns the value goyaml.v2 gives a plain (unquoted, untagged)
// scalar: nil, bool, int64, bigUint, float64 (infinities and NaN
// included), or the text itself. Timestamps stay text, as they do when
// goyaml.v2 decodes into an interface.
func resolve11(s string) any {
	if s == "" {
		return nil
	}
	switch c := s[0]; {
	case c == 'y' || c == 'Y' || c == 'n' || c == 'N' || c == 't' || c == 'T' ||
		c == 'f' || c == 'F' || c == 'o' || c == 'O' || c == '~':
		if v, ok := yaml11Words[s]; ok {
			return v
		}
	case c == '.':
		if v, ok := yaml11Words[s]; ok {
			return v
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case c >= '0' && c <= '9' || c == '+' || c == '-':
		if len(s) > 1 && (c == '+' || c == '-') && s[1] == '.' {
			if v, ok := yaml11Words[s]; ok {
				return v
			}
		}
		if v, ok := resolveNumber11(s); ok {
			return v
		}
	}
	return s
}

// resolveNumber11 reads text that starts with a digit or a sign as
// goyaml.v2 does: underscores dropped, then an int64 in any of Go's bases
// (0x, 0o, 0b, and a leading 0 for octal), then a uint64, then a float
// written as YAML 1.1 writes floats.
func resolveNumber11(s string) (any, bool) {
	if !numberChars(s) {
		return nil, false // none of the parses below can succeed
	}
	plain := s
	if strings.IndexByte(s, '_') >= 0 {
		plain = strings.ReplaceAll(s, "_", "")
	}
	if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return i, true
	}
	if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return bigUint(u), true
	}
	if isYAMLStyleFloat(plain) {
		if f, err := strconv.ParseFloat(plain, 64); err == nil {
			return f, true
		}
	}
	return nil, false
}

// scalarStyles are the styles of a scalar written in quotes or as a block.
const scalarStyles = yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle

// isPlain reports whether a scalar is written without quotes, block
// indicator or tag, so that its text alone decides its type.
func isPlain(n *node) bool {
	return yaml.Style(n.Style)&(scalarStyles|yaml.TaggedStyle) == 0
}

// scalarValue11 is the value goyaml.v2 gives a scalar node: a plain one is
// resolved by its text, a quoted or block one is a string, and one with an
// explicit tag is read as that tag, or is an error when it cannot be.
func scalarValue11(n *node) (any, error) {
	if yaml.Style(n.Style)&yaml.TaggedStyle == 0 {
		if yaml.Style(n.Style)&scalarStyles != 0 {
			return n.Value, nil
		}
		return resolve11(n.Value), nil
	}
	switch n.Tag {
	case tagStr:
		return n.Value, nil
	case tagBinary:
		b, err := base64.StdEncoding.DecodeString(n.Value)
		if err != nil {
			return nil, errTagged("!!binary value contains invalid base64 data")
		}
		return string(b), nil
	case tagBool, tagInt, tagFloat, tagNull, tagTimestamp:
		// The text is resolved as if it were plain, quotes or not, and
		// must give the tag's type (an int will do for a float).
		v := resolve11(n.Value)
		switch x := v.(type) {
		case bool:
			if n.Tag == tagBool {
				return v, nil
			}
		case int64:
			switch n.Tag {
			case tagInt:
				return v, nil
			case tagFloat:
				return float64(x), nil
			}
		case bigUint:
			switch n.Tag {
			case tagInt:
				return v, nil
			case tagFloat:
				return float64(x), nil
			}
		case float64:
			if n.Tag == tagFloat {
				return v, nil
			}
		case nil:
			if n.Tag == tagNull {
				return nil, nil
			}
		case string:
			if n.Tag == tagTimestamp && isTimestamp11(x) {
				return x, nil
			}
		}
		return nil, errTagged("cannot read %q as %s (it is tagged %s)", n.Value, taggedTypes[n.Tag], tagNames[n.Tag])
	}
	// Any other tag (a custom one, !!map on a scalar ...) leaves the text.
	return n.Value, nil
}

// taggedTypes name the types of the tags a scalar may be read as.
var taggedTypes = map[nodeTag]string{
	tagBool: "a boolean", tagInt: "an integer", tagFloat: "a number", tagNull: "null", tagTimestamp: "a timestamp",
}

// errTagged is why a scalar with an explicit tag cannot be read as it.
func errTagged(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// isTimestamp11 reports whether goyaml.v2 reads s as a timestamp.
func isTimestamp11(s string) bool {
	return looksLikeTimestamp(s) && resolveNumber(s) == tagTimestamp
}

// keyString11 is the JSON key sigs.k8s.io/yaml makes of a mapping key: the
// text of a quoted or tagged string; for a plain key, the text of what
// goyaml.v2 resolves it to (on: is "true", 0x10: is "16", 1e3: is
// "1000"). A null key, or an integer beyond int64, has no JSON key.
func keyString11(n *node) (string, bool) {
	if !isPlain(n) {
		v, err := scalarValue11(n)
		if err != nil {
			return "", false
		}
		return keyText11(v)
	}
	if !mayResolve11(n.Value) {
		return n.Value, true
	}
	return keyText11(resolve11(n.Value))
}

// mayResolve11 reports whether a plain scalar can resolve to anything but
// itself: it is empty or starts with a letter of yaml11Words, a dot, a
// sign or a digit. Most keys and values (names, images) cannot, and skip
// the lookups.
func mayResolve11(s string) bool {
	if s == "" {
		return true
	}
	switch c := s[0]; {
	case c == 'y' || c == 'Y' || c == 'n' || c == 'N' || c == 't' || c == 'T' ||
		c == 'f' || c == 'F' || c == 'o' || c == 'O' || c == '~' || c == '.' ||
		c >= '0' && c <= '9' || c == '+' || c == '-':
		return true
	}
	return false
}

// keyText11 formats a resolved key as sigs.k8s.io/yaml does: integers in
// decimal, floats in their shortest float32 form, booleans as true/false.
func keyText11(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		switch {
		case math.IsInf(x, 1):
			return ".inf", true
		case math.IsInf(x, -1):
			return "-.inf", true
		case math.IsNaN(x):
			return ".nan", true
		}
		return strconv.FormatFloat(x, 'g', -1, 32), true
	}
	return "", false // null, or an integer beyond int64
}
