package imageref

import "strings"

// parseCommon parses, without the reference library, the references most
// manifests hold: a name with an optional domain (a DNS name or IPv4
// address, with an optional port) and an optional tag, no digest. It
// returns false for anything else, and Parse hands that to the library.
//
// Why a second parser: github.com/distribution/reference matches every
// reference against one large regular expression, some 35,000
// instructions a reference, 3 to 4 % of a lint run over manifests whose
// images are all distinct. The library stays the reference: where
// parseCommon answers, its answer is the library's (common_test.go runs
// the library's own test inputs and generated references through both, and
// FuzzParseCommon keeps looking), and the rules below are the library's
// grammar (regexp.go) and its normalisation (ParseNormalizedNamed).
func parseCommon(image string) (Ref, bool) {
	if image == "" || strings.IndexByte(image, '@') >= 0 || isImageID(image) {
		return Ref{}, false // empty, digests and image IDs: the library says what they are
	}
	name, tag := image, ""
	if colon := strings.LastIndexByte(image, ':'); colon > strings.LastIndexByte(image, '/') {
		name, tag = image[:colon], image[colon+1:]
		if !isTag(tag) {
			return Ref{}, false
		}
	}
	domain, path := dockerHubDomain, name
	if first, rest, ok := strings.Cut(name, "/"); ok && namesDomain(first) {
		if !isDomainAndPort(first) {
			return Ref{}, false
		}
		domain, path = first, rest
		if domain == legacyDockerHubDomain {
			domain = dockerHubDomain
		}
	}
	if domain == dockerHubDomain && strings.IndexByte(path, '/') < 0 {
		path = officialPrefix + path
	}
	if len(path) > maxPathLength || !isRemoteName(path) {
		return Ref{}, false
	}
	return Ref{Original: image, Domain: domain, Path: path, Tag: tag}, true
}

const (
	// legacyDockerHubDomain is the Docker Index's old name, which the
	// library rewrites to docker.io.
	legacyDockerHubDomain = "index.docker.io"
	// maxPathLength is the library's RepositoryNameTotalLengthMax.
	maxPathLength = 255
)

// namesDomain says whether the first part of a name is its domain, as the
// library decides it: localhost, anything with a dot or a colon, or
// anything with an upper-case letter (namespaces are lower-case).
func namesDomain(first string) bool {
	return first == "localhost" || strings.ContainsAny(first, ".:") || strings.ToLower(first) != first
}

// isTag matches [\w][\w.-]{0,127}.
func isTag(tag string) bool {
	if tag == "" || len(tag) > 128 || !isWordByte(tag[0]) {
		return false
	}
	for i := 1; i < len(tag); i++ {
		if c := tag[i]; !isWordByte(c) && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// isDomainAndPort matches a domain name, dot-separated components of
// letters, digits and inner hyphens, with an optional :port. An IPv6
// address in brackets is the library's to parse.
func isDomainAndPort(s string) bool {
	host, port, hasPort := strings.Cut(s, ":")
	if hasPort && (port == "" || strings.Trim(port, "0123456789") != "") {
		return false
	}
	for _, component := range strings.Split(host, ".") {
		if component == "" || component[0] == '-' || component[len(component)-1] == '-' {
			return false
		}
		for i := 0; i < len(component); i++ {
			if c := component[i]; !isAlnum(c) && !isUpper(c) && c != '-' {
				return false
			}
		}
	}
	return true
}

// isRemoteName matches path components separated by slashes, each
// lower-case letters and digits joined by one separator: ".", "_", "__"
// or any number of "-".
func isRemoteName(path string) bool {
	for _, component := range strings.Split(path, "/") {
		if !isPathComponent(component) {
			return false
		}
	}
	return true
}

func isPathComponent(c string) bool {
	if c == "" || !isAlnum(c[0]) || !isAlnum(c[len(c)-1]) {
		return false
	}
	for i := 0; i < len(c); {
		if isAlnum(c[i]) {
			i++
			continue
		}
		j := i
		for j < len(c) && !isAlnum(c[j]) {
			j++
		}
		if sep := c[i:j]; sep != "." && sep != "_" && sep != "__" && strings.Trim(sep, "-") != "" {
			return false
		}
		i = j
	}
	return true
}

// isAlnum matches [a-z0-9].
func isAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// isWordByte matches \w: [0-9A-Za-z_].
func isWordByte(c byte) bool { return isAlnum(c) || isUpper(c) || c == '_' }
