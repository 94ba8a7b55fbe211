package classify

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// exceptionSignatures are the last resort: an uncaught exception that no
// other signature explains, named by its class and message. They come
// last, so "psycopg2.OperationalError: ... Connection refused" is a refused
// connection, not an exception.
var exceptionSignatures = []logSignature{
	// CPython's traceback ends with "ModuleName.ClassName: message"; only
	// lines after a "Traceback (most recent call last):" count.
	sig("python", `^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)): (.*)$`, func(m []string, lines []string, i int) LogCause {
		if near(lines, i, -200, -1, tracebackRE) == nil {
			return LogCause{}
		}
		return LogCause{Cause: LogException, Exception: m[1], Message: m[2]}
	}),
	// JVM: Exception in thread "main" java.lang.IllegalStateException: message,
	// and the root cause of a chain: Caused by: com.x.FooException: message.
	sig("java", `^(?:Exception in thread "[^"]*" |Caused by: )([\w.$]+(?:Exception|Error))(?:: (.*))?$`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogException, Exception: m[1], Message: strings.TrimSpace(m[2])}
	}),
	// Node.js: an uncaught error printed with its stack: "TypeError: Cannot
	// read properties of undefined (reading 'port')" then "    at ...".
	sig("node", `^(?:Uncaught )?([A-Z]\w*Error)(?: \[([A-Z_]+)\])?: (.+)$`, func(m []string, lines []string, i int) LogCause {
		if near(lines, i, 1, 1, nodeFrameRE) == nil {
			return LogCause{}
		}
		return LogCause{Cause: LogException, Exception: m[1], Message: m[3]}
	}),
}

var nodeFrameRE = lazyregexp.New(`^\s+at `)

var tracebackRE = lazyregexp.New(`^Traceback \(most recent call last\):`)
