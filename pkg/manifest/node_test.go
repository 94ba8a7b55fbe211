package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestFromYAML checks that converting yaml.v3's trees keeps every field a
// node holds, aliases included, on the documents of testdata and on a few
// that only yaml.v3 reads.
func TestFromYAML(t *testing.T) {
	docs := []string{
		"base: &b {cpu: 1}\nx: *b\ny:\n  <<: *b\n  mem: 2\n",
		"a: &a [1, *a]\n", // an alias inside the node it names
		"k: !custom v\nt: !!binary aGk=\nd: 2001-12-14\n",
		"? [complex]\n: key\n",
		"- folded: >\n    text\n",
		"",
	}
	files, _ := filepath.Glob("testdata/*.*")
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range splitDocuments(normalizeText(data)) {
			docs = append(docs, string(d.data))
		}
	}
	converted := 0
	for _, doc := range docs {
		var ref yaml.Node
		if yaml.Unmarshal([]byte(doc), &ref) != nil {
			continue
		}
		if d := diffNodes(fromYAML(&ref), &ref, ""); d != "" {
			t.Errorf("%q: %s", doc, d)
		}
		converted++
	}
	if converted < 20 {
		t.Errorf("converted only %d documents", converted)
	}
	// The alias inside the node it names refers to that node, converted
	// once.
	var ref yaml.Node
	if err := yaml.Unmarshal([]byte("a: &a [1, *a]\n"), &ref); err != nil {
		t.Fatal(err)
	}
	seq := fromYAML(&ref).Content[0].Content[1]
	if alias := seq.Content[1]; alias.Kind != aliasNode || alias.alias() != seq {
		t.Errorf("the alias names %+v, want its sequence", alias.alias())
	}
}

// TestFastYAMLSlabs checks trees that outgrow the first slab of nodes,
// whose size scanText guesses: many slabs must hold a tree equal to
// yaml.v3's, nodes taken from a full slab staying where they are.
func TestFastYAMLSlabs(t *testing.T) {
	// A flow sequence in a flow mapping is counted short by its commas.
	var short strings.Builder
	for i := range 500 {
		fmt.Fprintf(&short, "k%d: {a: [1, 2, 3], b: x}\n", i)
	}
	// A big document counted right.
	var big strings.Builder
	big.WriteString("items:\n")
	for i := range 5000 {
		fmt.Fprintf(&big, "- name: n%d\n  ports: [%d, %d]\n  env: {a: b}\n", i, i, i+1)
	}
	for name, doc := range map[string]string{"short": short.String(), "big": big.String()} {
		if !checkFast(t, name, []byte(doc)) {
			t.Errorf("%s: the fast parser gave up", name)
			continue
		}
		n := countNodes(fastParse([]byte(doc)))
		_, _, est := scanText([]byte(doc))
		switch {
		case name == "short" && n <= est+16:
			t.Errorf("short: %d nodes, estimated %d: not short enough to take several slabs", n, est)
		case name == "big" && (n > est || est > n+1):
			t.Errorf("big: %d nodes, estimated %d", n, est)
		}
	}
}

// countNodes counts the nodes of a tree without aliases.
func countNodes(n *node) int {
	c := 1
	for _, k := range n.Content {
		c += countNodes(k)
	}
	return c
}
