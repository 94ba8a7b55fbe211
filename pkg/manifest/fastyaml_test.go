package manifest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// diffNodes describes the first difference between a tree of nodes, built
// by the fast parser or converted by fromYAML, and yaml.v3's, or returns ""
// when they are equal in every field a node keeps. (Nodes keep no anchors
// and no comments: the fast parser gives up on anchors and does not attach
// comments, and nothing in this package reads either.) An alias must name
// the node its yaml.v3 counterpart names, at the same position.
func diffNodes(fast *node, ref *yaml.Node, path string) string {
	if fast == nil || ref == nil {
		if (fast == nil) != (ref == nil) {
			return fmt.Sprintf("%s: fast %v, yaml.v3 %v", path, fast, ref)
		}
		return ""
	}
	type fields struct {
		Kind         yaml.Kind
		Style        yaml.Style
		Tag, Value   string
		Line, Column int
		Children     int
	}
	tag := tagNames[fast.Tag]
	if fast.Tag == tagOther {
		tag = ref.Tag // a tag the decoder does not tell apart
		if tagOf(tag) != tagOther {
			tag = "(other)"
		}
	}
	refChildren := len(ref.Content)
	if ref.Kind == yaml.AliasNode && ref.Alias != nil {
		refChildren = 1
	}
	f := fields{yaml.Kind(fast.Kind), yaml.Style(fast.Style), tag, fast.Value, int(fast.Line), int(fast.Column), len(fast.Content)}
	r := fields{ref.Kind, ref.Style, ref.Tag, ref.Value, ref.Line, ref.Column, refChildren}
	if f != r {
		return fmt.Sprintf("%s: fast %+v, yaml.v3 %+v", path, f, r)
	}
	if ref.Kind == yaml.AliasNode {
		if ref.Alias != nil {
			a, ra := fast.alias(), ref.Alias
			if a.Kind != nodeKind(ra.Kind) || int(a.Line) != ra.Line || int(a.Column) != ra.Column {
				return fmt.Sprintf("%s: alias to %d:%d, yaml.v3 to %d:%d", path, a.Line, a.Column, ra.Line, ra.Column)
			}
		}
		return "" // the named node is compared where it is defined
	}
	if (fast.Content == nil) != (ref.Content == nil) {
		return fmt.Sprintf("%s: fast Content nil %v, yaml.v3 %v", path, fast.Content == nil, ref.Content == nil)
	}
	for i := range fast.Content {
		if d := diffNodes(fast.Content[i], ref.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFast parses a document with both parsers. It reports whether the
// fast parser took it, and fails the test when the trees differ or the
// fast parser took a document yaml.v3 rejects.
func checkFast(t testing.TB, name string, data []byte) bool {
	t.Helper()
	fast := fastParse(data)
	if fast == nil {
		return false
	}
	var ref yaml.Node
	if err := yaml.Unmarshal(data, &ref); err != nil {
		t.Errorf("%s: the fast parser took a document yaml.v3 rejects (%v):\n%s", name, err, data)
		return true
	}
	if d := diffNodes(fast, &ref, "doc"); d != "" {
		t.Errorf("%s: trees differ at %s\n%s", name, d, data)
	}
	return true
}

// share counts the documents the fast parser takes.
type share struct{ taken, total int }

func (s share) String() string {
	return fmt.Sprintf("%d of %d documents (%.1f%%)", s.taken, s.total, 100*float64(s.taken)/float64(max(s.total, 1)))
}

// checkFile runs checkFast on every document of a file, cut as Parse cuts.
func checkFile(t testing.TB, name string, data []byte) share {
	var s share
	for i, doc := range splitDocuments(normalizeText(data)) {
		s.total++
		if checkFast(t, fmt.Sprintf("%s, document %d (line %d)", name, i, doc.line), doc.data) {
			s.taken++
		}
	}
	return s
}

var yamlBlock = regexp.MustCompile("(?s)```ya?ml\n(.*?)```")

// repositoryYAML returns every YAML text of the repository: files named
// .yaml, .yml or .json (JSON is YAML too) anywhere but in .git,
// and the yaml blocks of Markdown files.
func repositoryYAML(t *testing.T) map[string][]byte {
	root := filepath.Join("..", "..")
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		switch ext := filepath.Ext(path); ext {
		case ".yaml", ".yml", ".json":
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[path] = data
		case ".md":
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, m := range yamlBlock.FindAllSubmatch(data, -1) {
				out[fmt.Sprintf("%s#%d", path, i)] = m[1]
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFastYAMLRepository compares the fast parser with yaml.v3 on every YAML
// text of the repository. With -v it lists the documents of YAML files the
// fast path leaves to yaml.v3; JSON, multi-line flow collections, goes to
// yaml.v3 whole.
func TestFastYAMLRepository(t *testing.T) {
	var yamlShare, jsonShare share
	for name, data := range repositoryYAML(t) {
		if strings.HasSuffix(name, ".json") {
			s := checkFile(t, name, data)
			jsonShare.taken += s.taken
			jsonShare.total += s.total
			continue
		}
		for i, doc := range splitDocuments(normalizeText(data)) {
			yamlShare.total++
			if checkFast(t, fmt.Sprintf("%s, document %d (line %d)", name, i, doc.line), doc.data) {
				yamlShare.taken++
				continue
			}
			head, _, _ := strings.Cut(strings.TrimSpace(string(doc.data)), "\n")
			t.Logf("%s:%d: left to yaml.v3 (%.40q...)", name, doc.line, head)
		}
	}
	t.Logf("repository: fast path took %v of YAML files and Markdown, %v of JSON files", yamlShare, jsonShare)
	if yamlShare.total < 100 || yamlShare.taken*10 < yamlShare.total*8 {
		t.Errorf("fast path took %v", yamlShare)
	}
}

// TestFastYAMLCorpus compares the fast parser with yaml.v3 on the generated
// benchmark corpora, and requires it to take essentially all documents.
func TestFastYAMLCorpus(t *testing.T) {
	objects := 4000
	if testing.Short() {
		objects = 500
	}
	for _, mix := range []string{corpus.MixReference, corpus.MixMixed} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: objects, Mix: mix, PerFile: 100})
		var s share
		for _, f := range files {
			fs := checkFile(t, mix+"/"+f.Path, f.Data)
			s.taken += fs.taken
			s.total += fs.total
		}
		t.Logf("corpus %s: fast path took %v", mix, s)
		if s.taken*1000 < s.total*999 {
			t.Errorf("corpus %s: fast path took only %v", mix, s)
		}
	}
	var s share = checkFile(t, "deploymentsYAML", deploymentsYAML(50))
	if s.taken != s.total {
		t.Errorf("deploymentsYAML: fast path took only %v", s)
	}
}

// TestFastYAMLScalars checks tag resolution and values of scalars against
// yaml.v3, in block and flow context, plain and quoted.
func TestFastYAMLScalars(t *testing.T) {
	scalars := []string{
		"1", "-1", "+1", "0", "-0", "012", "0777", "08", "09.5", "0x1F", "0X1F", "0o17", "0O17", "-0o17", "0b101", "-0b101",
		"0b", "0x", "0o", "1_000", "1__0", "_1", "1_", "0x_1F", "9223372036854775807", "9223372036854775808",
		"18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
		"0b1111111111111111111111111111111111111111111111111111111111111111",
		"0o1777777777777777777777", "-0b1000000000000000000000000000000000000000000000000000000000000000",
		"1.0", "1.", ".5", "-.5", "+.5", "1e3", "1E3", "1e+3", "1e-3", "1.5e3", "-1e3", "+1e3", "1e", "e3", ".e3", "1.2.3",
		"1_000.5", "0x1p3", "1e400", "-1e400", "Infinity", "inf", "+inf", "nan", "NaN",
		".inf", ".Inf", ".INF", "-.inf", "+.inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN", ".iNf", "+.nan", ".",
		"true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "yes", "no", "on", "off", "y", "n", "Y", "N",
		"~", "null", "Null", "NULL", "nULL", "nil", "None",
		"2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43Z", "2001-12-14 21:59:43.10", "2001-12-14 21:59:43.10 -5",
		"2001-13-14", "20011-12-14", "2001-1-2", "1-2-3", "2001-12-14x",
		"100m", "128Mi", "1.5Gi", "-", "-a", "--a", "-.", "+", "+a", "a:b", "a::b", "http://x:80/y", "a#b", "a,b", "a[b]", "a{b}",
		"---", "--", "-- x", "...", "..x", "a: b", "a :b", "a ? b", "? a", "a -", "a - b", "1 2", "0x1G", "1.0.0", "1.27-alpine", "1_0.5e1_0",
		"a b", "a  b", "é", "日本語", "a'b", "a\"b", "@", "<<", "<", "<<a", "=", "!", "&a", "*a", "|", ">", "%", "`",
		"'single'", "'it''s'", "''", "'a''''b'", `"double"`, `""`, `"a\"b"`, `"a\\b"`, `"\n\t\r"`, `"\x41\u00e9\U0001F600"`,
		`"\0\a\b\e\f\v\ \/"`, `"\N\_\L\P"`, `"\uD800"`, `"\x4"`, `"\q"`, `"a # b"`, `'a # b'`, `"true"`, `'1'`, `"  spaced  "`,
	}
	for _, s := range scalars {
		for _, doc := range []string{
			"k: " + s + "\n",
			"k: " + s + " # comment\n",
			s + ": v\n",
			"k:\n- " + s + "\n",
			"k: [" + s + "]\n",
			"k: [a, " + s + ", b]\n",
			"k: {" + s + ": " + s + "}\n",
			"- " + s + ": v\n",
		} {
			checkFast(t, fmt.Sprintf("%q", doc), []byte(doc))
		}
		if !strings.ContainsAny(s[:1], "'\"-!&*|>%@`<+.?:") || s == "-a" {
			if v := []byte("k: " + s + "\n"); fastParse(v) == nil && s != "<<" && !strings.Contains(s, ": ") {
				t.Errorf("fast path gave up on %q", v)
			}
		}
	}
}

// TestFastYAMLResolve checks resolvePlain against yaml.v3 directly.
func TestFastYAMLResolve(t *testing.T) {
	for _, s := range []string{"1", "0777", "08", "1.0", "0x1F", "1e3", "true", "True", "~", ".inf", "+1", "012", "0b2", "0o8",
		"-0b11", "-0o7", "1__2", "2001-12-14", "1e3e", "-", "+", "+.", "-.", "<<", "--1", "+-1", "0.", "00", "-0x1F", "+0x1F", "0x1F_"} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(s), &n); err != nil || n.Content[0].Kind != yaml.ScalarNode {
			continue
		}
		if got, want := tagNames[resolvePlain(s)], n.Content[0].Tag; got != want {
			t.Errorf("resolvePlain(%q) = %s, yaml.v3 says %s", s, got, want)
		}
	}
}

// TestFastYAMLShapes checks structures the fast path takes.
func TestFastYAMLShapes(t *testing.T) {
	for _, doc := range []string{
		"a: 1\n",
		"a: 1",
		"a:\n",
		"a:",
		"---\na: 1\n",
		"# head\n\n--- # start\n# c\na: 1 # c\n# foot\n",
		"  a: 1\n  b:\n    c: 2\n",
		"a:\n- 1\n- 2\nb: 3\n",
		"a:\n  - 1\n  - 2\nb: 3\n",
		"a:\n- b: 1\n  c: 2\n- d:\n  - e\n  f:\n    g: h\n- i\n",
		"a:\n-   b: 1\n    c:\n    - x\n",
		"a:\n  b:\n  c:\n\n  # x\nd:\n",
		"a:\n  b:\n    # x\n  c: 1\n",
		"a: 1\na: 2\n",
		"a: {}\nb: []\nc: [[], {}, [a, [b]], {x: [1, 2], y: {z: w}}]\n",
		"a: [ a , b ]\nb: { x : y }\n",
		"'a': 1\n\"b\": 2\n\"\": 3\n",
		"a  : 1\n",
		"é: é\néé: [é, x, {é: ü}]\nx: 'é' # ü\n",
		"a: 1\r\nb:\r\n- 2\r\n",
		"a:\n  - x: 1\n    y: 2\n  - x: 3\n",
		"a: b c  d  \n",
		"a: \"x\"  \nb: 'y'   # c\n",
		"k8s.io/name: app\nhttp://x: y\n",
		"key with spaces: value with spaces\n",
		"a:\n- - 1\n",
		"a: |\n  x\n  y\n\n\nb: 1\n", "a: |-\n  x\n\n", "a: |+\n  x\n\n\n", "a: |+\n  x\n\n  \n", "a: |\n  x\n    y\n   \n  z",
		"a: |\n  x\n# c\nb: |\n    q\n", "a:\n  b: |\n    x\n  c: 1\n", "- a: |\n    x\n  b: 1\n", "a: | # c\n  x\n", "a: |\n  x",
		"a: |\n  x\n  \n", "a: |\n  x\n\n  # not a comment\n", "a: |\n  x\r\n\r\n  y\r\n", "a: |-\n  é\n  ü\nb: é\n",
		"a:\n  b: |\n   x\n  c: |\n     x\n    y\n", "a: |\n   ---\n   ...\n", "a: |\n  x\n \n  \n   \n",
	} {
		checkFast(t, fmt.Sprintf("%q", doc), []byte(doc))
	}
	for _, doc := range []string{"a: 1\n", "---\na: 1\n", "a:\n- b: 1\n  c: [x]\n", "a: {x: [1, 2], y: 'z'}\n"} {
		if fastParse([]byte(doc)) == nil {
			t.Errorf("fast path gave up on %q", doc)
		}
	}
}

// TestFastYAMLGivesUp lists documents the fast path must leave to yaml.v3.
func TestFastYAMLGivesUp(t *testing.T) {
	for _, doc := range []string{
		"", "# only a comment\n", "---\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !custom x\n",
		"a: >\n  text\n", "a: >-\n  x\n", "a: |2\n  x\n", "a: |\n\n  x\n", "a: |\n  \n  x\n", "a: |\nb: 1\n", "a: |\n",
		"- |\n  x\n", "a:\n- |\n  x\n", "a: |x\n  y\n", "a: |#\n  y\n", "a: |\n  x\n ---\n",
		"a: multi\n  line\n", "a: 'multi\n  line'\n", "a: \"multi\n  line\"\n", "a: \"x\\\n  y\"\n",
		"a: [1,\n  2]\n", "a: {x: 1,\n  y: 2}\n",
		"? complex\n: key\n", "[a]: b\n", "{a: b}: c\n",
		"<<: {a: 1}\n", "a:\n  <<: {b: 1}\n",
		"\ta: 1\n", "a:\n\t- 1\n", "a:\tb\n", "a: b\tc\n",
		"%YAML 1.2\n---\na: 1\n", "a: 1\n...\n", "a: 1\n---\nb: 2\n", "---\n---\na: 1\n", "--- a: 1\n",
		"\ufeffa: 1\n", "a: \ufeff\n", "a: \u0085\n", "a: \u2028\n", "a: \x01\n", "a: \x7f\n", "a: \xff\n", "a: 1\rb: 2\n",
		"- a\n- b\n", "scalar\n", "[a, b]\n", "{a: 1}\n",
		"a: 1\n b: 2\n", "a:\n  b: 1\n c: 2\n", "a:\n    b: 1\n  c: 2\n", "  a: 1\nb: 2\n",
		"a:\n  - 1\n  b: 2\n", "a: 1\n- 2\n", "a:\n-\n  b: 1\n", "a:\n- # c\n  b\n", "a:\n  text\n",
		"a: b: c\n", "a: - b\n", "a: 'x' y\n", "a: 'x'#y\n", "a: [x]y\n", "a: [x,]\n", "a: [,x]\n", "a: {x}\n", "a: {x: }\n",
		"a: {x:y}\n", "a: {\"x\":y}\n", "a: [x: y]\n", "a: [x #c]\n", "a: [? x]\n", "a: [- x]\n", "a: [x] #\n  - y\n",
		"a: \"\\q\"\n", "a: \"\\uD800\"\n", "a: \"\\x4\"\n", "a:b\n", ":a: 1\n", "?a: 1\n", "a: @x\n", "a: `x`\n", "a: %x\n",
		"a: ]\n", "a: }\n", "a: ,\n", "a: -\n", "a: ?\n", "a: :\n",
		"a: 1\nb: 2\n  c: 3\n",
		strings.Repeat("k", 1100) + ": v\n",
		"a: [[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]\n",
	} {
		if n := fastParse([]byte(doc)); n != nil {
			t.Errorf("fast path took %q", doc)
		}
	}
}

// FuzzFastYAML checks that a tree the fast parser returns equals yaml.v3's
// for any input, and that yaml.v3 accepts every input the fast path takes.
func FuzzFastYAML(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil {
			for _, doc := range splitDocuments(normalizeText(data)) {
				f.Add(doc.data)
			}
		}
	}
	for _, s := range []string{
		"a: 1\n", "a:\n- b: 1\n  c: [x, 'y', \"z\"]\n- {d: e}\n", "a:\n  b:\n  c: ~\n", "'a': \"b\\n\"\n",
		"x: [1, 2.5, .inf, 0x1F, 0777, 1e3, true, null]\n", "é: {ü: [ß]}\n", "---\n# c\nk: v # c\n",
		"a:\n- 1\n-   b: 2\n    c: 3\nd: 4\n", "k: 2001-12-14\n",
		"data:\n  app.yaml: |\n    server:\n      port: 8080\n\n    x: 1\n  b: |-\n   q\n  c: |+\n   r\n\n",
		"a: 1\r\nb:\r\n- 'x'\r\n", "é: \"\\u00e9\\x41\" # ü\n", "- a: 1\n  b: [x, {y: z}]\n", "---\na:\n  - b\n  -   c: d\n      e: f\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFast(t, "input", data)
	})
}

