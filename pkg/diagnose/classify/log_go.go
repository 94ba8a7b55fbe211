package classify

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// goSignatures are the Go runtime's and standard library's messages:
// runtime panics and fatal errors, the flag package, net's listen errors.
var goSignatures = []logSignature{
	// runtime: "panic: <value>" then "goroutine 1 [running]:" and frames.
	{family: "go", re: lazyregexp.New(`^panic: (.+)$`), anyLevel: true, build: goPanic},
	// runtime: "fatal error: runtime: out of memory", "fatal error: concurrent map writes".
	{family: "go", re: lazyregexp.New(`^fatal error: (.+)$`), anyLevel: true, build: func(m []string, lines []string, i int) LogCause {
		c := goPanic(m, lines, i)
		if strings.Contains(m[1], "out of memory") {
			c.Cause, c.Kind = LogOutOfMemory, "heap"
		}
		return c
	}},
	// flag: "flag provided but not defined: -confg"
	sig("go", `flag provided but not defined: -{1,2}(\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogUnknownFlag, Flag: m[1]}
	}),
	// spf13/pflag via cobra: "Error: unknown flag: --confg", "Error: unknown shorthand flag: 'x' in -x"
	sig("go", `^Error: unknown (?:shorthand )?flag: (?:'(\w)' in )?-{1,2}([\w.-]+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogUnknownFlag, Flag: m[2]}
	}),
	// net: "listen tcp :8080: bind: address already in use"
	sig("go", `listen (?:tcp[46]?|udp[46]?) (\S*):(\d+): bind: address already in use`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogAddressInUse, Host: strings.Trim(m[1], "[]"), Port: atoi(m[2])}
	}),
	// net: "listen tcp :80: bind: permission denied" (a non-root user below 1024)
	sig("go", `listen (?:tcp[46]?|udp[46]?) (\S*):(\d+): bind: permission denied`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogPrivilegedPort, Host: strings.Trim(m[1], "[]"), Port: atoi(m[2])}
	}),
}

var (
	goroutineRE = lazyregexp.New(`^goroutine \d+ \[`)
	goPCRE      = lazyregexp.New(` \+0x[0-9a-f]+$`)
)

// goPanic reads a panic: its value, and the first frame of the panicking
// goroutine. A value that another signature knows ("dial tcp ...:
// connection refused") gives that cause, with the panic's frame.
func goPanic(m []string, lines []string, i int) LogCause {
	c := LogCause{Cause: LogPanic, Message: m[1]}
	if inner, ok := classifyText(m[1]); ok && inner.Cause != LogException {
		inner.Message = m[1]
		inner.Family = "go"
		c = inner
	}
	for j := i + 1; j < len(lines) && j < i+12; j++ {
		if !goroutineRE.MatchString(lines[j]) {
			continue
		}
		if j+1 < len(lines) {
			frame := strings.TrimSpace(lines[j+1])
			if j+2 < len(lines) && strings.HasPrefix(lines[j+2], "\t") {
				frame += " " + goPCRE.ReplaceAllString(strings.TrimSpace(lines[j+2]), "")
			}
			c.Frame = frame
		}
		break
	}
	return c
}
