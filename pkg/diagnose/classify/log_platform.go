package classify

import "regexp"

// platformSignatures are what the kernel's errors look like through the
// C library, coreutils, busybox, shells and Go's os package: a binary for
// another CPU, a file that is missing, unwritable or on a read-only mount.
var platformSignatures = []logSignature{
	// Go os/exec and runc: "exec /app/server: exec format error";
	// runc before 1.1: "standard_init_linux.go:228: exec user process caused: exec format error".
	{family: "platform", re: regexp.MustCompile(`(?:exec (\S+): )?exec format error`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogExecFormat, Path: m[1]}
		}},
	// coreutils, busybox and Go: "touch: cannot touch '/app/x': Read-only file system",
	// "can't create '/x': Read-only file system", "open /x: read-only file system".
	sig("platform", `(?:'([^']+)'|"([^"]+)"|(?:open|mkdir|create|remove) (/\S+)): [Rr]ead-only file system`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogReadOnlyFilesystem, Path: m[1] + m[2] + m[3]}
	}),
	sig("platform", `[Rr]ead-only file system`, fixed(LogReadOnlyFilesystem)),
	// busybox: "cat: can't open '/data/ready.txt': No such file or directory";
	// coreutils: "cat: /x: No such file or directory", "cannot access '/x': ...";
	// Go: "open /etc/app/config.yaml: no such file or directory".
	sig("platform", `(?:can't open|cannot open|cannot access|cannot stat|can't read|cannot read) '([^']+)'(?: for reading)?: No such file or directory|(?:open|stat|read|lstat) (/\S+): no such file or directory|^(?:\S+: )?(/\S+): No such file or directory$`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogFileNotFound, Path: m[1] + m[2] + m[3]}
	}),
	// The same for permissions.
	sig("platform", `(?:can't open|cannot open|cannot access|can't create|cannot create directory|cannot touch|can't read|cannot read) '([^']+)'(?: for reading)?: Permission denied|(?:open|stat|mkdir|create) (/\S+): permission denied|^(?:\S+: )?(?:line \d+: )?(/\S+): Permission denied$`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogPermissionDenied, Path: m[1] + m[2] + m[3]}
	}),
	// busybox httpd/nc and other C servers: "httpd: bind: Address already in use"
	// (glibc's strerror; musl says "Address in use").
	sig("platform", `bind: Address (?:already )?in use`, fixed(LogAddressInUse)),
}
