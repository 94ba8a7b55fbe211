package classify

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// nginxSignatures are nginx's [emerg] messages (src/core/ngx_log.c writes
// "YYYY/MM/DD HH:MM:SS [emerg] PID#TID: text" to the error log and
// "nginx: [emerg] text" to stderr). nginx stops on [emerg]; its [error]
// and [warn] records are logged while it keeps serving and are noise.
var nginxSignatures = []logSignature{
	// ngx_http_upstream_round_robin / ngx_parse_url: host not found in upstream "backend:8080" in /etc/nginx/conf.d/default.conf:12
	sig("nginx", `\[emerg\] (?:\d+#\d+: )?host not found in (upstream|resolver) "([^"]+)"(?: in (\S+))?`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[2])
		return LogCause{Cause: LogHostNotFound, Host: h, Port: p, Path: m[3], Directive: m[1]}
	}),
	// ngx_open_listening_sockets: bind() to 0.0.0.0:80 failed (13: Permission denied) / (98: Address already in use)
	sig("nginx", `\[emerg\] (?:\d+#\d+: )?bind\(\) to (\S+) failed \((\d+): ([^)]*)\)`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		switch m[2] {
		case "13":
			return LogCause{Cause: LogPrivilegedPort, Host: h, Port: p}
		case "98":
			return LogCause{Cause: LogAddressInUse, Host: h, Port: p}
		}
		return LogCause{Cause: LogConfigError, Host: h, Port: p, Message: m[3]}
	}),
	// ngx_conf_file: unknown directive "proxy_passs" in /etc/nginx/conf.d/default.conf:9
	sig("nginx", `\[emerg\] (?:\d+#\d+: )?unknown directive "([^"]+)" in (\S+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogConfigError, Directive: m[1], Path: m[2], Message: `unknown directive "` + m[1] + `"`}
	}),
	// mkdir() "/var/cache/nginx/client_temp" failed (13: Permission denied);
	// open() "/run/nginx.pid" failed (13: Permission denied) / (30: Read-only file system) / (2: No such file or directory)
	sig("nginx", `\[(?:emerg|alert|crit)\] (?:\d+#\d+: )?(?:mkdir|open|chown)\(\) "([^"]+)" failed \((\d+): ([^)]*)\)`, func(m []string, _ []string, _ int) LogCause {
		cause := map[string]string{"2": LogFileNotFound, "13": LogPermissionDenied, "30": LogReadOnlyFilesystem}[m[2]]
		if cause == "" {
			cause = LogConfigError
		}
		return LogCause{Cause: cause, Path: m[1], Message: m[3]}
	}),
	// ngx_open_listening_sockets retries a bind that failed with EADDRINUSE
	// five times, then says only "still could not bind()".
	{family: "nginx", re: lazyregexp.New(`\[emerg\] (?:\d+#\d+: )?still could not bind\(\)`), wrapper: true, build: fixed(LogAddressInUse)},
	// Any other [emerg]: the configuration is wrong ("invalid number of arguments in ...").
	sig("nginx", `\[emerg\] (?:\d+#\d+: )?(.+?)(?: in (/\S+:\d+))?$`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogConfigError, Message: strings.TrimSpace(m[1]), Path: m[2]}
	}),
}
