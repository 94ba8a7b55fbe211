package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// hostileTexts returns, generated here rather than listed, every control
// character, every bidirectional override and isolate, the Unicode line
// separators, invalid UTF-8, and the texts that make a terminal or the
// GitHub Actions runner act: escape sequences and workflow commands after
// every kind of line break and leading white space.
func hostileTexts() []string {
	var out []string
	for r := rune(0); r < 0x20; r++ {
		out = append(out, "a"+string(r)+"b")
	}
	for r := rune(0x7f); r <= 0x9f; r++ {
		out = append(out, "a"+string(r)+"b")
	}
	for _, r := range []rune{0x061c, 0x200e, 0x200f, 0x2028, 0x2029} {
		out = append(out, "a"+string(r)+"b")
	}
	for r := rune(0x202a); r <= 0x202e; r++ {
		out = append(out, "user\u202e"+string(r)+"gnp.exe")
	}
	for r := rune(0x2066); r <= 0x2069; r++ {
		out = append(out, "if admin "+string(r)+"{ } ")
	}
	out = append(out, "bad \xff\xfe utf-8", "\x1b]0;pwned title\x07", "\x1b[2J\x1b[H cleared", "\x1b[31mred\x1b[0m", "\x9b31m C1 CSI")
	commands := []string{"::error file=x.yaml::pwned", "::add-mask::hunter2", "::stop-commands::t0k3n", "::warning::x", "##[add-mask]hunter2", "::set-output name=a::b"}
	breaks := []string{"", "\n", "\r", "\r\n", "\n ", "\n\t", "\n\u00a0", "\n\u3000", "\u2028", "\u0085", "\v", "\f"}
	for _, c := range commands {
		for _, br := range breaks {
			out = append(out, c, "ok"+br+c, "ok"+br+"  "+c)
		}
	}
	return out
}

// forbidden says why a rune of rendered output could act on its reader, or
// "" when it cannot. Newlines are the renderer's own; tabs are harmless.
func forbidden(r rune, size int) string {
	switch {
	case r == utf8.RuneError && size == 1:
		return "invalid UTF-8"
	case r == '\n' || r == '\t':
		return ""
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return fmt.Sprintf("control character %U", r)
	case r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
		return fmt.Sprintf("bidirectional control %U", r)
	case r == 0x2028 || r == 0x2029:
		return fmt.Sprintf("line separator %U", r)
	}
	return ""
}

// checkReadable fails when human-readable output holds a rune that could
// act on a terminal, or a line the GitHub Actions runner would read as a
// workflow command other than the renderer's own (allowed matches them).
func checkReadable(t *testing.T, format, out string, allowed *regexp.Regexp) {
	t.Helper()
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		if why := forbidden(r, size); why != "" {
			t.Fatalf("%s output holds a %s at byte %d: %q", format, why, i, out[max(0, i-40):min(len(out), i+40)])
		}
		i += size
	}
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") && (allowed == nil || !allowed.MatchString(line)) {
			t.Fatalf("%s output has a line the Actions runner reads as a command: %q", format, line)
		}
		if strings.Contains(line, "##[") {
			t.Fatalf("%s output has a legacy Actions command: %q", format, line)
		}
	}
}

// hostileFinding puts text in every field a renderer prints.
func hostileFinding(text string, withFile bool) finding.Finding {
	f := finding.Finding{
		Rule:      "crash-loop",
		Severity:  finding.Error,
		Object:    finding.ObjectRef{Kind: "Pod", Namespace: "ns" + text, Name: "pod" + text},
		Owner:     &finding.ObjectRef{Kind: "Deployment", Namespace: "ns" + text, Name: "own" + text},
		Container: "c" + text,
		Path:      "spec.containers[0]" + text,
		Message:   text,
		Evidence:  []string{"Warning  Failed  1m  kubelet  " + text, "| " + text, text},
		Remedy:    "do " + text,
		Fix:       &finding.Fix{Path: "spec" + text, Value: text},
	}
	if withFile {
		f.Location = &finding.Location{File: "dir/" + text + ".yaml", Line: 3, Column: 5}
	}
	return f
}

