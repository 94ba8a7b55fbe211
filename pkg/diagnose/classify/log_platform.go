package classify

import "github.com/poddoctor/poddoctor/internal/lazyregexp"

// anyPortREs find a port in a server's own wording, the surest first:
// address '9000', port 8080, 0.0.0.0:8080 or a bare :8080.
var anyPortREs = []*lazyregexp.Regexp{
	lazyregexp.New(`address '(?:[^':]*:)?([1-9]\d{0,4})'`),
	lazyregexp.New(`[Pp]ort:? ([1-9]\d{0,4})\b`),
	lazyregexp.New(`(?:^|[\s*(\[])(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]*\]|localhost)?:([1-9]\d{0,4})\b`),
}

// platformSignatures are what the kernel's errors look like through the
// C library, coreutils, busybox, shells and Go's os package: a binary for
// another CPU, a file that is missing, unwritable or on a read-only mount.
var platformSignatures = []logSignature{
	// Go os/exec and runc: "exec /app/server: exec format error";
	// runc before 1.1: "standard_init_linux.go:228: exec user process caused: exec format error".
	{family: "platform", re: lazyregexp.New(`(?:exec (\S+): )?exec format error`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogExecFormat, Path: m[1]}
		}},
	// runc (and the Go exec it wraps) when the program's interpreter is
	// missing: a #!/bin/bash script in an image without bash, or a script
	// saved with Windows line ends ("#!/bin/sh\r"): "exec /docker-entrypoint.sh: no such file or directory".
	{family: "platform", re: lazyregexp.New(`^exec (/\S+): no such file or directory$|exec user process caused:? "?no such file or directory`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogFileNotFound, Path: m[1], Kind: "interpreter"}
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
	sig("platform", `(?:can't open|cannot open|cannot access|can't create|cannot create directory|cannot touch|can't read|cannot read) '([^']+)'(?: for reading)?: Permission denied|(?:open|stat|mkdir|create) (/\S+): permission denied|^(?:\S+: )?(?:line \d+: )?(/\S+): Permission denied$|"(/[^"]+)": Permission denied`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogPermissionDenied, Path: m[1] + m[2] + m[3] + m[4]}
	}),
	// busybox httpd/nc and other C servers: "httpd: bind: Address already in use"
	// (glibc's strerror; musl says "Address in use").
	sig("platform", `bind: Address (?:already )?in use`, fixed(LogAddressInUse)),
	// Other servers that say it in their own words, with the port:
	// php-fpm "unable to bind listening socket for address '9000': Address already in use (98)".
	sig("platform", `(?i)address already in use`, func(_ []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogAddressInUse}
		line := maskTimes(lines[i])
		for _, re := range anyPortREs {
			if a := re.FindStringSubmatch(line); a != nil {
				c.Port = atoi(a[1])
				break
			}
		}
		return c
	}),
}
