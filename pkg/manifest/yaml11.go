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

// resolve11 returns the value goyaml.v2 gives a plain (unquoted, untagged)
// scalar: nil, bool, int64, bigUint, float64 (infinities and NaN
// included), or the text itself. Timestamps stay text, as they do when
// goyaml.v2 decodes into an interface.
func resolve11(s string) any {
	return resolveScalar11(s).value(s)
}

// value boxes a resolved scalar whose text is text.
func (r scalar11) value(text string) any {
	switch r.kind {
	case kindNull:
		return nil
	case kindBool:
		return r.b
	case kindInt:
		return r.i
	case kindBigUint:
		return bigUint(r.u)
	case kindFloat:
		return r.f
	}
	return text
}

// scalar11 is a resolved plain scalar, unboxed: mapping keys are resolved
// for every lookup of a position, and boxing each into an interface would
// allocate.
type scalar11 struct {
	kind scalarKind
	b    bool
	i    int64
	u    uint64
	f    float64
}

type scalarKind uint8

const (
	kindString scalarKind = iota
	kindNull
	kindBool
	kindInt
	kindBigUint
	kindFloat
)

// yaml11Word returns the value of the plain scalars goyaml.v2 looks up
// before trying numbers: booleans, nulls, infinities and NaN. (A switch
// rather than a map: positions resolve keys on every lookup.)
func yaml11Word(s string) (scalar11, bool) {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return scalar11{kind: kindBool, b: true}, true
	case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return scalar11{kind: kindBool}, true
	case "~", "null", "Null", "NULL":
		return scalar11{kind: kindNull}, true
	case ".nan", ".NaN", ".NAN":
		return scalar11{kind: kindFloat, f: math.NaN()}, true
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return scalar11{kind: kindFloat, f: math.Inf(1)}, true
	case "-.inf", "-.Inf", "-.INF":
		return scalar11{kind: kindFloat, f: math.Inf(-1)}, true
	}
	return scalar11{}, false
}

// resolveScalar11 resolves a plain scalar as goyaml.v2 does: the words of
// yaml11Words first, then numbers for text that starts like one;
// everything else is a string.
func resolveScalar11(s string) scalar11 {
	if s == "" {
		return scalar11{kind: kindNull}
	}
	switch c := s[0]; {
	case c == 'y' || c == 'Y' || c == 'n' || c == 'N' || c == 't' || c == 'T' ||
		c == 'f' || c == 'F' || c == 'o' || c == 'O' || c == '~':
		if v, ok := yaml11Word(s); ok {
			return v
		}
	case c == '.':
		if v, ok := yaml11Word(s); ok {
			return v
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return scalar11{kind: kindFloat, f: f}
		}
	case c >= '0' && c <= '9' || c == '+' || c == '-':
		if len(s) > 1 && (c == '+' || c == '-') && s[1] == '.' {
			if v, ok := yaml11Word(s); ok {
				return v
			}
		}
		return resolveNumber11(s)
	}
	return scalar11{}
}

// resolveNumber11 reads text that starts with a digit or a sign as
// goyaml.v2 does: underscores dropped, then an int64 in any of Go's bases
// (0x, 0o, 0b, and a leading 0 for octal), then a uint64, then a float
// written as YAML 1.1 writes floats; a string when none of them fits.
func resolveNumber11(s string) scalar11 {
	if !numberChars(s) {
		return scalar11{} // none of the parses below can succeed
	}
	plain := s
	if strings.IndexByte(s, '_') >= 0 {
		plain = strings.ReplaceAll(s, "_", "")
	}
	if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return scalar11{kind: kindInt, i: i}
	}
	if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return scalar11{kind: kindBigUint, u: u}
	}
	if isYAMLStyleFloat(plain) {
		if f, err := strconv.ParseFloat(plain, 64); err == nil {
			return scalar11{kind: kindFloat, f: f}
		}
	}
	return scalar11{}
}

// scalarStyles are the styles of a scalar written in quotes or as a block.
const scalarStyles = yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle

