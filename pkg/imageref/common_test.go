package imageref

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/distribution/reference"
)

// libraryParse is what Parse answered before parseCommon: the reference
// library alone.
func libraryParse(image string) (Ref, bool) {
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return Ref{}, false
	}
	ref := Ref{Original: image, Domain: reference.Domain(named), Path: reference.Path(named)}
	if tagged, ok := named.(reference.Tagged); ok {
		ref.Tag = tagged.Tag()
	}
	if digested, ok := named.(reference.Digested); ok {
		ref.Digest = digested.Digest().String()
	}
	return ref, true
}

// checkCommon fails when parseCommon answers where the library refuses,
// or answers otherwise than the library. It reports whether parseCommon
// answered.
func checkCommon(t *testing.T, image string) bool {
	t.Helper()
	got, ok := parseCommon(image)
	if !ok {
		return false
	}
	want, parses := libraryParse(image)
	if !parses {
		t.Errorf("parseCommon(%q) = %+v, but the reference library refuses it", image, got)
	} else if got != want {
		t.Errorf("parseCommon(%q) = %+v, the reference library: %+v", image, got, want)
	}
	return true
}

// libraryTestInputs are the string literals of the reference library's
// own tests (the module as go.mod requires it): the references its
// authors thought worth testing, valid and invalid.
func libraryTestInputs(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/distribution/reference").Output()
	if err != nil {
		t.Fatalf("find the reference library's source: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "*_test.go"))
	if len(files) == 0 {
		t.Fatal("the reference library's module has no tests to read")
	}
	var inputs []string
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					inputs = append(inputs, s)
				}
			}
			return true
		})
	}
	return inputs
}

func TestParseCommonAgreesWithLibraryTests(t *testing.T) {
	inputs := libraryTestInputs(t)
	answered := 0
	for _, image := range inputs {
		if checkCommon(t, image) {
			answered++
		}
	}
	t.Logf("%d of the library's %d test strings parsed without it", answered, len(inputs))
	if answered < 100 {
		t.Errorf("parseCommon answered only %d of the library's test strings: the comparison proves little", answered)
	}
}

// TestParseCommonAgreesOnGeneratedReferences builds references from the
// pieces each rule of the grammar turns on: domains with and without
// dots, ports, upper case and hyphens at their ends; path components with
// every separator, doubled or misplaced; tags at and past their limits.
func TestParseCommonAgreesOnGeneratedReferences(t *testing.T) {
	domains := []string{"", "localhost/", "localhost:5000/", "docker.io/", "index.docker.io/", "ghcr.io/",
		"registry.example.com:443/", "Registry.Example.com/", "10.0.0.1:5000/", "my-reg.local/", "-bad.io/",
		"bad-.io/", "a..b/", "reg:port/", "reg:/", "Upper/", "under_score.io/", "[::1]:5000/", "xn--bcher-kva.example/"}
	paths := []string{"nginx", "library/nginx", "bitnami/redis", "a/b/c/d", "a.b", "a_b", "a__b", "a___b",
		"a-b", "a--b", "a._b", "a-.b", ".a", "a.", "_a", "a-", "A", "nGinx", "a//b", "a/", "9", "ab" + strings.Repeat("c", 260),
		strings.Repeat("a/", 120) + "b", "é", "a+b", ""}
	tags := []string{"", ":latest", ":1.27.3", ":v1_2-3", ":_x", ":.x", ":-x", ":" + strings.Repeat("t", 128),
		":" + strings.Repeat("t", 129), ":", ":a:b", ":é", "@sha256:" + strings.Repeat("a", 64)}
	answered, valid := 0, 0
	for _, d := range domains {
		for _, p := range paths {
			for _, tag := range tags {
				if checkCommon(t, d+p+tag) {
					answered++
				}
				// Digests and IPv6 addresses are left to the library.
				if _, ok := libraryParse(d + p + tag); ok && !strings.ContainsAny(d+p+tag, "@[") {
					valid++
				}
			}
		}
	}
	t.Logf("parseCommon answered %d of the %d references without digest or IPv6 address the library accepts, of %d built from the grammar's pieces", answered, valid, len(domains)*len(paths)*len(tags))
	// The rest are the library's on purpose: a domain its grammar refuses
	// (under_score.io) makes it read the whole name as a path.
	if answered*10 < valid*9 {
		t.Errorf("parseCommon answered only %d of %d valid references: the comparison proves little", answered, valid)
	}
	// Random strings over the grammar's characters: mostly invalid, the
	// cases where a parser too lenient would answer.
	rng := rand.New(rand.NewPCG(7, 23))
	alphabet := "ab09AZ._-/:@é"
	for range 50000 {
		var b strings.Builder
		for range 1 + rng.IntN(14) {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		checkCommon(t, b.String())
	}
}

func TestParseFallsBackToLibrary(t *testing.T) {
	for _, image := range []string{"ghcr.io/acme/api@" + testDigest, "[::1]:5000/app:1", "Nginx:1.2", strings.Repeat("a", 64)} {
		if _, ok := parseCommon(image); ok {
			t.Errorf("parseCommon(%q) answered: the case is the library's", image)
		}
		_, gotErr := Parse(image)
		_, libErr := reference.ParseNormalizedNamed(image)
		if (gotErr == nil) != (libErr == nil) {
			t.Errorf("Parse(%q) error %v, the library's %v", image, gotErr, libErr)
		}
	}
}

func FuzzParseCommon(f *testing.F) {
	for _, seed := range []string{"nginx", "localhost:5000/a/b:1", "Reg.io/x", "a__b/c--d:e", "index.docker.io/x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, image string) { checkCommon(t, image) })
}
