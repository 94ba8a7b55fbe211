package classify

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// networkSignatures are the ways programs say a dependency could not be
// reached, resolved or trusted, in the wordings of Go's net and crypto/x509,
// libpq, Python's requests/urllib3/redis-py/asyncio, curl and busybox.
var networkSignatures = []logSignature{
	// Go net.OpError: "dial tcp 10.96.0.12:5432: connect: connection refused"
	sig("network", `dial (?:tcp[46]?|udp[46]?) (\S+): connect: connection refused`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		return LogCause{Cause: LogConnectionRefused, Host: h, Port: p}
	}),
	// Go: "dial tcp 10.0.0.5:5432: i/o timeout" / "connect: connection timed out"
	sig("network", `dial (?:tcp[46]?|udp[46]?) (\S+): (?:i/o timeout|connect: connection timed out)`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		return LogCause{Cause: LogConnectionTimeout, Host: h, Port: p}
	}),
	// Go: "dial tcp: lookup db on 10.96.0.10:53: no such host" / "lookup db: no such host"
	sig("network", `lookup ([^\s:]+)(?: on \S+)?: (?:no such host|server misbehaving|Temporary failure in name resolution)`, func(m []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogHostNotFound, Host: m[1]}
		if a := goDialAddrRE.FindStringSubmatch(lines[i]); a != nil {
			_, c.Port = splitHostPort(a[1])
		}
		return c
	}),
	// crypto/x509: "x509: certificate signed by unknown authority" and kin.
	sig("network", `x509: (certificate signed by unknown authority|certificate has expired or is not yet valid|certificate is valid for .*|certificate relies on legacy Common Name field.*|cannot validate certificate for .*)`, func(m []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogTLSError, Message: "x509: " + m[1]}
		c.Host, c.Port = urlHost(lines[i])
		return c
	}),
	// Python ssl: "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate"
	sig("network", `CERTIFICATE_VERIFY_FAILED\] certificate verify failed: ([^(')"]+)`, func(m []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogTLSError, Message: "certificate verify failed: " + strings.TrimSpace(m[1])}
		c.Host, c.Port = urlHost(lines[i])
		return c
	}),
	// libpq 14+: connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused / timed out
	sig("network", `connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+) failed: (Connection refused|Connection timed out|timeout expired)`, func(m []string, _ []string, _ int) LogCause {
		cause := LogConnectionRefused
		if m[3] != "Connection refused" {
			cause = LogConnectionTimeout
		}
		return LogCause{Cause: cause, Host: m[1], Port: atoi(m[2])}
	}),
	// libpq before 14: "could not connect to server: Connection refused"
	// then "\tIs the server running on host "db" (10.0.0.5) and accepting"
	// and "\tTCP/IP connections on port 5432?".
	sig("network", `could not connect to server: (Connection refused|Connection timed out)`, func(m []string, lines []string, i int) LogCause {
		cause := LogConnectionRefused
		if m[1] != "Connection refused" {
			cause = LogConnectionTimeout
		}
		c := LogCause{Cause: cause}
		if h := near(lines, i, 1, 2, libpqHostRE); h != nil {
			c.Host = h[1]
		}
		if p := near(lines, i, 1, 3, libpqPortRE); p != nil {
			c.Port = atoi(p[1])
		}
		return c
	}),
	// libpq: could not translate host name "db" to address: Name or service not known
	sig("network", `could not translate host name "([^"]+)" to address`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogHostNotFound, Host: m[1]}
	}),
	// requests/urllib3: HTTPConnectionPool(host='localhost', port=8080): Max retries exceeded ... [Errno 111] Connection refused / Temporary failure in name resolution / timed out
	sig("network", `HTTPS?ConnectionPool\(host='([^']+)', port=(\d+)\): Max retries exceeded.*?(Connection refused|Name or service not known|Temporary failure in name resolution|No address associated with hostname|Failed to resolve|timed out|CERTIFICATE_VERIFY_FAILED)`, func(m []string, _ []string, _ int) LogCause {
		cause := map[string]string{
			"Connection refused": LogConnectionRefused, "timed out": LogConnectionTimeout,
			"CERTIFICATE_VERIFY_FAILED": LogTLSError,
		}[m[3]]
		if cause == "" {
			cause = LogHostNotFound
		}
		return LogCause{Cause: cause, Host: m[1], Port: atoi(m[2])}
	}),
	// redis-py: "Error 111 connecting to localhost:6379. Connection refused."
	// and "Error -2 connecting to redis:6379. Name or service not known."
	sig("network", `Error (-?\d+) connecting to (\S+?)\. (Connection refused|Name or service not known|Temporary failure in name resolution|Connection timed out)`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[2])
		cause := map[string]string{"Connection refused": LogConnectionRefused, "Connection timed out": LogConnectionTimeout}[m[3]]
		if cause == "" {
			cause = LogHostNotFound
		}
		return LogCause{Cause: cause, Host: h, Port: p}
	}),
	// asyncio: ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 5432)
	sig("network", `Connect call failed \('([^']+)', (\d+)\)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogConnectionRefused, Host: m[1], Port: atoi(m[2]), Exception: "ConnectionRefusedError"}
	}),
	// curl: "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused" (7.7x+: "Couldn't connect to server")
	sig("network", `Failed to connect to (\S+) port (\d+)(?: after \d+ ms)?: (Connection refused|Couldn't connect to server|Connection timed out|Timeout was reached)`, func(m []string, _ []string, _ int) LogCause {
		cause := LogConnectionRefused
		if strings.Contains(m[3], "imeout") || strings.Contains(m[3], "timed out") {
			cause = LogConnectionTimeout
		}
		return LogCause{Cause: cause, Host: m[1], Port: atoi(m[2])}
	}),
	// curl: "curl: (6) Could not resolve host: api.example.com"
	sig("network", `Could not resolve host: (\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogHostNotFound, Host: m[1]}
	}),
	// busybox wget/nc: "wget: can't connect to remote host (127.0.0.1): Connection refused";
	// wget printed "Connecting to 127.0.0.1:8080 (127.0.0.1:8080)" just before.
	sig("network", `can't connect to remote host \(([^)]+)\): (Connection refused|Connection timed out)`, func(m []string, lines []string, i int) LogCause {
		cause := LogConnectionRefused
		if m[2] != "Connection refused" {
			cause = LogConnectionTimeout
		}
		c := LogCause{Cause: cause, Host: m[1]}
		if a := near(lines, i, -2, -1, busyboxConnectingRE); a != nil {
			c.Host, c.Port = splitHostPort(a[1])
		}
		return c
	}),
	// busybox: "wget: bad address 'db:8080'", "nc: bad address 'db'"
	sig("network", `: bad address '([^']+)'`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		return LogCause{Cause: LogHostNotFound, Host: h, Port: p}
	}),
	// Python socket.gaierror: [Errno -2] Name or service not known / [Errno -3] Temporary failure in name resolution
	sig("network", `\[Errno -[23]\] (Name or service not known|Temporary failure in name resolution)`, func(m []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogHostNotFound, Message: m[1]}
		c.Host, c.Port = urlHost(lines[i])
		return c
	}),
	// Any other line that says connection refused and names host:port.
	sig("network", `(?i)connection refused`, func(_ []string, lines []string, i int) LogCause {
		a := hostPortRE.FindStringSubmatch(maskTimes(lines[i]))
		if a == nil {
			return LogCause{Cause: LogConnectionRefused}
		}
		return LogCause{Cause: LogConnectionRefused, Host: strings.Trim(a[1], "[]"), Port: atoi(a[2])}
	}),
}