// isPlain reports whether a scalar is written without quotes, block
// indicator or tag, so that its text alone decides its type.
func isPlain(n *node) bool {
	return yaml.Style(n.Style)&(scalarStyles|yaml.TaggedStyle) == 0
}

// untaggedScalar11 resolves a scalar node with no explicit tag, unboxed: a
// quoted or block one is its text (kindString), a plain one is resolved by
// its text. ok is false for a node with an explicit tag, which
// scalarValue11 reads as that tag.
func untaggedScalar11(n *node) (r scalar11, ok bool) {
	switch style := yaml.Style(n.Style); {
	case style&yaml.TaggedStyle != 0:
		return scalar11{}, false
	case style&scalarStyles != 0:
		return scalar11{kind: kindString}, true
	}
	return resolveScalar11(n.Value), true
}

// scalarValue11 is the value goyaml.v2 gives a scalar node: a plain one is
// resolved by its text, a quoted or block one is a string, and one with an
// explicit tag is read as that tag, or is an error when it cannot be.
func scalarValue11(n *node) (any, error) {
	if r, ok := untaggedScalar11(n); ok {
		return r.value(n.Value), nil
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
	style := yaml.Style(n.Style)
	if style&yaml.TaggedStyle == 0 && style&scalarStyles != 0 {
		return n.Value, true // quoted
	}
	if !isPlain(n) {
		v, err := scalarValue11(n)
		if err != nil {
			return "", false
		}
		switch x := v.(type) {
		case string:
			return x, true
		case bool:
			return keyText11(scalar11{kind: kindBool, b: x}, "")
		case int64:
			return keyText11(scalar11{kind: kindInt, i: x}, "")
		case float64:
			return keyText11(scalar11{kind: kindFloat, f: x}, "")
		}
		return "", false
	}
	return keyText11(resolveScalar11(n.Value), n.Value)
}

// keyIs reports whether a mapping key node has the JSON key key;
// resolvable is mayBeResolvedKey(key), worked out once per lookup. Most
// keys are plain words that cannot resolve to anything but themselves, and
// are compared without resolving.
func keyIs(n *node, key string, resolvable bool) bool {
	switch {
	case n.Style == 0: // plain
		if n.Value != key {
			if !resolvable {
				return false
			}
		} else if n.Value != "" && !mayResolve11(n.Value[0]) {
			return true
		}
	case yaml.Style(n.Style)&yaml.TaggedStyle == 0: // quoted or a block
		return n.Value == key
	}
	k, ok := keyString11(n)
	return ok && k == key
}

// mayBeResolvedKey reports whether key may be the text keyText11 gives a
// key that resolved to a boolean or a number.
func mayBeResolvedKey(key string) bool {
	if key == "" {
		return false
	}
	c := key[0]
	return key == "true" || key == "false" || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// mayResolve11 reports whether a plain scalar that starts with c can
// resolve to anything but a string.
func mayResolve11(c byte) bool {
	switch {
	case c == 'y' || c == 'Y' || c == 'n' || c == 'N' || c == 't' || c == 'T' ||
		c == 'f' || c == 'F' || c == 'o' || c == 'O' || c == '~' || c == '.' ||
		c >= '0' && c <= '9' || c == '+' || c == '-':
		return true
	}
	return false
}

// keyText11 formats a resolved key as sigs.k8s.io/yaml does: integers in
// decimal, floats in their shortest float32 form, booleans as true/false;
// a string is its text.
func keyText11(r scalar11, text string) (string, bool) {
	switch r.kind {
	case kindString:
		return text, true
	case kindBool:
		return strconv.FormatBool(r.b), true
	case kindInt:
		return strconv.FormatInt(r.i, 10), true
	case kindFloat:
		switch {
		case math.IsInf(r.f, 1):
			return ".inf", true
		case math.IsInf(r.f, -1):
			return "-.inf", true
		case math.IsNaN(r.f):
			return ".nan", true
		}
		return strconv.FormatFloat(r.f, 'g', -1, 32), true
	}
	return "", false // null, or an integer beyond int64
}
