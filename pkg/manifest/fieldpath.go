package manifest

import (
	"strconv"
	"strings"
)

// segment is one step of a field path: a mapping key or a list index.
type segment struct {
	key     string
	index   int
	isIndex bool
}

// nextSegment reads the first segment of a field path and returns the rest.
// It accepts key, .key, [3], ["quoted.key"] and ['quoted.key']; ok is false
// when the path is malformed there. It allocates only for a quoted key with
// escapes.
func nextSegment(path string) (seg segment, rest string, ok bool) {
	path = strings.TrimPrefix(path, ".")
	if path == "" {
		return segment{}, "", false
	}
	if path[0] != '[' {
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		if end == 0 {
			return segment{}, "", false
		}
		return segment{key: path[:end]}, path[end:], true
	}
	if len(path) > 1 && (path[1] == '"' || path[1] == '\'') {
		return quotedSegment(path)
	}
	end := strings.IndexByte(path, ']')
	if end < 0 {
		return segment{}, "", false
	}
	i, err := strconv.Atoi(path[1:end])
	if err != nil || i < 0 {
		return segment{}, "", false
	}
	return segment{index: i, isIndex: true}, path[end+1:], true
}

// quotedSegment reads ["key"] or ['key'] at the start of path.
func quotedSegment(path string) (segment, string, bool) {
	quote := path[1]
	escaped := false
	for i := 2; i < len(path); i++ {
		switch {
		case escaped:
			escaped = false
		case path[i] == '\\' && quote == '"':
			escaped = true
		case path[i] == quote:
			if i+1 >= len(path) || path[i+1] != ']' {
				return segment{}, "", false
			}
			key := path[2:i]
			if quote == '"' && strings.IndexByte(key, '\\') >= 0 {
				unquoted, err := strconv.Unquote(path[1 : i+1])
				if err != nil {
					return segment{}, "", false
				}
				key = unquoted
			}
			return segment{key: key}, path[i+2:], true
		}
	}
	return segment{}, "", false
}

// JoinPath appends a key to a field path: "spec" and "containers" give
// "spec.containers"; a key that a plain dotted path could not carry (a dot,
// a bracket, a quote, or empty) is quoted: metadata.annotations["a.io/b"].
func JoinPath(path, key string) string {
	if key == "" || strings.ContainsAny(key, ".[]\"'") {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// IndexPath appends a list index to a field path: spec.containers[2].
func IndexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