// TestHostileInputInEveryFormat renders findings whose every field holds
// hostile text, in every format: the formats people read carry no control
// character and no workflow command, the github format writes exactly one
// command per finding, and json and sarif stay valid JSON that decodes to
// the exact strings.
func TestHostileInputInEveryFormat(t *testing.T) {
	githubLine := regexp.MustCompile(`^::(error|warning|notice) [^\n]*$`)
	texts := hostileTexts()
	for _, engine := range []string{EngineLint, EngineDiagnose} {
		var findings []finding.Finding
		for _, text := range texts {
			findings = append(findings, hostileFinding(text, engine == EngineLint))
		}
		opts := Options{
			Engine: engine, Suppressed: findings[:3], ShowSuppressed: true,
			OwnerPods: map[string]int{findings[0].Owner.String(): 4},
			Rules:     []finding.Rule{{ID: "crash-loop", Description: "desc\n::error::from metadata"}},
		}
		for _, format := range Formats() {
			out := string(render(t, format, findings, opts))
			switch format {
			case "text", "junit":
				checkReadable(t, engine+" "+format, out, nil)
			case "github":
				checkReadable(t, engine+" "+format, out, githubLine)
				lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				if len(lines) != len(findings)+len(opts.Suppressed) {
					t.Errorf("%s github: %d lines for %d findings", engine, len(lines), len(findings)+len(opts.Suppressed))
				}
				for _, line := range lines {
					if !githubLine.MatchString(line) {
						t.Fatalf("%s github: not one workflow command: %q", engine, line)
					}
				}
			case "json":
				var doc struct{ Findings []finding.Finding }
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatalf("%s json is not JSON: %v", engine, err)
				}
				checkExactMessages(t, engine+" json", texts, func(i int) string { return doc.Findings[i].Message }, len(doc.Findings))
			case "sarif":
				var doc struct {
					Runs []struct {
						Results []struct {
							Message struct{ Text string }
						}
					}
				}
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatalf("%s sarif is not JSON: %v", engine, err)
				}
				if len(doc.Runs) != 1 || len(doc.Runs[0].Results) != len(findings)+len(opts.Suppressed) {
					t.Fatalf("%s sarif: unexpected shape", engine)
				}
				var all []string
				for _, r := range doc.Runs[0].Results {
					all = append(all, r.Message.Text)
				}
				for _, text := range texts {
					if utf8.ValidString(text) && !containsString(all, text) {
						t.Errorf("%s sarif lost the exact message %q", engine, text)
					}
				}
			}
		}
	}
}

// checkExactMessages checks that every valid UTF-8 text comes back from a
// JSON document byte for byte (JSON cannot carry invalid UTF-8).
func checkExactMessages(t *testing.T, format string, texts []string, message func(int) string, n int) {
	t.Helper()
	var all []string
	for i := range n {
		all = append(all, message(i))
	}
	for _, text := range texts {
		if utf8.ValidString(text) && !containsString(all, text) {
			t.Errorf("%s lost the exact message %q", format, text)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, one, lines string }{
		{"plain text: a=b, c::d", "plain text: a=b, c::d", "plain text: a=b, c::d"},
		{"tab\there", "tab\there", "tab\there"},
		{"\x1b]0;t\x07", `\x1b]0;t\x07`, `\x1b]0;t\x07`},
		{"a\nb", `a\nb`, "a\nb"},
		{"a\r\nb", `a\r\nb`, "a\nb"},
		{"a\rb", `a\rb`, `a\rb`},
		{"ok\n::add-mask::x", `ok\n::add-mask::x`, "ok\n\\x3a:add-mask::x"},
		{"  ::error::x", `  \x3a:error::x`, `  \x3a:error::x`},
		{"\u00a0::error::x", "\u00a0\\x3a:error::x", "\u00a0\\x3a:error::x"},
		{"log ##[add-mask]x", `log ##\x5badd-mask]x`, `log ##\x5badd-mask]x`},
		{"evil\u202eexe.png", `evil\u202eexe.png`, `evil\u202eexe.png`},
		{"\u2028", `\u2028`, `\u2028`},
		{"\x85", `\x85`, `\x85`},
		{"\u0085", `\u0085`, `\u0085`},
		{"ünïcödé ✓", "ünïcödé ✓", "ünïcödé ✓"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.one {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.one)
		}
		if got := EscapeLines(tt.in); got != tt.lines {
			t.Errorf("EscapeLines(%q) = %q, want %q", tt.in, got, tt.lines)
		}
	}
}

// FuzzEscape: whatever the text, Escape gives one line and EscapeLines
// lines that hold nothing a terminal or the Actions runner acts on, text
// without anything to escape comes back unchanged, and a finding with the
// text as its message is exactly one GitHub workflow command.
func FuzzEscape(f *testing.F) {
	for _, s := range hostileTexts() {
		f.Add(s)
	}
	githubLine := regexp.MustCompile(`^::error [^\n]*$`)
	f.Fuzz(func(t *testing.T, s string) {
		one := Escape(s)
		if strings.Contains(one, "\n") {
			t.Fatalf("Escape(%q) = %q has a newline", s, one)
		}
		checkReadable(t, "Escape", one, nil)
		checkReadable(t, "EscapeLines", EscapeLines(s), nil)
		if safe(s, false) && !mayBeCommand(s) && one != s {
			t.Fatalf("Escape changed safe text %q to %q", s, one)
		}
		var buf bytes.Buffer
		f := finding.Finding{Rule: "r", Severity: finding.Error, Message: s, Evidence: []string{s}, Remedy: s,
			Location: &finding.Location{File: s, Line: 1}, Object: finding.ObjectRef{Kind: "Pod", Name: s}}
		if err := GitHub(&buf, []finding.Finding{f}, Options{}); err != nil {
			t.Fatal(err)
		}
		out := strings.TrimSuffix(buf.String(), "\n")
		if !githubLine.MatchString(out) {
			t.Fatalf("github output for %q is not one command: %q", s, out)
		}
		checkReadable(t, "github", buf.String(), githubLine)
	})
}
