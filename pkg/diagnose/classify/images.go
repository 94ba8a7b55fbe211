package classify

import (
	"net/url"
	"strings"

	"github.com/distribution/reference"
	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// Causes of an image pull failure, the values of PullFailure.Cause.
const (
	PullNotFound         = "not-found"
	PullUnauthorized     = "unauthorized"
	PullRateLimited      = "rate-limited"
	PullUnreachable      = "unreachable"
	PullTLS              = "tls"
	PullPlatformMismatch = "platform-mismatch"
	PullInvalidName      = "invalid-name"
	PullNeverPull        = "never-pull"
	PullBackOff          = "back-off"
	PullUnknown          = "unknown"
)

// PullCauses lists every value PullFailure.Cause can take.
var PullCauses = []string{
	PullNotFound, PullUnauthorized, PullRateLimited, PullUnreachable, PullTLS,
	PullPlatformMismatch, PullInvalidName, PullNeverPull, PullBackOff, PullUnknown,
}

// PullFailure is what an image pull event or waiting message says went wrong.
type PullFailure struct {
	// Cause is one of PullCauses.
	Cause string `json:"cause"`
	// Image is the image the message names, as the pod spec wrote it when the
	// kubelet quotes it, else as the runtime normalized it.
	Image string `json:"image"`
	// Registry is the registry host of Image ("docker.io" for short names),
	// or the host the runtime tried to reach when no image is named.
	Registry string `json:"registry,omitempty"`
	// Detail is the innermost useful text of the runtime, wrappers removed.
	Detail string `json:"detail"`
	// MaybeAuth is set with Cause "not-found" when the registry's answer is
	// the same for a missing repository and for one that needs credentials
	// (Docker Hub's "pull access denied", "insufficient_scope", "requested
	// access to the resource is denied", an anonymous token refused).
	MaybeAuth bool `json:"maybeAuth,omitempty"`
	// Anonymous is set with Cause "unauthorized" when the runtime pulled
	// without credentials and the registry's token endpoint refused it
	// ("failed to fetch anonymous token: ... 401 Unauthorized"): such a
	// registry gives the same answer for a private repository and for one
	// that does not exist.
	Anonymous bool `json:"anonymous,omitempty"`
	// BackOff is set when the message is the kubelet's back-off notice.
	// Kubelet 1.32+ appends the last pull error to it, and Cause then says
	// what that error was; before, Cause is "back-off".
	BackOff bool `json:"backOff,omitempty"`
}

// pullLayers are the wrappers put around a pull error by the kubelet, the CRI
// gRPC layer, dockershim, containerd and containers/image (CRI-O), outermost
// first. Only the text after them is kept as Detail.
var pullLayers = []*lazyregexp.Regexp{
	prefixRE(`Error: `),
	prefixRE(`Failed to pull image ` + quotedRE + `: `),
	prefixRE(`Back-off pulling image ` + quotedRE + `: `),
	prefixRE(`(?:ErrImagePull|ImagePullBackOff|RegistryUnavailable|SignatureValidationFailed): `),
	prefixRE(`image pull failed for \S+ because the registry is unavailable: `),
	rpcLayer,
	prefixRE(`Error response from daemon: `),
	prefixRE(`failed to pull and unpack image ` + quotedRE + `: `),
	prefixRE(`failed to pull image ` + quotedRE + `: `),
	prefixRE(`failed to resolve reference ` + quotedRE + `: `),
	prefixRE(`failed to resolve image: `),
	prefixRE(`failed to copy: `),
	prefixRE(`httpReade?r?Seeker: failed open: `),
	prefixRE(`failed to do request: `),
	prefixRE(`(?:Head|Get|GET|HEAD) "?https?://[^\s"]*"?: `),
	prefixRE(`(?:Error )?initializing source \S+: `),
	prefixRE(`(?:Error: )?unable to pull \S+: `),
	prefixRE(`unable to pull image: `),
	prefixRE(`error pulling image ` + quotedRE + `: `),
	prefixRE(`(?:pinging container registry|[Ee]rror pinging docker registry) [^\s:]+(?::\d+)?: `),
	prefixRE(`Failed to apply default image tag ` + quotedRE + `: `),
	prefixRE(`couldn't parse image (?:reference|name) ` + quotedRE + `: `),
}

// pullImageNames find the image a message is about, the kubelet's quoting
// (the image as written in the pod spec) first.
var pullImageNames = []*lazyregexp.Regexp{
	lazyregexp.New(`Failed to pull image (` + quotedRE + `)`),
	lazyregexp.New(`Back-off pulling image (` + quotedRE + `)`),
	lazyregexp.New(`Container image (` + quotedRE + `) is not present`),
	lazyregexp.New(`Failed to apply default image tag (` + quotedRE + `)`),
	lazyregexp.New(`couldn't parse image (?:reference|name) (` + quotedRE + `)`),
	lazyregexp.New(`image pull failed for (\S+) because`),
	lazyregexp.New(`failed to pull and unpack image (` + quotedRE + `)`),
	lazyregexp.New(`failed to resolve reference (` + quotedRE + `)`),
	lazyregexp.New(`failed to pull image (` + quotedRE + `)`),
	lazyregexp.New(`initializing source docker://(\S+): `),
	lazyregexp.New(`manifest for (\S+) not found`),
	lazyregexp.New(`pull access denied for ([^,\s]+),`),
	lazyregexp.New(`[Ee]rror: image (\S+) not found`),
}

// readingManifestRE is containers/image (CRI-O, podman): "reading manifest
// TAG in REPO: ...".
var readingManifestRE = lazyregexp.New(`reading manifest (\S+) in ([^\s:]+(?::\d+)?[^\s:]*):`)

// pullHostREs find the registry host a runtime tried when no image is named.
var pullHostREs = []*lazyregexp.Regexp{
	lazyregexp.New(`https?://([^/\s"]+)`),
	lazyregexp.New(`pinging container registry ([^\s:]+(?::\d+)?)`),
	lazyregexp.New(`pulling from host (\S+) failed`),
	lazyregexp.New(`lookup ([^\s:]+)`),
}

// ClassifyPullMessage classifies an image pull failure. reason is the event
// reason (Failed, BackOff, ErrImageNeverPull, InspectFailed) or the container's
// waiting reason (ErrImagePull, ImagePullBackOff, ErrImageNeverPull,
// InvalidImageName); message is the event message or the waiting message.
func ClassifyPullMessage(reason, message string) PullFailure {
	msg := normalize(message)
	f := PullFailure{Image: pullImage(msg)}
	f.Registry = pullRegistry(f.Image, msg)

	inner := peel(msg, pullLayers)
	if strings.HasPrefix(inner, "[") && strings.HasSuffix(inner, "]") {
		// The kubelet tries each pull secret and aggregates the errors as
		// "[err1, err2]"; the first one is as good a detail as any.
		inner = peel(inner[1:len(inner)-1], pullLayers)
	}
	f.Detail = detailOr(trimRegistryEcho(inner), message)

	lower := strings.ToLower(msg)
	f.BackOff = reason == "ImagePullBackOff" || reason == "BackOff" ||
		strings.HasPrefix(msg, "Back-off pulling image") || msg == "Error: ImagePullBackOff"
	f.Cause, f.MaybeAuth = pullCause(reason, lower)
	f.Anonymous = f.Cause == PullUnauthorized && strings.Contains(lower, "anonymous token")
	if f.Cause == PullUnknown && f.BackOff {
		f.Cause = PullBackOff
	}
	return f
}

// pullCause decides the cause from the lower-cased message. The order of the
// checks matters: several messages carry words of more than one cause.
func pullCause(reason, lower string) (cause string, maybeAuth bool) {
	switch {
	case reason == "ErrImageNeverPull" || strings.Contains(lower, "pull policy of never"):
		return PullNeverPull, false
	case reason == "InvalidImageName" || containsAny(lower,
		"failed to apply default image tag", "couldn't parse image", "invalid reference format"):
		return PullInvalidName, false
	case containsAny(lower, "toomanyrequests", "too many requests", "rate limit", "rate exceeded"):
		return PullRateLimited, false
	// "no match for platform in manifest: not found" must not read as not-found.
	case containsAny(lower, "no match for platform", "no matching manifest for",
		"no image found in manifest list", "does not match the specified platform"):
		return PullPlatformMismatch, false
	// "net/http: TLS handshake timeout" is a network problem, not trust.
	case containsAny(lower, "x509:", "tls: failed to verify", "certificate signed by unknown authority",
		"certificate has expired", "certificate is not valid", "server gave http response to https client",
		"first record does not look like a tls handshake", "remote error: tls", "tls: handshake failure"):
		return PullTLS, false
	// Credentials were demanded and none were sent, or the registry says
	// plainly that it wants them: credentials come before "not found", even
	// when the same text also carries Docker Hub's ambiguous denial
	// (CRI-O lists both: "denied: ...; unauthorized: authentication required").
	case containsAny(lower, "no basic auth credentials", "authentication required", "401 unauthorized"):
		return PullUnauthorized, false
	// The token endpoint refused an anonymous pull (containerd's docker
	// resolver, GHCR, Harbor, ACR): the registry said so, so this is read as
	// credentials first; Anonymous says it may also be a missing repository.
	case strings.Contains(lower, "anonymous token") && containsAny(lower, "401 unauthorized", "403 forbidden",
		"status: 401", "status: 403", "denied"):
		return PullUnauthorized, false
	// Docker Hub answers a missing repository exactly like a private one.
	case containsAny(lower, "pull access denied", "insufficient_scope",
		"requested access to the resource is denied", "repository does not exist",
		"no pull access"):
		return PullNotFound, true
	case containsAny(lower, "401 unauthorized", "403 forbidden", "unauthorized", "authentication required",
		"authorization failed", "incorrect username or password", "access forbidden", "denied: ",
		"forbidden"):
		return PullUnauthorized, false
	case containsAny(lower, "manifest unknown", "name unknown", "404 not found", ": not found",
		"not found: ", " not found"):
		return PullNotFound, false
	case containsAny(lower, "no such host", "connection refused", "i/o timeout", "no route to host",
		"network is unreachable", "connection reset by peer", "tls handshake timeout",
		"context deadline exceeded", "timeout exceeded", "temporary failure in name resolution",
		"server misbehaving", "lookup ", "registry is unavailable", "service unavailable",
		"bad gateway", "gateway timeout", "code = deadlineexceeded", "code = unavailable",
		"dial tcp", "unexpected eof", ": eof"):
		return PullUnreachable, false
	}
	return PullUnknown, false
}

// pullImage returns the image a pull message names.
func pullImage(msg string) string {
	if img := firstSubmatch(msg, pullImageNames...); img != "" {
		return img
	}
	if m := readingManifestRE.FindStringSubmatch(msg); m != nil {
		if strings.Contains(m[1], ":") { // a digest: sha256:...
			return m[2] + "@" + m[1]
		}
		return m[2] + ":" + m[1]
	}
	return ""
}

// pullRegistry returns the registry of image, or else the host the message
// shows the runtime talking to.
func pullRegistry(image, msg string) string {
	if image != "" {
		if named, err := reference.ParseNormalizedNamed(image); err == nil && reference.Domain(named) != "" {
			return reference.Domain(named)
		}
		if d := looseDomain(image); d != "" {
			return d
		}
	}
	for _, re := range pullHostREs {
		if h, ok := submatch(re, msg); ok && h != "" {
			if u, err := url.Parse("https://" + h); err == nil && u.Host != "" {
				return u.Host
			}
			return h
		}
	}
	return ""
}

// looseDomain applies the docker rule for the registry of a name that does not
// parse (upper case, stray characters): the first path component is a registry
// when it looks like a host, else the image is on Docker Hub.
func looseDomain(image string) string {
	image = strings.TrimSpace(image)
	if image == "" {
		return ""
	}
	first, _, found := strings.Cut(image, "/")
	if found && (strings.ContainsAny(first, ".:") || first == "localhost") {
		return strings.ToLower(first)
	}
	return "docker.io"
}

// trimRegistryEcho drops the registry's own error code that dockerd repeats
// after its sentence ("...may require 'docker login': denied: requested access
// to the resource is denied"), which adds nothing.
func trimRegistryEcho(s string) string {
	const marker = "'docker login'"
	if i := strings.Index(s, marker); i >= 0 {
		return s[:i+len(marker)]
	}
	return s
}
