package redact

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

func TestPatterns(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`password=hunter22 and more`, `password=[REDACTED] and more`},
		{`DB_PASSWORD: s3cr3t-value`, `DB_PASSWORD: [REDACTED]`},
		{`{"token": "abc123xyz"}`, `{"token": [REDACTED]}`},
		{`--api-key 0123456789abcdef`, `--api-key [REDACTED]`},
		{`Authorization: Bearer eyJhbGciOi.abc.def`, `Authorization: Bearer [REDACTED]`},
		{`connect postgres://app:pa55word@db:5432/shop failed`, `connect postgres://app:[REDACTED]@db:5432/shop failed`},
		{`key AKIAIOSFODNN7EXAMPLE used`, `key [REDACTED] used`},
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----[REDACTED]"},
		{`id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok`, `id [REDACTED] ok`},
		// Text without credentials is left alone, including words near misses.
		{`Back-off restarting failed container api in pod api-1`, `Back-off restarting failed container api in pod api-1`},
		{`the container "web" has no memory limit`, `the container "web" has no memory limit`},
		{`kubectl -n shop get secret db-credentials -o jsonpath='{.data.password}'`, `kubectl -n shop get secret db-credentials -o jsonpath='{.data.password}'`},
		{`FATAL: password authentication failed for user "app"`, `FATAL: password authentication failed for user "app"`},
		{`failed to fetch oauth token: unexpected status from GET request`, `failed to fetch oauth token: unexpected status from GET request`},
		{`token=unexpected`, `token=[REDACTED]`},
	}
	var r *Redactor
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestCluesNeverChangeTheAnswer searches every pattern on the texts of
// TestPatterns and of every finding message shape the clues must not miss,
// including text whose case folding reaches outside ASCII.
func TestCluesNeverChangeTheAnswer(t *testing.T) {
	texts := []string{
		`password=hunter22`, `PASSWD: x1y2z3`, `my_pwd=abc`, `client_secret: s3cr3t`, `X-Auth-Token=abc`,
		`api-key=123456`, `ACCESS_KEY=zzz`, `private_key: 'abc'`, `credentials=a:b`, `--token abc`,
		`Authorization: BEARER abc`, `https://u:p@h`, `eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz`,
		`AKIAIOSFODNN7EXAMPLE`, "-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----",
		"pa\u017fsword=hunter22",  // the long s folds onto s
		"api_\u212aey=0123456789", // the Kelvin sign folds onto k
		`image "ngnx:latest" looks misspelled`, `Back-off restarting failed container`,
	}
	r := New("known-secret-value")
	for _, s := range texts {
		if got, want := r.String(s), r.redact(s, false); got != want {
			t.Errorf("String(%q) = %q, searching every pattern gives %q", s, got, want)
		}
	}
}

func TestKnownValues(t *testing.T) {
	r := New("correct-horse-battery", "abc", "  padded-secret  ")
	got := r.String("login with correct-horse-battery and padded-secret, abc stays")
	if got != "login with [REDACTED] and [REDACTED], abc stays" {
		t.Errorf("got %q", got)
	}
}

func TestFindingsAreCopied(t *testing.T) {
	in := []finding.Finding{{
		Message:  "env API_TOKEN=supersecretvalue",
		Evidence: []string{"| connecting with password=supersecretvalue"},
		Remedy:   "rotate supersecretvalue",
		Fix:      &finding.Fix{Path: "x", Value: "supersecretvalue"},
	}}
	out := New("supersecretvalue").Findings(in)
	for _, s := range []string{out[0].Message, out[0].Evidence[0], out[0].Remedy, out[0].Fix.Value} {
		if strings.Contains(s, "supersecretvalue") {
			t.Errorf("secret left in %q", s)
		}
	}
	if !strings.Contains(in[0].Message, "supersecretvalue") || in[0].Fix.Value != "supersecretvalue" {
		t.Error("Findings changed its input")
	}
}

