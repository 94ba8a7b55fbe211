package classify

import (
	"fmt"
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// ExitCode explains a container's exit code.
type ExitCode struct {
	Code int32 `json:"code"`
	// Signal is the signal name for codes 129-192 (128 + signal number), as
	// the shell and container runtimes report a death by signal.
	Signal string `json:"signal,omitempty"`
	// Meaning is one short phrase.
	Meaning string `json:"meaning"`
}

// signalNames are the Linux signal names by number.
var signalNames = map[int32]string{
	1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT",
	7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2",
	13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD",
	18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG",
	24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH",
	29: "SIGIO", 30: "SIGPWR", 31: "SIGSYS",
}

// signalMeanings say what a death by the common signals usually means in a pod.
var signalMeanings = map[int32]string{
	1:  "hung up: the controlling terminal or parent went away",
	2:  "interrupted (SIGINT)",
	3:  "quit with a core dump (SIGQUIT)",
	4:  "illegal instruction: binary built for a newer CPU",
	5:  "trace or breakpoint trap",
	6:  "aborted: assertion failure or abort()",
	7:  "bus error: bad memory access, often a truncated mapped file",
	8:  "arithmetic error such as division by zero",
	9:  "killed: out of memory or by kubelet after grace period",
	11: "segmentation fault",
	13: "broken pipe: wrote to a closed pipe or socket",
	14: "alarm timer expired",
	15: "terminated: asked to stop (SIGTERM)",
	24: "CPU time limit exceeded",
	25: "file size limit exceeded",
	31: "bad system call: blocked by seccomp",
}

// ExplainExitCode explains a container exit code as the shell and the
// container runtimes use them: 126/127 from the shell, 128 from containerd
// when the process could not start, 128+n for a death by signal n.
func ExplainExitCode(code int32) ExitCode {
	e := ExitCode{Code: code}
	switch {
	case code == 0:
		e.Meaning = "completed successfully"
	case code == 1:
		e.Meaning = "application error"
	case code == 2:
		e.Meaning = "misuse of a shell builtin or bad arguments"
	case code == 126:
		e.Meaning = "command found but not executable"
	case code == 127:
		e.Meaning = "command not found"
	case code == 128:
		e.Meaning = "process could not be started by the runtime"
	case code == 255:
		e.Meaning = "exit status out of range, often exit(-1)"
	case code > 128 && code <= 128+64:
		n := code - 128
		e.Signal = signalName(n)
		if m, ok := signalMeanings[n]; ok {
			e.Meaning = m
		} else {
			e.Meaning = "killed by signal " + e.Signal
		}
	case code > 2 && code < 126:
		e.Meaning = "application-defined error"
	case code > 192 && code < 255:
		e.Meaning = "application-defined error"
	case code < 0:
		// Windows NTSTATUS codes such as 0xC0000005 arrive as negative int32.
		e.Meaning = fmt.Sprintf("runtime or Windows status 0x%08X", uint32(code))
	default:
		e.Meaning = "runtime-specific status"
	}
	return e
}

// signalName names signal n, real-time signals included.
func signalName(n int32) string {
	if s, ok := signalNames[n]; ok {
		return s
	}
	if n >= 34 && n <= 64 {
		return fmt.Sprintf("SIGRTMIN+%d", n-34)
	}
	return fmt.Sprintf("SIG%d", n)
}

// Causes of a container that could not be created or started, the values of
// ContainerError.Cause.
const (
	ContainerCommandNotFound  = "command-not-found"
	ContainerPermissionDenied = "permission-denied"
	ContainerMissingConfigMap = "missing-configmap"
	ContainerMissingSecret    = "missing-secret"
	ContainerMissingConfigKey = "missing-config-key"
	ContainerExecFormat       = "exec-format"
	ContainerNoSuchFile       = "no-such-file"
	ContainerRunAsNonRoot     = "run-as-non-root"
	ContainerOther            = "other"
)

// ContainerCauses lists every value ContainerError.Cause can take.
var ContainerCauses = []string{
	ContainerCommandNotFound, ContainerPermissionDenied, ContainerMissingConfigMap,
	ContainerMissingSecret, ContainerMissingConfigKey, ContainerExecFormat,
	ContainerNoSuchFile, ContainerRunAsNonRoot, ContainerOther,
}

// ContainerError is what a container creation or start failure says.
type ContainerError struct {
	// Cause is one of ContainerCauses.
	Cause string `json:"cause"`
	// Object is the ConfigMap or Secret the message names.
	Object string `json:"object,omitempty"`
	// ObjectKind is "ConfigMap" or "Secret" when Object is set.
	ObjectKind string `json:"objectKind,omitempty"`
	// Key is the missing key of a ConfigMap or Secret.
	Key string `json:"key,omitempty"`
	// Command is the executable the runtime tried to run, exactly as written
	// (a stray leading space is the bug more often than one would think).
	Command string `json:"command,omitempty"`
	// Detail is the runtime's innermost text, wrappers removed.
	Detail string `json:"detail"`
}

// containerLayers are the wrappers around a container start error: the
// kubelet's "Error: ", the gRPC status, dockerd, containerd's task creation,
// runc's and CRI-O's prefixes, outermost first.
var containerLayers = []*lazyregexp.Regexp{
	prefixRE(`Error: `),
	rpcLayer,
	prefixRE(`Error response from daemon: `),
	prefixRE(`failed to (?:start|create) container ` + quotedRE + `: `),
	prefixRE(`failed to create containerd task: `),
	prefixRE(`failed to create task for container: `),
	prefixRE(`failed to create shim(?: task)?: `),
	prefixRE(`failed to start containerd task ` + quotedRE + `: `),
	prefixRE(`OCI runtime (?:create|start|exec) failed: `),
	prefixRE(`oci runtime error: `),
	prefixRE(`container create failed: `),
	prefixRE(`time="[^"]*" level=\w+ msg=`),
	prefixRE(`Container creation error: `),
	prefixRE(`runc create failed: `),
	prefixRE(`unable to start container process: `),
	prefixRE(`error during container init: `),
	prefixRE(`container_linux\.go:\d+: `),
	prefixRE(`starting container process caused:? `),
	prefixRE(`process_linux\.go:\d+: `),
	prefixRE(`container init caused:? `),
	prefixRE(`standard_init_linux\.go:\d+: `),
	prefixRE(`exec user process caused:? `),
	prefixRE(`crun: `),
}

var (
	// configMapNotFoundRE: kubelet's configmap manager, `configmap "x" not
	// found`; API errors before the manager (1.9 and older) used the plural.
	configMapNotFoundRE = lazyregexp.New(`configmaps? (` + quotedRE + `) not found`)
	secretNotFoundRE    = lazyregexp.New(`secrets? (` + quotedRE + `) not found`)
	// missingKeyRE: kubelet makeEnvironmentVariables, "couldn't find key %v in
	// ConfigMap %v/%v" (capitalized "Couldn't" before 1.8).
	missingKeyRE = lazyregexp.New(`[Cc]ouldn't find key (\S+) in (ConfigMap|Secret) ([^/\s]+)/(\S+)`)
	// execCommandREs find the command runc, crun or Go's os/exec name. The
	// quotes may arrive escaped once or twice by the wrappers around them.
	execCommandREs = []*lazyregexp.Regexp{
		lazyregexp.New(`exec: \\*"(.*?)\\*": `),
		lazyregexp.New("executable file `([^`]*)` not found"),
		lazyregexp.New(`exec (/\S+|\./\S+): `),
	}
)

// ClassifyContainerError classifies why a container could not be created or
// started. reason is the waiting or terminated reason (CreateContainerConfigError,
// CreateContainerError, RunContainerError, StartError, ContainerCannotRun) or
// the event reason (Failed); message is the status or event message.
func ClassifyContainerError(reason, message string) ContainerError {
	msg := normalize(message)
	inner := peelContainer(msg)
	e := ContainerError{Detail: detailOr(inner, message)}
	lower := strings.ToLower(msg)

	if m := missingKeyRE.FindStringSubmatch(msg); m != nil {
		e.Cause, e.Key, e.ObjectKind, e.Object = ContainerMissingConfigKey, m[1], m[2], m[4]
		return e
	}
	if name, ok := submatch(configMapNotFoundRE, msg); ok && name != "" {
		e.Cause, e.Object, e.ObjectKind = ContainerMissingConfigMap, name, "ConfigMap"
		return e
	}
	if name, ok := submatch(secretNotFoundRE, msg); ok && name != "" {
		e.Cause, e.Object, e.ObjectKind = ContainerMissingSecret, name, "Secret"
		return e
	}
	if strings.Contains(lower, "runasnonroot") {
		e.Cause = ContainerRunAsNonRoot
		return e
	}

	e.Command = firstSubmatch(unescape(unescape(msg)), execCommandREs...)
	switch {
	case containsAny(lower, "exec format error"):
		e.Cause = ContainerExecFormat
	case containsAny(lower, "executable file not found", "not found in $path", "no such file or directory") &&
		(containsAny(lower, "executable file") || (e.Command != "" && strings.Contains(lower, "stat "))):
		// runc resolves the command with LookPath first: a missing command
		// reads "exec: "x": executable file not found in $PATH" or, for a
		// path, "exec: "/x": stat /x: no such file or directory".
		e.Cause = ContainerCommandNotFound
	case strings.Contains(lower, "permission denied"):
		e.Cause = ContainerPermissionDenied
	case strings.Contains(lower, "no such file or directory"):
		// execve itself failing with ENOENT means the interpreter of a script
		// (#!/bin/bash in an alpine image) or the dynamic loader is missing;
		// other ENOENTs are mount sources or working directories.
		e.Cause = ContainerNoSuchFile
	default:
		e.Cause = ContainerOther
		e.Command = ""
	}
	return e
}

// peelContainer strips the wrappers around a container error, unquoting the
// msg="..." of CRI-O's runc log line and the old "caused \"...\"" form of runc.
func peelContainer(msg string) string {
	s := msg
	for {
		before := s
		s = peel(s, containerLayers)
		if strings.HasPrefix(s, `"`) {
			if end := closingQuote(s); end > 0 {
				s = unquote(s[:end+1]) + s[end+1:]
			}
		}
		s = strings.TrimSuffix(strings.TrimSpace(s), ": unknown")
		s = strings.TrimSpace(strings.TrimSuffix(s, `\n`))
		if s == before {
			return s
		}
	}
}

// closingQuote returns the index of the quote that closes the one at s[0].
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
