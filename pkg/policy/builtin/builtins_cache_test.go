package builtin

import (
	"fmt"
	"runtime"
	"testing"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	opabuiltins "github.com/open-policy-agent/opa/v1/topdown/builtins"

	"github.com/poddoctor/poddoctor/internal/heaptest"
)

// evaluation is the built-in context of a new evaluation, with its own
// built-in cache, as both evaluators give one.
func evaluation() rego.BuiltinContext {
	return rego.BuiltinContext{Cache: opabuiltins.Cache{}}
}

// kept counts the answers a termCache keeps for the run.
func kept(c *termCache) int { return c.run.Len() }

// TestTermCacheKeepsRepeatedArguments: an argument asked about in one
// evaluation only is computed once there and never kept for the run,
// however often that evaluation asks; one asked about in a second
// evaluation is kept, and later evaluations get the kept answer.
func TestTermCacheKeepsRepeatedArguments(t *testing.T) {
	c := newTermCache()
	computed := map[string]int{}
	compute := func(s string) *ast.Term { computed[s]++; return ast.StringTerm("answer to " + s) }

	first := evaluation()
	for range 3 {
		if got := c.answer(first, "app-1:1.0", compute); got.Value.Compare(ast.String("answer to app-1:1.0")) != 0 {
			t.Fatalf("answer = %v", got)
		}
		c.answer(first, "sidecar:2.0", compute)
	}
	if kept(c) != 0 || computed["app-1:1.0"] != 1 || computed["sidecar:2.0"] != 1 {
		t.Fatalf("after one evaluation: %d kept, computed %v; want none kept, each computed once", kept(c), computed)
	}
	second := evaluation()
	c.answer(second, "sidecar:2.0", compute)
	c.answer(second, "app-2:1.0", compute)
	if kept(c) != 1 || computed["sidecar:2.0"] != 2 {
		t.Fatalf("after a second evaluation: %d kept, computed %v; want sidecar:2.0 kept", kept(c), computed)
	}
	c.answer(evaluation(), "sidecar:2.0", compute)
	if computed["sidecar:2.0"] != 2 {
		t.Errorf("a kept answer was computed again: %v", computed)
	}
	// Without a built-in cache (a caller outside an evaluation), answers
	// are still right, and the second ask keeps them.
	var none rego.BuiltinContext
	c.answer(none, "app-3:1.0", compute)
	c.answer(none, "app-3:1.0", compute)
	if kept(c) != 2 {
		t.Errorf("%d kept, want 2", kept(c))
	}
}

// TestTermCacheKeepsCopies checks that the built-ins' answer cache keeps
// neither its key nor its answer in the memory of the text the key was
// read from: a linter's parsed file, which must be able to go.
func TestTermCacheKeepsCopies(t *testing.T) {
	file := []byte("image: nginx:1.27 and more of the file")
	key := unsafe.String(&file[7], len("nginx:1.27"))
	inFile := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		start := uintptr(unsafe.Pointer(&file[0]))
		return len(s) > 0 && p >= start && p < start+uintptr(len(file))
	}
	c := newTermCache()
	answer := func(s string) *ast.Term { return ast.StringTerm(s[:5]) } // an answer made of the key
	c.answer(evaluation(), key, answer)
	c.answer(evaluation(), key, answer) // a second evaluation: kept
	n := 0
	c.run.Range(func(k string, v *ast.Term) bool {
		n++
		if inFile(k) {
			t.Errorf("cached key %q points into the file", k)
		}
		if s := string(v.Value.(ast.String)); inFile(s) {
			t.Errorf("cached answer %q points into the file", s)
		}
		return true
	})
	if n != 1 {
		t.Fatalf("%d entries cached, want 1", n)
	}
}

// TestCachedImageAnswerSize bounds what each image answer the cache keeps
// costs the heap for the rest of a run, which the collector marks at
// every cycle: 1,664 bytes an answer here when each had its own key and
// boolean terms, 1,256 with those shared.
func TestCachedImageAnswerSize(t *testing.T) {
	const n = 4000
	images := make([]string, n)
	for i := range images {
		images[i] = fmt.Sprintf("registry.example.com/team/web-%d:1.2.%d", i, i%7)
	}
	c := newTermCache()
	for _, image := range images {
		imageParse(evaluation(), c, ast.StringTerm(image)) // met once: not kept
	}
	before := heaptest.Live()
	for _, image := range images {
		imageParse(evaluation(), c, ast.StringTerm(image))
	}
	per := (heaptest.Live() - before) / n
	runtime.KeepAlive(c)
	if kept(c) != n {
		t.Fatalf("%d answers kept, want %d", kept(c), n)
	}
	t.Logf("%d bytes an image answer", per)
	if per > 1350 {
		t.Errorf("each cached image answer holds %d bytes, want at most 1350", per)
	}
}
