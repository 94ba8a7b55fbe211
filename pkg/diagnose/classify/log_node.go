package classify

import "github.com/poddoctor/poddoctor/internal/lazyregexp"

// nodeSignatures are Node.js's own errors (lib/internal/modules, libuv
// error codes as Node formats them, V8's fatal out-of-memory report).
var nodeSignatures = []logSignature{
	// V8 via node::OOMErrorHandler: "FATAL ERROR: Reached heap limit
	// Allocation failed - JavaScript heap out of memory" (also "Ineffective
	// mark-compacts near heap limit", "CALL_AND_RETRY_LAST").
	{family: "node", re: lazyregexp.New(`FATAL ERROR: (.*?)Allocation failed - JavaScript heap out of memory`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogOutOfMemory, Kind: "javascript-heap", Message: "JavaScript heap out of memory"}
		}},
	// CommonJS: "Error: Cannot find module 'express'" / '/app/dist/main.js';
	// ESM: "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/app/x.js' imported from ...",
	// "Cannot find package 'express' imported from /app/server.js".
	sig("node", `Cannot find (?:module|package) '([^']+)'`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogModuleNotFound, Module: m[1]}
	}),
	// "Error: listen EADDRINUSE: address already in use :::3000" (Node 10+)
	// and "Error: listen EADDRINUSE :::3000" (older).
	sig("node", `listen EADDRINUSE(?:: address already in use)? (\S+)`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		return LogCause{Cause: LogAddressInUse, Host: h, Port: p, Exception: "EADDRINUSE"}
	}),
	// "Error: listen EACCES: permission denied 0.0.0.0:80"
	sig("node", `listen EACCES(?:: permission denied)? (\S+)`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		return LogCause{Cause: LogPrivilegedPort, Host: h, Port: p, Exception: "EACCES"}
	}),
	// "Error: connect ECONNREFUSED 127.0.0.1:5432" (also inside
	// MongooseServerSelectionError and AggregateError messages).
	sig("node", `connect ECONNREFUSED (\S+)`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		return LogCause{Cause: LogConnectionRefused, Host: h, Port: p, Exception: "ECONNREFUSED"}
	}),
	// "Error: connect ETIMEDOUT 10.0.0.5:5432"
	sig("node", `connect ETIMEDOUT (\S+)`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		return LogCause{Cause: LogConnectionTimeout, Host: h, Port: p, Exception: "ETIMEDOUT"}
	}),
	// "Error: getaddrinfo ENOTFOUND db" / "getaddrinfo EAI_AGAIN redis"
	sig("node", `getaddrinfo (ENOTFOUND|EAI_AGAIN) (\S+)`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[2])
		return LogCause{Cause: LogHostNotFound, Host: h, Port: p, Exception: m[1]}
	}),
	// fs errors: "Error: ENOENT: no such file or directory, open '/app/config.json'"
	sig("node", `(ENOENT|EACCES|EROFS|EPERM): [^,]+, \w+ '([^']+)'`, func(m []string, _ []string, _ int) LogCause {
		cause := map[string]string{"ENOENT": LogFileNotFound, "EACCES": LogPermissionDenied, "EPERM": LogPermissionDenied, "EROFS": LogReadOnlyFilesystem}[m[1]]
		return LogCause{Cause: cause, Path: m[2], Exception: m[1]}
	}),
}