// TestFindingsInParts: a list long enough to be redacted in parts on
// several cores gives, finding by finding, what one pass over it gives,
// with the secrets at the parts' edges too, and leaves its input alone.
func TestFindingsInParts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	n := 3*findingsPerPart + 5
	in := make([]finding.Finding, n)
	for i := range in {
		f := finding.Finding{Message: fmt.Sprintf("finding %d", i), Remedy: "the remedy"}
		if i%97 == 0 || i == findingsPerPart-1 || i == findingsPerPart || i == n-1 {
			f.Message = fmt.Sprintf("finding %d: env API_TOKEN=supersecretvalue", i)
			f.Evidence = []string{"| password=supersecretvalue", "plain"}
			f.Fix = &finding.Fix{Path: "x", Value: "supersecretvalue", Edit: &finding.TextEdit{File: "f", Line: i + 1}}
		}
		in[i] = f
	}
	r := New("supersecretvalue")
	got := r.Findings(in)
	want := make([]finding.Finding, n)
	r.findingsInto(want, in)
	if !reflect.DeepEqual(got, want) {
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("finding %d: %+v in parts, %+v in one pass", i, got[i], want[i])
			}
		}
	}
	for i, f := range got {
		if strings.Contains(f.Message, "supersecretvalue") || (f.Fix != nil && (f.Fix.Value != Mask || f.Fix.Edit != nil)) {
			t.Fatalf("finding %d not redacted: %+v", i, f)
		}
	}
	if !strings.Contains(in[n-1].Message, "supersecretvalue") || in[n-1].Fix.Edit == nil {
		t.Error("Findings changed its input")
	}
}

func FuzzString(f *testing.F) {
	f.Add("password=hunter2 postgres://a:b@c")
	f.Add("-----BEGIN PRIVATE KEY-----")
	r := New("known-secret-value")
	f.Fuzz(func(t *testing.T, s string) {
		out := r.String(s)
		if strings.Contains(out, "known-secret-value") {
			t.Fatalf("known value survived in %q", out)
		}
		if all := r.redact(s, false); all != out {
			t.Fatalf("clues changed the answer for %q: %q, every pattern gives %q", s, out, all)
		}
		if r.String(out) != out {
			t.Fatalf("not idempotent: %q -> %q", out, r.String(out))
		}
	})
}

func TestDocument(t *testing.T) {
	doc := map[string]any{
		"logTail": []any{"connecting with password=hunter2hunter2", "ok"},
		"nested":  map[string]any{"token": "known-secret-value", "count": 3.0},
	}
	out := New("known-secret-value").Document(doc).(map[string]any)
	if got := out["logTail"].([]any)[0]; got != "connecting with password=[REDACTED]" {
		t.Errorf("log line = %q", got)
	}
	nested := out["nested"].(map[string]any)
	if nested["token"] != Mask || nested["count"] != 3.0 {
		t.Errorf("nested = %v", nested)
	}
	if doc["nested"].(map[string]any)["token"] != "known-secret-value" {
		t.Error("Document changed its input")
	}
}

// TestCluedPatternsFindEveryClue: the one-pass clue search names exactly
// the patterns one of whose clues the text contains, on texts built from
// the clues' own pieces, and every pattern for text beyond ASCII.
func TestCluedPatternsFindEveryClue(t *testing.T) {
	var pieces []string
	for _, p := range credentialPatterns {
		for _, c := range p.clues {
			pieces = append(pieces, c, c[:len(c)/2], c[len(c)/2:])
		}
	}
	pieces = append(pieces, " ", "x", "k", "image nginx:1.27 ")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		var want uint32
		for i, p := range credentialPatterns {
			for _, c := range p.clues {
				if strings.Contains(text, c) {
					want |= 1 << i
				}
			}
		}
		if got := cluedPatterns(text, true); got != want {
			t.Fatalf("cluedPatterns(%q) = %b, want %b", text, got, want)
		}
	}
	if got := cluedPatterns("\u212aey", false); got != allPatterns {
		t.Errorf("text beyond ASCII: %b, want every pattern %b", got, allPatterns)
	}
}
