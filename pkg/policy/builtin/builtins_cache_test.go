package builtin

import (
	"testing"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
)

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
	c := &termCache{}
	c.get(key, func(s string) *ast.Term { return ast.StringTerm(s[:5]) }) // an answer made of the key
	n := 0
	c.m.Range(func(k, v any) bool {
		n++
		if inFile(k.(string)) {
			t.Errorf("cached key %q points into the file", k)
		}
		if s := string(v.(*ast.Term).Value.(ast.String)); inFile(s) {
			t.Errorf("cached answer %q points into the file", s)
		}
		return true
	})
	if n != 1 {
		t.Fatalf("%d entries cached, want 1", n)
	}
}
