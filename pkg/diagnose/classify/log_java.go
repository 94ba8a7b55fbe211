package classify

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// javaSignatures are the JVM's messages (java.lang errors, the launcher's
// "Error: ..." lines) and Spring Boot's FailureAnalyzer report.
var javaSignatures = []logSignature{
	// java.lang.OutOfMemoryError: Java heap space | Metaspace | GC overhead
	// limit exceeded | Direct buffer memory | unable to create native thread...
	// Also "Terminating due to java.lang.OutOfMemoryError: Java heap space"
	// (-XX:+ExitOnOutOfMemoryError).
	{family: "java", re: lazyregexp.New(`java\.lang\.OutOfMemoryError(?:: (.*))?`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogOutOfMemory, Kind: javaMemoryKind(m[1]), Message: strings.TrimSpace(m[1]), Exception: "java.lang.OutOfMemoryError"}
		}},
	// The launcher: "Error: Could not find or load main class com.example.App"
	sig("java", `Error: Could not find or load main class (\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogClassNotFound, ClassName: m[1]}
	}),
	sig("java", `java\.lang\.ClassNotFoundException: (\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogClassNotFound, ClassName: m[1], Exception: "java.lang.ClassNotFoundException"}
	}),
	// NoClassDefFoundError names the class with slashes: org/slf4j/LoggerFactory.
	sig("java", `java\.lang\.NoClassDefFoundError: (\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogClassNotFound, ClassName: strings.ReplaceAll(m[1], "/", "."), Exception: "java.lang.NoClassDefFoundError"}
	}),
	// The launcher: "Error: Unable to access jarfile /app/app.jar"
	sig("java", `Error: Unable to access jarfile (\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogFileNotFound, Path: m[1], Message: "Unable to access jarfile " + m[1]}
	}),
	// Spring Boot PortInUseFailureAnalyzer (2.2+): "Web server failed to
	// start. Port 8080 was already in use."; PortInUseException: "Port 8080
	// is already in use"; 2.0-2.1: "The Tomcat connector configured to
	// listen on port 8080 failed to start. The port may already be in use...".
	sig("java", `Web server failed to start\. Port (\d+) was already in use|PortInUseException: Port (\d+) is already in use|connector configured to listen on port (\d+) failed to start\. The port may already be in use`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogAddressInUse, Port: atoi(m[1] + m[2] + m[3])}
	}),
	// java.net.BindException: Address already in use (Tomcat names the
	// port in its ProtocolHandler ["http-nio-8080"], Netty in the bind call).
	sig("java", `java\.net\.BindException: Address already in use`, func(_ []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogAddressInUse, Exception: "java.net.BindException"}
		if m := near(lines, i, -6, 6, javaPortRE); m != nil {
			c.Port = atoi(m[1] + m[2] + m[3])
		}
		return c
	}),
	// java.net.UnknownHostException: db: Name or service not known
	sig("java", `java\.net\.UnknownHostException: ([^\s:]+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogHostNotFound, Host: m[1], Exception: "java.net.UnknownHostException"}
	}),
	// pgjdbc: "Connection to localhost:5432 refused. Check that the hostname and port are correct..."
	sig("java", `Connection to (\S+) refused\. Check that the hostname and port are correct`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		return LogCause{Cause: LogConnectionRefused, Host: h, Port: p}
	}),
	// Elasticsearch and others: java.nio.file.AccessDeniedException: /usr/share/elasticsearch/data/nodes
	sig("java", `java\.nio\.file\.AccessDeniedException: (\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogPermissionDenied, Path: m[1], Exception: "java.nio.file.AccessDeniedException"}
	}),
	// java.nio.file.NoSuchFileException: /config/application.yml
	sig("java", `java\.nio\.file\.NoSuchFileException: (\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogFileNotFound, Path: m[1], Exception: "java.nio.file.NoSuchFileException"}
	}),
	// java.io.FileNotFoundException: /config/app.properties (No such file or directory)
	sig("java", `java\.io\.FileNotFoundException: (\S+) \((No such file or directory|Permission denied|Read-only file system)\)`, func(m []string, _ []string, _ int) LogCause {
		cause := map[string]string{"No such file or directory": LogFileNotFound, "Permission denied": LogPermissionDenied, "Read-only file system": LogReadOnlyFilesystem}[m[2]]
		return LogCause{Cause: cause, Path: m[1], Exception: "java.io.FileNotFoundException"}
	}),
	// javax.net.ssl.SSLHandshakeException: PKIX path building failed: ...
	sig("java", `PKIX path building failed|unable to find valid certification path to requested target`, func([]string, []string, int) LogCause {
		return LogCause{Cause: LogTLSError, Message: "PKIX path building failed: the server's certificate is not signed by a trusted authority"}
	}),
	// Spring Boot's report: the header line, with the Description below it.
	// The Description is read first (it is logged after the header); this
	// catches descriptions that no other signature knows.
	sig("java", `^APPLICATION FAILED TO START$`, func(_ []string, lines []string, i int) LogCause {
		desc := springDescription(lines, i)
		if desc == "" {
			return LogCause{}
		}
		return LogCause{Cause: LogStartupFailed, Message: desc}
	}),
}

// javaPortRE finds the port in Tomcat's and Netty's lines around a
// BindException: ProtocolHandler ["http-nio-8080"], Connector[HTTP/1.1-8080].
var javaPortRE = lazyregexp.New(`\["?https?-\w+-(\d+)"?\]|Connector\[HTTP/[\d.]+-(\d+)\]|(?:port|Port) (\d+)`)

// javaMemoryKind names the memory a JVM ran out of.
func javaMemoryKind(detail string) string {
	d := strings.ToLower(detail)
	switch {
	case strings.Contains(d, "java heap space"), strings.Contains(d, "gc overhead"), strings.Contains(d, "requested array size"):
		return "heap"
	case strings.Contains(d, "metaspace"), strings.Contains(d, "compressed class space"):
		return "metaspace"
	case strings.Contains(d, "direct buffer"):
		return "direct-memory"
	case strings.Contains(d, "native thread"):
		return "threads"
	}
	return "heap"
}

// springDescription joins the lines of the Description section after
// Spring Boot's APPLICATION FAILED TO START header.
func springDescription(lines []string, header int) string {
	var parts []string
	in := false
	for j := header + 1; j < len(lines) && j < header+30; j++ {
		l := strings.TrimSpace(lines[j])
		switch {
		case l == "Description:":
			in = true
		case l == "Action:":
			return strings.Join(parts, " ")
		case in && l != "" && !strings.HasPrefix(l, "***"):
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
