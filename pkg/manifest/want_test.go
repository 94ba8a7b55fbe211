package manifest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The files in testdata say what they must produce in "# want" comments
// (or, for JSON, which has no comments, in a FILE.want sidecar):
//
//	want object REF LINE:COL [index=N]      an object and where it starts
//	want position REF PATH LINE:COL         Position(PATH); "" is the empty path
//	want data REF PATH VALUE                the scalar at PATH in Data, as text
//	want problem LINE MESSAGE               a Problem at LINE whose message contains MESSAGE
//	want unknown REF PATH FIELD SUGGESTION LINE:COL   an UnknownField; "-" is no suggestion
//	want podspec REF PATH                   PodSpecOf; "none" when there is none
//	want container REF PATH KIND NAME       one of Containers(PodSpecOf)
//	want annotations REF K=V...             PodTemplateAnnotations
//
// REF is Kind/name or Kind/namespace/name.

// want is one expectation of a testdata file.
type want struct {
	line int      // line of the annotation, for messages
	verb string   // object, position, problem...
	args []string // the words after the verb
	rest string   // the text after the verb, for messages with spaces
}

// readWants collects the expectations of a testdata file.
func readWants(t *testing.T, path string) []want {
	t.Helper()
	source := path
	if strings.HasSuffix(path, ".json") {
		source = path + ".want"
	}
	data, err := os.ReadFile(source)
	if err != nil {
		t.Fatalf("read expectations: %v", err)
	}
	var wants []want
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		text = strings.TrimSpace(strings.TrimPrefix(text, "#"))
		after, ok := strings.CutPrefix(text, "want ")
		if !ok {
			continue
		}
		verb, rest, _ := strings.Cut(after, " ")
		wants = append(wants, want{line: n, verb: verb, args: strings.Fields(rest), rest: rest})
	}
	if len(wants) == 0 {
		t.Fatalf("%s has no expectations", source)
	}
	return wants
}

// refString renders an object the way expectations name it.
func refString(o *Object) string {
	if o.Namespace == "" {
		return o.Kind + "/" + o.Name
	}
	return o.Kind + "/" + o.Namespace + "/" + o.Name
}

// lineCol renders a line and column the way expectations write them.
func lineCol(line, col int) string {
	return fmt.Sprintf("%d:%d", line, col)
}

// objectNamed finds the object an expectation names, failing the test when
// there is none.
func objectNamed(t *testing.T, objects []*Object, w want, ref string) *Object {
	t.Helper()
	for _, o := range objects {
		if refString(o) == ref {
			return o
		}
	}
	t.Errorf("want line %d: no object %s", w.line, ref)
	return nil
}

// unquoteArg turns the "" of an expectation into the empty string.
func unquoteArg(s string) string {
	if s == `""` {
		return ""
	}
	return s
}

// atoi converts a number of an expectation, failing the test on a typo.
func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("bad number %q in an expectation", s)
	}
	return n
}
