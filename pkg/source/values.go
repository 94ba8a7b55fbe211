package source

import (
	"slices"

	"go.yaml.in/yaml/v3"
)

// valuesSource is a values file a chart reads, parsed with positions, seen
// from a (sub)chart: prefix is the subchart's key path inside the file.
type valuesSource struct {
	file   string
	root   *yaml.Node
	prefix []string
}

// newValuesSource parses a values file; one that does not parse is kept
// without positions (helm reports its error).
func newValuesSource(file string, data []byte) valuesSource {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return valuesSource{file: file}
	}
	return valuesSource{file: file, root: doc.Content[0]}
}

// under returns the same file seen from the subchart at key.
func (v valuesSource) under(key ...string) valuesSource {
	v.prefix = append(slices.Clone(v.prefix), key...)
	return v
}

// lookup finds the line of the deepest key of path the file sets; depth is
// how many keys of path were found (0: none).
func (v valuesSource) lookup(path []string) (line, depth int) {
	n := v.root
	full := append(slices.Clone(v.prefix), path...)
	for i, key := range full {
		if n == nil || n.Kind != yaml.MappingNode {
			break
		}
		var next *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == key {
				if i >= len(v.prefix) {
					line, depth = n.Content[j].Line, i-len(v.prefix)+1
				}
				next = n.Content[j+1]
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line, depth
}

// userValues are the -f files of a run, the last given first.
type userValues []valuesSource

// under returns the files as a subchart at key path sees them.
func (u userValues) under(prefix []string) []valuesSource {
	out := make([]valuesSource, len(u))
	for i, v := range u {
		out[i] = v.under(prefix...)
	}
	return out
}

// valuesOrigin is where a value came from: the file and line that set it.
type valuesOrigin struct {
	file string
	line int
	path []string // the values key path, as far as a file sets it
}

// findValue returns the highest-precedence file that sets path, or, when
// none sets all of it, the one that sets the longest part of it.
func findValue(sources []valuesSource, path []string) (valuesOrigin, bool) {
	best, bestDepth := valuesOrigin{}, 0
	for _, s := range sources {
		line, depth := s.lookup(path)
		if depth == len(path) && depth > 0 {
			return valuesOrigin{file: s.file, line: line, path: path}, true
		}
		if depth > bestDepth {
			best, bestDepth = valuesOrigin{file: s.file, line: line, path: path[:depth]}, depth
		}
	}
	return best, bestDepth > 0
}