// BenchmarkFastYAML parses the documents of the reference corpus and of the
// Deployments of BenchmarkParse, with the fast parser and with yaml.v3.
func BenchmarkFastYAML(b *testing.B) {
	files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 2000, Mix: corpus.MixReference})
	inputs := map[string][]document{"deployments": splitDocuments(deploymentsYAML(200))}
	for _, f := range files {
		inputs["corpus"] = append(inputs["corpus"], splitDocuments(f.Data)...)
	}
	for _, name := range []string{"corpus", "deployments"} {
		docs := inputs[name]
		size := 0
		for _, d := range docs {
			size += len(d.data)
		}
		b.Run(name+"/fast", func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			var stacks fastStacks // kept from document to document, as Parse does
			for b.Loop() {
				for _, d := range docs {
					if fastParseWith(d.data, &stacks) == nil {
						b.Fatalf("fast path gave up on\n%s", d.data)
					}
				}
			}
		})
		b.Run(name+"/yaml.v3", func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					var n yaml.Node
					if err := yaml.Unmarshal(d.data, &n); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkParseYAMLv3 is BenchmarkParse without the fast parser: every
// document goes through yaml.v3, as before it existed.
func BenchmarkParseYAMLv3(b *testing.B) {
	useFastYAML = false
	defer func() { useFastYAML = true }()
	BenchmarkParse(b)
}

// TestFastYAMLRandom compares the fast parser with yaml.v3 on documents
// assembled at random from the lines manifests are made of, at random
// indentations: it explores how indentation, sequences, block scalars and
// comments combine, which byte-level fuzzing reaches slowly.
func TestFastYAMLRandom(t *testing.T) {
	pieces := []string{
		"a:", "b: 1", "c: x y", "d: 'q'", `e: "w\n"`, "f: [1, x, 'y']", "g: {h: i, j: [k]}", "k: |", "l: |-", "m: |+",
		"- n", "- o: 1", "- p:", "- [q]", "- {r: s}", "-", "- 'x'", "# c", "", "x", "'k': v", "n: ~", "t: true", "u: 1.5",
		"v: 012", "w: 2001-12-14", "y: é", "z: a # c", "a: b: c", "- - x", "---", "  ", "? x", "&a b: c", "a: *b", "a: >",
		"a:", "b:", "- c:", "- d", "e: f", "text", "  text", "- a: |", "g: 'x", "h: x'",
	}
	rnd := uint64(1)
	next := func(n int) int {
		rnd ^= rnd << 13
		rnd ^= rnd >> 7
		rnd ^= rnd << 17
		return int(rnd % uint64(n))
	}
	n := 200000
	if testing.Short() {
		n = 20000
	}
	taken := 0
	for range n {
		var b strings.Builder
		for range 1 + next(10) {
			indent := 2 * next(4)
			if next(8) == 0 {
				indent = next(9)
			}
			b.WriteString(strings.Repeat(" ", indent))
			b.WriteString(pieces[next(len(pieces))])
			b.WriteString("\n")
		}
		if checkFast(t, "random", []byte(b.String())) {
			taken++
		}
	}
	t.Logf("fast path took %d of %d random documents", taken, n)
}
