package classify

import (
	"strconv"
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// Probe types, kinds and causes, the values of the ProbeFailure fields.
const (
	ProbeLiveness  = "liveness"
	ProbeReadiness = "readiness"
	ProbeStartup   = "startup"

	ProbeKindHTTP    = "http"
	ProbeKindTCP     = "tcp"
	ProbeKindExec    = "exec"
	ProbeKindGRPC    = "grpc"
	ProbeKindUnknown = "unknown"

	ProbeStatusCode        = "status-code"
	ProbeConnectionRefused = "connection-refused"
	ProbeConnectionReset   = "connection-reset"
	ProbeTimeout           = "timeout"
	ProbeNoRoute           = "no-route"
	ProbeCommandFailed     = "command-failed"
	ProbeCommandTimeout    = "command-timeout"
	ProbeNotServing        = "not-serving"
	ProbeUnimplemented     = "unimplemented"
	ProbeRestarted         = "restarted"
	ProbeOther             = "other"
)

// ProbeTypes, ProbeKinds and ProbeCauses list the values of the ProbeFailure
// fields of the same names.
var (
	ProbeTypes  = []string{ProbeLiveness, ProbeReadiness, ProbeStartup}
	ProbeKinds  = []string{ProbeKindHTTP, ProbeKindTCP, ProbeKindExec, ProbeKindGRPC, ProbeKindUnknown}
	ProbeCauses = []string{
		ProbeStatusCode, ProbeConnectionRefused, ProbeConnectionReset, ProbeTimeout, ProbeNoRoute,
		ProbeCommandFailed, ProbeCommandTimeout, ProbeNotServing, ProbeUnimplemented, ProbeRestarted, ProbeOther,
	}
)

// ProbeFailure is what an Unhealthy (or probe Killing) event says.
type ProbeFailure struct {
	// Probe is one of ProbeTypes.
	Probe string `json:"probe"`
	// Kind is one of ProbeKinds, told from the output's shape.
	Kind string `json:"kind"`
	// StatusCode is the HTTP status of an http probe that got an answer.
	StatusCode int `json:"statusCode,omitempty"`
	// Cause is one of ProbeCauses.
	Cause string `json:"cause"`
	// Target is the URL or host:port the probe tried.
	Target string `json:"target,omitempty"`
	// Errored is set for "probe errored" (the kubelet could not run the
	// probe, as opposed to the probe failing).
	Errored bool `json:"errored,omitempty"`
	// Output is what the kubelet reported after "probe failed: ".
	Output string `json:"output"`
}

var (
	// probeEventRE: kubelet prober, "%s probe failed: %s" and "%s probe
	// errored: %v"; the output may be empty or span lines.
	probeEventRE = lazyregexp.New(`(?s)^(Liveness|Readiness|Startup) probe (failed|errored)(?::\s?(.*))?$`)
	// probeKillRE: kubelet, "Container %s failed %s probe, will be restarted".
	probeKillRE    = lazyregexp.New(`^Container \S+ failed (liveness|startup) probe, will be restarted`)
	httpStatusRE   = lazyregexp.New(`HTTP probe failed with statuscode: (\d+)`)
	httpGetRE      = lazyregexp.New(`^Get "?(https?://[^\s"]+)"?: `)
	dialTargetRE   = lazyregexp.New(`dial tcp ([^\s:]+:\d+|\[[^\]]+\]:\d+)`)
	grpcTargetRE   = lazyregexp.New(`service (?:at )?(` + quotedRE + `)`)
	execTimeoutRE  = lazyregexp.New(`^command (` + quotedRE + `) timed out`)
	grpcOutputRE   = lazyregexp.New(`^(?:timeout: failed to connect service|error: failed to connect service|error: this server does not implement the grpc health protocol|timeout: health rpc did not complete|error: health rpc probe failed|service unhealthy \(responded with)`)
	probeTypeNames = map[string]string{"Liveness": ProbeLiveness, "Readiness": ProbeReadiness, "Startup": ProbeStartup}
)

// ClassifyProbeMessage classifies the message of an Unhealthy event, and of
// the kubelet's Killing event for a failed liveness or startup probe. It
// reports false for any other message.
func ClassifyProbeMessage(message string) (ProbeFailure, bool) {
	msg := normalize(message)
	if m := probeKillRE.FindStringSubmatch(msg); m != nil {
		return ProbeFailure{Probe: m[1], Kind: ProbeKindUnknown, Cause: ProbeRestarted, Output: msg}, true
	}
	m := probeEventRE.FindStringSubmatch(msg)
	if m == nil {
		return ProbeFailure{}, false
	}
	p := ProbeFailure{Probe: probeTypeNames[m[1]], Errored: m[2] == "errored", Output: strings.TrimSpace(m[3])}
	out := p.Output
	lower := strings.ToLower(out)

	switch {
	case httpStatusRE.MatchString(out):
		p.Kind, p.Cause = ProbeKindHTTP, ProbeStatusCode
		p.StatusCode, _ = strconv.Atoi(httpStatusRE.FindStringSubmatch(out)[1])
		return p, true
	case httpGetRE.MatchString(out):
		p.Kind = ProbeKindHTTP
		p.Target = httpGetRE.FindStringSubmatch(out)[1]
	case grpcOutputRE.MatchString(out):
		p.Kind = ProbeKindGRPC
		p.Target, _ = submatch(grpcTargetRE, out)
	case strings.HasPrefix(out, "dial tcp ") || strings.HasPrefix(out, "dial tcp4 ") || strings.HasPrefix(out, "dial tcp6 "):
		p.Kind = ProbeKindTCP
	case execTimeoutRE.MatchString(out):
		p.Kind, p.Cause = ProbeKindExec, ProbeCommandTimeout
		return p, true
	case p.Errored:
		// The kubelet errors on exec probes it cannot run in the container
		// (runtime exec failures); other kinds have no errored path worth
		// naming.
		p.Kind = ProbeKindUnknown
		if containsAny(lower, "exec", "container not running", "container is not created or running") {
			p.Kind = ProbeKindExec
		}
	default:
		// Anything else is the output of the probe command itself (possibly
		// empty: a non-zero exit without output).
		p.Kind, p.Cause = ProbeKindExec, ProbeCommandFailed
		return p, true
	}

	if p.Target == "" && p.Kind != ProbeKindGRPC {
		if t, ok := submatch(dialTargetRE, out); ok {
			p.Target = t
		}
	}
	p.Cause = probeNetworkCause(lower, p.Kind)
	return p, true
}

// probeNetworkCause names the network failure of an http, tcp or grpc probe.
func probeNetworkCause(lower, kind string) string {
	switch {
	case strings.Contains(lower, "connection refused"):
		return ProbeConnectionRefused
	case containsAny(lower, "connection reset by peer", ": eof"):
		return ProbeConnectionReset
	case containsAny(lower, "i/o timeout", "deadline exceeded", "timeout", "timed out"):
		return ProbeTimeout
	case containsAny(lower, "no route to host", "network is unreachable", "host is unreachable"):
		return ProbeNoRoute
	case strings.Contains(lower, "service unhealthy"):
		return ProbeNotServing
	case strings.Contains(lower, "does not implement the grpc health protocol"):
		return ProbeUnimplemented
	}
	return ProbeOther
}
