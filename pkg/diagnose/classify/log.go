package classify

import (
	"encoding/json"
	"net"
	"strconv"
	"strings"
	"sync"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// Causes of a crash that a container's log states, the values of
// LogCause.Cause.
const (
	LogModuleNotFound     = "module-not-found"
	LogImportError        = "import-error"
	LogClassNotFound      = "class-not-found"
	LogMissingEnvVar      = "missing-env-var"
	LogConnectionRefused  = "connection-refused"
	LogConnectionTimeout  = "connection-timeout"
	LogHostNotFound       = "host-not-found"
	LogTLSError           = "tls-error"
	LogAddressInUse       = "address-in-use"
	LogPrivilegedPort     = "privileged-port"
	LogPermissionDenied   = "permission-denied"
	LogReadOnlyFilesystem = "read-only-filesystem"
	LogFileNotFound       = "file-not-found"
	LogOutOfMemory        = "out-of-memory"
	LogPanic              = "panic"
	LogUnknownFlag        = "unknown-flag"
	LogStartupFailed      = "startup-failed"
	LogAuthFailed         = "auth-failed"
	LogConfigError        = "config-error"
	LogDataDirNotEmpty    = "data-dir-not-empty"
	LogDataDirPermissions = "data-dir-permissions"
	LogCorruptData        = "corrupt-data"
	LogKernelSetting      = "kernel-setting"
	LogExecFormat         = "exec-format"
	LogException          = "exception"
)

// LogCauses lists every value LogCause.Cause can take.
var LogCauses = []string{
	LogModuleNotFound, LogImportError, LogClassNotFound, LogMissingEnvVar,
	LogConnectionRefused, LogConnectionTimeout, LogHostNotFound, LogTLSError,
	LogAddressInUse, LogPrivilegedPort, LogPermissionDenied, LogReadOnlyFilesystem,
	LogFileNotFound, LogOutOfMemory, LogPanic, LogUnknownFlag, LogStartupFailed,
	LogAuthFailed, LogConfigError, LogDataDirNotEmpty, LogDataDirPermissions,
	LogCorruptData, LogKernelSetting, LogExecFormat, LogException,
}

// Families of programs whose messages the log classifier knows, the values
// of LogCause.Family.
var LogFamilies = []string{"python", "java", "go", "node", "nginx", "postgres", "mysql", "redis", "elasticsearch", "platform", "network"}

// LogCause is what the log of a crashed container says ended it: the cause,
// the program family that wrote it and the specifics it names. Only the
// fields the line states are set.
type LogCause struct {
	Cause  string `json:"cause"`
	Family string `json:"family"`
	// Line is the log line that states the cause, as the log holds it
	// (colour codes removed).
	Line string `json:"line"`
	// Module is a Python or Node.js module, ClassName a Java class.
	Module    string `json:"module,omitempty"`
	ClassName string `json:"className,omitempty"`
	// Variable is an environment variable the program read.
	Variable string `json:"variable,omitempty"`
	// Host and Port are the address the program could not reach, resolve
	// or bind. Port is 0 when the line does not say.
	Host string `json:"host,omitempty"`
	Port int    `json:"port,omitempty"`
	// Path is a file or directory, or a configuration file with its line
	// (/etc/nginx/conf.d/default.conf:15).
	Path string `json:"path,omitempty"`
	// Setting is a kernel or program setting (vm.max_map_count), Current
	// its value and Required what the program asks for.
	Setting  string `json:"setting,omitempty"`
	Current  string `json:"current,omitempty"`
	Required string `json:"required,omitempty"`
	// User is the database user whose login failed.
	User string `json:"user,omitempty"`
	// Directive is a configuration directive the program rejected.
	Directive string `json:"directive,omitempty"`
	// Flag is a command-line flag the program does not define.
	Flag string `json:"flag,omitempty"`
	// Kind narrows a cause: the memory that ran out ("heap", "metaspace"...).
	Kind string `json:"kind,omitempty"`
	// Exception is the exception class or error code the line names.
	Exception string `json:"exception,omitempty"`
	// Message is the program's own message: a panic's value, an
	// exception's message, a startup failure's description.
	Message string `json:"message,omitempty"`
	// Frame is the first stack frame of a Go panic: "main.main() /app/main.go:12".
	Frame string `json:"frame,omitempty"`
	// LostFound says the data directory is not empty only because it holds
	// the lost+found directory of a freshly formatted volume.
	LostFound bool `json:"lostFound,omitempty"`
}

// logWindow is how many of the last lines the classifier reads: the end of
// a crashed program's log is where it says why, and a bound keeps the
// cost per container constant.
const logWindow = 300

// logSignature recognises one crash message. match returns the cause of
// line i of lines, or ok false.
type logSignature struct {
	family string
	re     *lazyregexp.Regexp
	// anyLevel lets the signature match lines logged at INFO or WARN level
	// and lines that announce a retry: its wording is fatal by itself
	// (gunicorn logs "Worker failed to boot." at INFO).
	anyLevel bool
	// wrapper marks a message that only says that the program gave up
	// (gunicorn's "Worker failed to boot"): a specific cause logged just
	// before it wins.
	wrapper bool
	build   func(m []string, lines []string, i int) LogCause
	// needles are literals of which every match holds one, lowercased
	// (nil: none known): most lines of a log hold none, and a substring
	// test is far cheaper than the regular expression.
	needles []string
}

// mayMatch reports whether the lowercased line holds one of the needles.
func (s *logSignature) mayMatch(lower string) bool {
	if s.needles == nil {
		return true
	}
	for _, n := range s.needles {
		if strings.Contains(lower, n) {
			return true
		}
	}
	return false
}

// logSignatures returns every family's signatures, runtime-specific ones
// first and the generic platform, network and exception wordings last, so
// that a line is claimed by the most specific signature that knows it.
// They are assembled, and their needles worked out, on first use rather
// than at every program's start.
var logSignatures func() []logSignature

// init sets logSignatures: a Go panic's value is classified with the same
// signatures, which a package-level initializer could not refer to.
func init() {
	logSignatures = sync.OnceValue(func() []logSignature {
		sigs := concatSignatures(
			pythonSignatures, javaSignatures, goSignatures, nodeSignatures, nginxSignatures,
			databaseSignatures, networkSignatures, platformSignatures, exceptionSignatures,
		)
		for i := range sigs {
			sigs[i].needles = requiredLiterals(sigs[i].re)
		}
		return sigs
	})
}

func concatSignatures(lists ...[]logSignature) []logSignature {
	var out []logSignature
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// ClassifyLog reads the last lines of a crashed container's log and returns
// the cause its last fatal message states, or nil when no line says why.
// Lines logged at INFO, DEBUG or WARN level and lines that announce a retry
// are passed over: a program that logs "connection refused, retrying"
// and then exits for another reason exited for that other reason.
func ClassifyLog(lines []string) *LogCause {
	if len(lines) > logWindow {
		lines = lines[len(lines)-logWindow:]
	}
	clean := make([]string, len(lines))
	for i, l := range lines {
		clean[i] = cleanLogLine(l)
	}
	found := func(c LogCause, i int) *LogCause {
		// The evidence quotes the line as the log holds it, so that it
		// can be found there; only colour codes are taken out.
		c.Line = truncateLine(rawLogLine(lines[i]))
		c.Message = truncateLine(c.Message)
		if c.Port < 0 || c.Port > 65535 {
			c.Port = 0 // not a port: the line said something else
		}
		if len(c.Host) > 253 {
			c.Host = "" // longer than any DNS name
		}
		return &c
	}
	skip := springActionLines(clean)
	for i := len(clean) - 1; i >= 0; i-- {
		if skip[i] || clean[i] == "" {
			continue
		}
		c, sig, ok := matchLine(clean, i, false)
		if !ok {
			continue
		}
		if sig.wrapper {
			// The program only says it gave up: the cause is a few lines up.
			for j := i - 1; j >= 0 && j >= i-80; j-- {
				if skip[j] || clean[j] == "" {
					continue
				}
				if inner, innerSig, ok := matchLine(clean, j, false); ok && !innerSig.wrapper {
					return found(inner, j)
				}
			}
		}
		if c.bare() {
			// "Caused by: java.net.ConnectException: Connection refused"
			// says less than the line that wrapped it a few lines up.
			for j := i - 1; j >= 0 && j >= i-30; j-- {
				if inner, _, ok := matchLine(clean, j, true); ok && inner.Cause == c.Cause && !inner.bare() {
					return found(inner, j)
				}
			}
		}
		return found(c, i)
	}
	return nil
}

// bare reports whether a cause names nothing specific: no address, path,
// module, class, variable, user or setting.
func (c LogCause) bare() bool {
	return c.Host == "" && c.Port == 0 && c.Path == "" && c.Module == "" && c.ClassName == "" &&
		c.Variable == "" && c.User == "" && c.Setting == "" && c.Directive == ""
}

// matchLine tries every signature on line i. Noise (INFO lines, retries)
// only matches signatures marked anyLevel.
func matchLine(lines []string, i int, specificOnly bool) (LogCause, *logSignature, bool) {
	line := lines[i]
	lower := strings.ToLower(line)
	noise, judged := false, false
	sigs := logSignatures()
	for k := range sigs {
		sig := &sigs[k]
		if !sig.mayMatch(lower) {
			continue
		}
		if !judged {
			// Only lines that may match are judged: most lines are not.
			noise, judged = isNoise(line), true
		}
		if noise && !sig.anyLevel {
			continue
		}
		if specificOnly && sig.wrapper {
			continue
		}
		m := sig.re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		c := sig.build(m, lines, i)
		if c.Cause == "" {
			continue
		}
		if specificOnly && c.Cause == LogException {
			continue
		}
		if c.Family == "" {
			c.Family = sig.family
		}
		return c, sig, true
	}
	return LogCause{}, nil, false
}

// ClassifyLogText classifies one message that is not a log line of its
// own, such as a Go panic's value: the first signature that knows it.
func classifyText(text string) (LogCause, bool) {
	c, _, ok := matchLine([]string{text}, 0, true)
	return c, ok
}

var (
	ansiRE = lazyregexp.New(`\x1b\[[0-9;?]*[A-Za-z]`)
	// kubectl logs --timestamps puts the RFC 3339 time of each line first.
	kubectlTimestampRE = lazyregexp.New(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) `)
)

// rawLogLine is the line as the log holds it, without colour codes and
// line ends.
func rawLogLine(line string) string {
	s := strings.TrimRight(line, "\r\n")
	if strings.Contains(s, "\x1b") {
		s = ansiRE.ReplaceAllString(s, "")
	}
	return s
}

// cleanLogLine removes colour codes, carriage returns and kubectl's
// timestamp, and turns a JSON log record into "LEVEL message: error".
func cleanLogLine(line string) string {
	s := strings.TrimRight(line, "\r\n")
	if strings.Contains(s, "\x1b") {
		s = ansiRE.ReplaceAllString(s, "")
	}
	s = kubectlTimestampRE.ReplaceAllString(s, "")
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
		if text, ok := jsonLogText(t); ok {
			return text
		}
	}
	return strings.TrimRight(s, " \t")
}

// jsonLogText renders a structured log record (zap, logrus, slog, ECS,
// bunyan) as "LEVEL message: error" for the signatures to read.
func jsonLogText(s string) (string, bool) {
	var rec map[string]any
	if err := json.Unmarshal([]byte(s), &rec); err != nil {
		return "", false
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := rec[k].(string); ok && v != "" {
				return v
			}
		}
		return ""
	}
	level := strings.ToUpper(str("level", "log.level", "severity", "lvl"))
	if n, ok := rec["level"].(float64); ok {
		// bunyan and pino write numeric levels: 30 info, 40 warn, 50 error, 60 fatal.
		switch {
		case n < 40:
			level = "INFO"
		case n < 50:
			level = "WARN"
		case n < 60:
			level = "ERROR"
		default:
			level = "FATAL"
		}
	}
	msg := str("msg", "message", "error.message")
	errText := str("error", "err", "error.message", "exception")
	if msg == "" && errText == "" {
		return "", false
	}
	text := msg
	if errText != "" && errText != msg {
		if text != "" {
			text += ": "
		}
		text += errText
	}
	if level != "" {
		text = level + " " + text
	}
	return text, true
}

var (
	// levelRE finds a level word near the start of a line, where loggers
	// put it: "2024-05-01 10:00:00 INFO ...", "[WARN]", "level=info".
	levelRE = lazyregexp.New(`(?:^|[\s\[|(:])(?:INFO|DEBUG|TRACE|WARN|WARNING|NOTICE|Note|Warning)(?:[\s\]|):]|$)|level=(?:info|debug|trace|warn|warning)\b|\[(?:info|debug|warn|notice)\]`)
	// klogRE is klog's header: I0102 15:04:05.000000 or W0102 ...
	klogRE = lazyregexp.New(`^[IW]\d{4} \d\d:\d\d:\d\d`)
	// nginxNonFatalRE is an nginx error log record below [emerg] / [alert]
	// / [crit]: nginx logs it and keeps serving.
	nginxNonFatalRE = lazyregexp.New(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[(?:error|warn|notice|info|debug)\] `)
	retryRE         = lazyregexp.New(`(?i)\bretry(?:ing)?\b|\bwill try again\b|\btrying again\b|\btry again in\b|\battempt \d+|\bbacking off\b|\bwaiting for\b|\breconnect(?:ing)?\b`)
)

// isNoise reports whether a line is logged below error level or announces
// a retry: it does not say why a program ended.
func isNoise(line string) bool {
	head := line
	if len(head) > 80 {
		head = head[:80]
	}
	return levelRE.MatchString(head) || klogRE.MatchString(line) || nginxNonFatalRE.MatchString(line) || retryRE.MatchString(line)
}

var springActionRE = lazyregexp.New(`^Action:\s*$`)

// springActionLines marks the lines of Spring Boot's failure report under
// "Action:": they advise ("stop the process that's listening on port
// 8080") and must not be read as causes.
func springActionLines(lines []string) []bool {
	skip := make([]bool, len(lines))
	for i := 0; i < len(lines); i++ {
		if !springActionRE.MatchString(lines[i]) {
			continue
		}
		for j := i; j < len(lines) && j < i+12; j++ {
			if j > i+1 && startsLogRecord(lines[j]) {
				break
			}
			skip[j] = true
		}
	}
	return skip
}

var logRecordStartRE = lazyregexp.New(`^(?:\d{4}-\d\d-\d\d|\[\d{4}-|\d\d:\d\d:\d\d)`)

func startsLogRecord(line string) bool { return logRecordStartRE.MatchString(line) }

// truncateLine bounds the line kept as evidence.
func truncateLine(s string) string {
	const max = 500
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// splitHostPort splits "db:5432", "[::1]:6379" or ":::3000" into host and
// port; port is 0 when there is none.
func splitHostPort(addr string) (string, int) {
	addr = strings.Trim(addr, `"'(),.`)
	if h, p, err := net.SplitHostPort(addr); err == nil {
		if n, err := strconv.Atoi(p); err == nil {
			return h, n
		}
	}
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		if n, err := strconv.Atoi(addr[i+1:]); err == nil {
			// ":::3000" (Node's any-address) leaves "::".
			return strings.TrimSuffix(strings.TrimPrefix(addr[:i], "["), "]"), n
		}
	}
	return addr, 0
}

// atoi is strconv.Atoi that returns 0 for text that is no number.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// near returns the first submatch of re in the lines from i+from to i+to
// (inclusive, relative to i), or nil.
func near(lines []string, i, from, to int, re *lazyregexp.Regexp) []string {
	for j := i + from; j <= i+to; j++ {
		if j < 0 || j >= len(lines) || j == i {
			continue
		}
		if m := re.FindStringSubmatch(lines[j]); m != nil {
			return m
		}
	}
	return nil
}

// sig is a shorthand for a signature of one family.
func sig(family, pattern string, build func(m []string, lines []string, i int) LogCause) logSignature {
	return logSignature{family: family, re: lazyregexp.New(pattern), build: build}
}

// fixed returns a build function for a cause without fields.
func fixed(cause string) func([]string, []string, int) LogCause {
	return func([]string, []string, int) LogCause { return LogCause{Cause: cause} }
}