var (
	goDialAddrRE        = lazyregexp.New(`dial tcp[46]? (\S+?):`)
	libpqHostRE         = lazyregexp.New(`on host "([^"]+)"`)
	libpqPortRE         = lazyregexp.New(`connections on port (\d+)`)
	busyboxConnectingRE = lazyregexp.New(`^Connecting to (\S+) \(`)
	hostPortRE          = lazyregexp.New(`(\[[0-9a-fA-F:]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):([1-9]\d{0,4})\b`)
	// timeRE finds the times and dates loggers put on a line, whose colons
	// would read as host:port.
	timeRE    = lazyregexp.New(`\d{4}[-/]\d\d[-/]\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?|\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b`)
	urlHostRE = lazyregexp.New(`https?://([^/\s"':]+)(?::(\d+))?|host='([^']+)', port=(\d+)|dial tcp[46]? ([^\s:]+):(\d+)`)
)

// maskTimes blanks the times and dates of a line, so that a search for
// host:port does not find "10:15" in "10:15:30".
func maskTimes(s string) string {
	return timeRE.ReplaceAllStringFunc(s, func(t string) string { return strings.Repeat(" ", len(t)) })
}

// urlHost finds the server a TLS or DNS error was about: the URL the
// client fetched, or the address it dialled.
func urlHost(line string) (string, int) {
	m := urlHostRE.FindStringSubmatch(line)
	if m == nil {
		return "", 0
	}
	switch {
	case m[1] != "":
		return m[1], atoi(m[2])
	case m[3] != "":
		return m[3], atoi(m[4])
	}
	return m[5], atoi(m[6])
}
