package classify

import "github.com/poddoctor/poddoctor/internal/lazyregexp"

// pythonSignatures are CPython's own exception messages (Python/import.c,
// Objects/exceptions.c, Lib/os.py) and those of the servers that run
// Python web apps (gunicorn's arbiter, uvicorn).
var pythonSignatures = []logSignature{
	// CPython 3.6+: ModuleNotFoundError: No module named 'flask'
	// (also 'app.settings' for a dotted name, and a trailing "; 'x' is not a package").
	sig("python", `ModuleNotFoundError: No module named '([^']+)'`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogModuleNotFound, Module: m[1], Exception: "ModuleNotFoundError"}
	}),
	// Python 2 and 3.3-3.5: ImportError: No module named flask / 'flask'.
	sig("python", `ImportError: No module named '?([\w.]+)'?`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogModuleNotFound, Module: m[1], Exception: "ImportError"}
	}),
	// ImportError: cannot import name 'soft_unicode' from 'markupsafe' (/usr/...)
	sig("python", `ImportError: cannot import name '?([\w.]+)'?(?: from '([\w.]+)')?`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogImportError, Module: m[2], Message: "cannot import name " + m[1], Exception: "ImportError"}
	}),
	// os.environ['DATABASE_URL'] raises KeyError from os.py's __getitem__.
	sig("python", `^KeyError: '([^']+)'$`, func(m []string, lines []string, i int) LogCause {
		if near(lines, i, -4, -1, environFrameRE) == nil {
			return LogCause{}
		}
		return LogCause{Cause: LogMissingEnvVar, Variable: m[1], Exception: "KeyError"}
	}),
	// PermissionError: [Errno 13] Permission denied: '/data/app.db'
	sig("python", `PermissionError: \[Errno 13\] Permission denied: '([^']*)'`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogPermissionDenied, Path: m[1], Exception: "PermissionError"}
	}),
	// OSError: [Errno 30] Read-only file system: '/app/cache'
	sig("python", `(?:OSError|IOError): \[Errno 30\] Read-only file system: '([^']*)'`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogReadOnlyFilesystem, Path: m[1], Exception: "OSError"}
	}),
	// FileNotFoundError: [Errno 2] No such file or directory: '/etc/app/config.yaml'
	sig("python", `(?:FileNotFoundError|IOError): \[Errno 2\] No such file or directory: '([^']*)'`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogFileNotFound, Path: m[1], Exception: "FileNotFoundError"}
	}),
	// uvicorn: ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use
	sig("python", `\[Errno 98\] error while attempting to bind on address \('([^']*)', (\d+)\)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogAddressInUse, Host: m[1], Port: atoi(m[2])}
	}),
	// socket.bind: OSError: [Errno 98] Address already in use
	sig("python", `OSError: \[Errno 98\] Address already in use`, fixed(LogAddressInUse)),
	// gunicorn sock.create_sockets: "Connection in use: ('0.0.0.0', 8000)"
	// then, after its retries, "Can't connect to ('0.0.0.0', 8000)".
	sig("python", `Can't connect to \('([^']*)', (\d+)\)`, func(m []string, lines []string, i int) LogCause {
		if near(lines, i, -12, -1, gunicornInUseRE) == nil {
			return LogCause{}
		}
		return LogCause{Cause: LogAddressInUse, Host: m[1], Port: atoi(m[2])}
	}),
	sig("python", `\[ERROR\] Connection in use: \('([^']*)', (\d+)\)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogAddressInUse, Host: m[1], Port: atoi(m[2])}
	}),
	// gunicorn arbiter: "[INFO] Reason: Worker failed to boot." and the
	// HaltServer traceback; the worker's own exception is logged before.
	{family: "python", re: lazyregexp.New(`Reason: Worker failed to boot\.|HaltServer 'Worker failed to boot\.'`), anyLevel: true, wrapper: true,
		build: func([]string, []string, int) LogCause {
			return LogCause{Cause: LogStartupFailed, Message: "gunicorn: Worker failed to boot."}
		}},
}

var (
	// environFrameRE is the frame os.environ[...] raises from: os.py's
	// __getitem__ (3.11+ prints "<frozen os>"), or the line that reads it.
	environFrameRE  = lazyregexp.New(`os\.py", line \d+, in __getitem__|File "<frozen os>", line \d+, in __getitem__|environ\[`)
	gunicornInUseRE = lazyregexp.New(`Connection in use: `)
)
