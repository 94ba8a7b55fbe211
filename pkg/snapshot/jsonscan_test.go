package snapshot

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestValueEnd(t *testing.T) {
	tests := []struct {
		in   string
		end  int // -1: an error
		rest string
	}{
		{`"a" ,`, 3, ` ,`},
		{`"a\"b\\" x`, 8, ` x`},
		{`"\\\\"x`, 6, `x`},
		// Past the bytes stringEnd looks at one by one.
		{`"0123456789abcdefgh\"i" x`, 23, ` x`},
		{`"0123456789abcdef" x`, 18, ` x`},
		{`"0123456789abcdefg" x`, 19, ` x`},
		{`{"a": [1, {"b": "}"}]} tail`, 22, ` tail`},
		{`[[], {}]`, 8, ``},
		{`12.5e+3,`, 7, `,`},
		{`true}`, 4, `}`},
		{`null`, 4, ``},
		{`"unterminated`, -1, ``},
		{`{"a": [1, 2}`, -1, ``},
		{`{"a": "b`, -1, ``},
		{`}`, -1, ``},
		{``, -1, ``},
	}
	for _, tt := range tests {
		end, err := valueEnd([]byte(tt.in), 0)
		if tt.end < 0 {
			if err == nil {
				t.Errorf("valueEnd(%q) = %d, want an error", tt.in, end)
			}
			continue
		}
		if err != nil || end != tt.end || tt.in[end:] != tt.rest {
			t.Errorf("valueEnd(%q) = %d, %v; want %d", tt.in, end, err, tt.end)
		}
	}
}

func TestTypeMeta(t *testing.T) {
	tests := []struct {
		in               string
		kind, apiVersion string
		err              bool
	}{
		{`{"apiVersion": "v1", "kind": "Pod", "metadata": {}}`, "Pod", "v1", false},
		{`{"metadata": {"kind": "Nope"}, "kind": "Node"}`, "Node", "", false},
		{`{"k\u0069nd": "Event", "apiVersion": "events.k8s.io/v1"}`, "Event", "events.k8s.io/v1", false},
		{`{"kind": "P\u006fd"}`, "Pod", "", false},
		{`{"kind": 7, "apiVersion": ["v1"]}`, "", "", false},
		{`{}`, "", "", false},
		// Found before the break, and reported with it.
		{`{"kind": "Pod", "spec": {`, "Pod", "", true},
		{`["Pod"]`, "", "", true},
		{`{"kind" "Pod"}`, "", "", true},
	}
	for _, tt := range tests {
		kind, apiVersion, err := typeMeta([]byte(tt.in))
		if kind != tt.kind || apiVersion != tt.apiVersion || (err != nil) != tt.err {
			t.Errorf("typeMeta(%s) = %q, %q, %v; want %q, %q, error %v", tt.in, kind, apiVersion, err, tt.kind, tt.apiVersion, tt.err)
		}
	}
}

func TestObjectName(t *testing.T) {
	tests := []struct {
		in              string
		namespace, name string
	}{
		{`{"kind": "Secret", "data": {"metadata": {"name": "decoy"}}, "metadata": {"name": "db", "namespace": "shop"}}`, "shop", "db"},
		{`{"kind": "Node", "metadata": {"name": "node-1"}}`, "", "node-1"},
		{`{"metadata": {"name": 7, "namespace": "shop"}}`, "shop", ""},
		{`{"metadata": "web"}`, "", ""},
		{`{"kind": "Secret"}`, "", ""},
	}
	for _, tt := range tests {
		namespace, name := objectName([]byte(tt.in))
		if namespace != tt.namespace || name != tt.name {
			t.Errorf("objectName(%s) = %q, %q; want %q, %q", tt.in, namespace, name, tt.namespace, tt.name)
		}
	}
}

func TestCompactJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{"{\n    \"a\": [\n        1,\n        2\n    ]\n}", `{"a":[1,2]}`},
		{`{"a b": " x "}`, `{"a b":" x "}`},
		{`"esc \" quote"  `, `"esc \" quote"`},
		// Whitespace that separates literals is kept, so invalid stays invalid.
		{`[1 2]`, `[1 2]`},
		{`[tr ue]`, `[tr ue]`},
		{"[1\n\t,2]", `[1,2]`},
		{`"unterminated  x`, `"unterminated  x`},
	}
	for _, tt := range tests {
		if got := string(compactJSON(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("compactJSON(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkCompact checks compactJSON against encoding/json: the result is valid
// exactly when the input is, and then equals json.Compact's.
func checkCompact(t *testing.T, in []byte) {
	got := compactJSON(nil, in)
	if json.Valid(in) != json.Valid(got) {
		t.Fatalf("compactJSON(%q) = %q: validity changed", in, got)
	}
	if !json.Valid(in) {
		return
	}
	var want bytes.Buffer
	if err := json.Compact(&want, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("compactJSON(%q) = %q, want %q", in, got, want.Bytes())
	}
}

func TestCompactJSONFixtures(t *testing.T) {
	for _, path := range []string{"testdata/get-all.json", "testdata/cluster-info-dump/shop/pods.json", "testdata/bad/huge-numbers.json"} {
		checkCompact(t, []byte(mustRead(t, path)))
	}
}

func FuzzCompactJSON(f *testing.F) {
	for _, seed := range []string{`{"a": [1, 2]}`, `[1 2]`, `"\\"`, `{"a":"\u00e9"}`, " \t\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(checkCompact)
}

// TestNextStructural checks the eight-bytes-at-a-time search against a plain
// one, at every offset of inputs made of the bytes it must find and the bytes
// that look like them.
func TestNextStructural(t *testing.T) {
	alphabet := []byte(" \n\"{}[]\\:,az;=}]}{[^_`~|\x00\x7f\x80\xff\x02\x5c\x3b\x3d\x7c\x7e")
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		data := make([]byte, rnd.IntN(40))
		for i := range data {
			if rnd.IntN(4) == 0 {
				data[i] = alphabet[rnd.IntN(len(alphabet))]
			} else {
				data[i] = byte(rnd.IntN(256))
			}
		}
		for i := 0; i <= len(data); i++ {
			want := i
			for want < len(data) && !strings.ContainsRune(`"{}[]`, rune(data[want])) {
				want++
			}
			if got := nextStructural(data, i); got != want {
				t.Fatalf("nextStructural(%q, %d) = %d, want %d", data, i, got, want)
			}
		}
	}
}
