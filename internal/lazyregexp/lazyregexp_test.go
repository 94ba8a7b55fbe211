package lazyregexp

import (
	"regexp"
	"testing"
)

// TestCompiledOnFirstUse checks that a Regexp answers as the compiled
// expression does, compiles once, and that an invalid one panics only
// when used.
func TestCompiledOnFirstUse(t *testing.T) {
	r := New(`(\w+)@(\w+)\.com`)
	want := regexp.MustCompile(r.String())
	for _, s := range []string{"mail ann@example.com and bob@corp.com", "nothing", ""} {
		if r.MatchString(s) != want.MatchString(s) ||
			r.FindString(s) != want.FindString(s) ||
			len(r.FindAllStringSubmatch(s, -1)) != len(want.FindAllStringSubmatch(s, -1)) ||
			r.ReplaceAllString(s, "<$1>") != want.ReplaceAllString(s, "<$1>") ||
			r.Match([]byte(s)) != want.Match([]byte(s)) ||
			len(r.Split(s, -1)) != len(want.Split(s, -1)) {
			t.Errorf("%q: answers differ from the compiled expression", s)
		}
	}
	if r.Compiled() != r.Compiled() {
		t.Error("compiled twice")
	}
	if errs := CompileErrors(); len(errs) != 0 {
		t.Errorf("valid expressions reported: %v", errs)
	}
	bad := New(`(`)
	if errs := CompileErrors(); len(errs) != 1 {
		t.Errorf("CompileErrors gave %v, want the one invalid expression", errs)
	}
	defer func() {
		if recover() == nil {
			t.Error("an invalid expression did not panic on use")
		}
	}()
	bad.MatchString("x")
}
