// Package imageref parses container image references and suggests
// corrections for misspelled images.
//
// Parsing follows the Docker conventions implemented by
// github.com/distribution/reference: "nginx" means
// "docker.io/library/nginx:latest". Suggestions compare an image against an
// embedded catalog of well-known images plus names the caller knows about;
// see [Suggester].
package imageref

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/distribution/reference"
)

const (
	// dockerHubDomain is the domain the reference library gives Docker Hub
	// images, whether the user wrote it, wrote "index.docker.io" or no domain.
	dockerHubDomain = "docker.io"
	// officialPrefix is the Docker Hub namespace of official images.
	officialPrefix = "library/"
	// latestTag is the tag a runtime pulls when none is written.
	latestTag = "latest"
)

// Ref is a parsed image reference. Domain and Path are normalized: an image
// written "nginx" has Domain "docker.io" and Path "library/nginx". Tag and
// Digest are kept exactly as written and are empty when absent.
type Ref struct {
	Original string // as written
	Domain   string // "docker.io", "ghcr.io", "localhost:5000"
	Path     string // "library/nginx", "bitnami/redis"
	Tag      string // "" when none written
	Digest   string // "sha256:..." or ""
}

// ParseError reports an image reference that cannot be parsed, with a reason
// a person can act on. Err is the underlying error from the reference
// library.
type ParseError struct {
	Image  string // as written
	Reason string // what is wrong: "repository name must be lowercase"
	Err    error  // from github.com/distribution/reference
}

// Error renders `invalid image reference "IMAGE": REASON`.
func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid image reference %q: %s", e.Image, e.Reason)
}

// Unwrap returns the reference library's error.
func (e *ParseError) Unwrap() error { return e.Err }

// Parse parses an image reference as a container runtime would, filling in
// Docker Hub's defaults. A reference that cannot be parsed yields a
// *ParseError naming what is wrong with it.
func Parse(image string) (Ref, error) {
	if ref, ok := parseCommon(image); ok {
		return ref, nil
	}
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return Ref{}, &ParseError{Image: image, Reason: explainInvalid(image), Err: err}
	}
	ref := Ref{
		Original: image,
		Domain:   reference.Domain(named),
		Path:     reference.Path(named),
	}
	if tagged, ok := named.(reference.Tagged); ok {
		ref.Tag = tagged.Tag()
	}
	if digested, ok := named.(reference.Digested); ok {
		ref.Digest = digested.Digest().String()
	}
	return ref, nil
}

// explainInvalid says why image does not parse. The reference library's own
// messages are terse ("invalid reference format"), so each part is checked on
// its own to name the one at fault.
func explainInvalid(image string) string {
	if image == "" {
		return "image is empty"
	}
	if strings.ContainsFunc(image, unicode.IsSpace) {
		return "image must not contain whitespace"
	}
	rest, digest, hasDigest := strings.Cut(image, "@")
	name, tag, hasTag := splitTag(rest)
	if hasDigest && !parses("x@"+digest) {
		return fmt.Sprintf("invalid digest %q: want an algorithm and hex digits, e.g. sha256: and 64 lowercase hex digits", digest)
	}
	if hasTag && !parses("x:"+tag) {
		return fmt.Sprintf("invalid tag %q: a tag has at most 128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'", tag)
	}
	switch {
	case name == "":
		return "repository name is empty"
	case strings.ToLower(name) != name && parses(strings.ToLower(name)):
		return "repository name must be lowercase"
	case isImageID(name) && !hasTag && !hasDigest:
		return "a 64-digit hex string is an image ID, not a repository name"
	case len(name) > reference.RepositoryNameTotalLengthMax:
		return fmt.Sprintf("repository name is longer than %d characters", reference.RepositoryNameTotalLengthMax)
	}
	return fmt.Sprintf("invalid repository name %q: components are lowercase letters and digits joined by '.', '_', '__' or '-', separated by '/'", name)
}

// splitTag splits "name:tag" at the colon that starts a tag, which is the
// last colon after the last slash (an earlier colon belongs to a port).
func splitTag(s string) (name, tag string, ok bool) {
	colon := strings.LastIndexByte(s, ':')
	if colon < 0 || colon < strings.LastIndexByte(s, '/') {
		return s, "", false
	}
	return s[:colon], s[colon+1:], true
}

// parses reports whether the reference library accepts s.
func parses(s string) bool {
	_, err := reference.ParseNormalizedNamed(s)
	return err == nil
}

// isImageID reports whether s is 64 lowercase hex digits, which the
// reference library refuses as a name because it reads as an image ID.
func isImageID(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// looksLikeDomain reports whether the reference library would read the first
// component of a name with several components as a registry domain.
func looksLikeDomain(component string) bool {
	return component == "localhost" ||
		strings.ContainsAny(component, ".:") ||
		strings.ToLower(component) != component
}

// Repository returns the repository in its familiar form, without tag or
// digest: "nginx", "bitnami/redis", "ghcr.io/acme/api". The result parses back
// to the same Domain and Path.
func (r Ref) Repository() string {
	if r.Domain != dockerHubDomain {
		return r.Domain + "/" + r.Path
	}
	if name, ok := strings.CutPrefix(r.Path, officialPrefix); ok && !strings.Contains(name, "/") && !isImageID(name) {
		return name
	}
	// "docker.io/example.com/app" written without its domain would name the
	// registry example.com, so the domain stays.
	if first, _, ok := strings.Cut(r.Path, "/"); ok && looksLikeDomain(first) {
		return r.Domain + "/" + r.Path
	}
	return r.Path
}

// Familiar returns the reference as a person would write it: the familiar
// repository plus the tag and digest as written ("nginx:latest",
// "bitnami/redis:7", "ghcr.io/acme/api:1"). No tag is added when none was
// written.
func (r Ref) Familiar() string {
	var b strings.Builder
	b.WriteString(r.Repository())
	if r.Tag != "" {
		b.WriteString(":")
		b.WriteString(r.Tag)
	}
	if r.Digest != "" {
		b.WriteString("@")
		b.WriteString(r.Digest)
	}
	return b.String()
}

// IsLatest reports whether the image floats on the "latest" tag: the tag
// "latest" is written, or neither tag nor digest is (a runtime then pulls
// "latest"). A digest pins the image whatever its tag says, so a digest-pinned
// reference is never latest.
func (r Ref) IsLatest() bool {
	if r.Digest != "" {
		return false
	}
	return r.Tag == latestTag || r.Tag == ""
}

// IsUntagged reports whether neither a tag nor a digest is written.
func (r Ref) IsUntagged() bool { return r.Tag == "" && r.Digest == "" }

// IsDigestPinned reports whether a digest is written.
func (r Ref) IsDigestPinned() bool { return r.Digest != "" }

// IsDockerHub reports whether the image comes from Docker Hub.
func (r Ref) IsDockerHub() bool { return r.Domain == dockerHubDomain }

// IsOfficial reports whether the image is a Docker Hub official image
// (docker.io/library/NAME).
func (r Ref) IsOfficial() bool {
	name, ok := strings.CutPrefix(r.Path, officialPrefix)
	return r.IsDockerHub() && ok && !strings.Contains(name, "/")
}
