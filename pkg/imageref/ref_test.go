package imageref

import (
	"errors"
	"strings"
	"testing"

	"github.com/distribution/reference"
)

const testDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestParse(t *testing.T) {
	tests := []struct {
		image      string
		domain     string
		path       string
		tag        string
		digest     string
		familiar   string
		repository string
		latest     bool
		untagged   bool
		pinned     bool
		hub        bool
		official   bool
	}{
		{image: "nginx", domain: "docker.io", path: "library/nginx", familiar: "nginx", repository: "nginx",
			latest: true, untagged: true, hub: true, official: true},
		{image: "nginx:latest", domain: "docker.io", path: "library/nginx", tag: "latest", familiar: "nginx:latest",
			repository: "nginx", latest: true, hub: true, official: true},
		{image: "nginx:1.27", domain: "docker.io", path: "library/nginx", tag: "1.27", familiar: "nginx:1.27",
			repository: "nginx", hub: true, official: true},
		{image: "docker.io/library/nginx:1.27", domain: "docker.io", path: "library/nginx", tag: "1.27",
			familiar: "nginx:1.27", repository: "nginx", hub: true, official: true},
		{image: "index.docker.io/nginx", domain: "docker.io", path: "library/nginx", familiar: "nginx",
			repository: "nginx", latest: true, untagged: true, hub: true, official: true},
		{image: "library/nginx:stable", domain: "docker.io", path: "library/nginx", tag: "stable",
			familiar: "nginx:stable", repository: "nginx", hub: true, official: true},
		{image: "bitnami/redis:7", domain: "docker.io", path: "bitnami/redis", tag: "7", familiar: "bitnami/redis:7",
			repository: "bitnami/redis", hub: true},
		{image: "ghcr.io/acme/api:1", domain: "ghcr.io", path: "acme/api", tag: "1", familiar: "ghcr.io/acme/api:1",
			repository: "ghcr.io/acme/api"},
		{image: "ghcr.io/acme/api", domain: "ghcr.io", path: "acme/api", familiar: "ghcr.io/acme/api",
			repository: "ghcr.io/acme/api", latest: true, untagged: true},
		{image: "localhost:5000/library/nginx:1.27", domain: "localhost:5000", path: "library/nginx", tag: "1.27",
			familiar: "localhost:5000/library/nginx:1.27", repository: "localhost:5000/library/nginx"},
		{image: "localhost/app", domain: "localhost", path: "app", familiar: "localhost/app",
			repository: "localhost/app", latest: true, untagged: true},
		{image: "10.0.0.1:5000/team/app:v2", domain: "10.0.0.1:5000", path: "team/app", tag: "v2",
			familiar: "10.0.0.1:5000/team/app:v2", repository: "10.0.0.1:5000/team/app"},
		{image: "[::1]:5000/app:1", domain: "[::1]:5000", path: "app", tag: "1", familiar: "[::1]:5000/app:1",
			repository: "[::1]:5000/app"},
		{image: "registry.k8s.io/pause:3.10", domain: "registry.k8s.io", path: "pause", tag: "3.10",
			familiar: "registry.k8s.io/pause:3.10", repository: "registry.k8s.io/pause"},
		{image: "quay.io/prometheus/node-exporter:v1.8.2", domain: "quay.io", path: "prometheus/node-exporter",
			tag: "v1.8.2", familiar: "quay.io/prometheus/node-exporter:v1.8.2",
			repository: "quay.io/prometheus/node-exporter"},
		{image: "nginx@" + testDigest, domain: "docker.io", path: "library/nginx", digest: testDigest,
			familiar: "nginx@" + testDigest, repository: "nginx", pinned: true, hub: true, official: true},
		// A digest pins the image, so ":latest" beside it does not float.
		{image: "nginx:latest@" + testDigest, domain: "docker.io", path: "library/nginx", tag: "latest",
			digest: testDigest, familiar: "nginx:latest@" + testDigest, repository: "nginx", pinned: true,
			hub: true, official: true},
		{image: "ghcr.io/acme/api:1.2@" + testDigest, domain: "ghcr.io", path: "acme/api", tag: "1.2",
			digest: testDigest, familiar: "ghcr.io/acme/api:1.2@" + testDigest, repository: "ghcr.io/acme/api",
			pinned: true},
		// Names the library's own familiar form would not read back.
		{image: "docker.io/example.com/app", domain: "docker.io", path: "example.com/app",
			familiar: "docker.io/example.com/app", repository: "docker.io/example.com/app",
			latest: true, untagged: true, hub: true},
		{image: "docker.io/localhost/app", domain: "docker.io", path: "localhost/app",
			familiar: "docker.io/localhost/app", repository: "docker.io/localhost/app",
			latest: true, untagged: true, hub: true},
		{image: "docker.io/library/" + strings.Repeat("ab", 32), domain: "docker.io",
			path: "library/" + strings.Repeat("ab", 32), familiar: "library/" + strings.Repeat("ab", 32),
			repository: "library/" + strings.Repeat("ab", 32), latest: true, untagged: true, hub: true, official: true},
		{image: "library/team/app", domain: "docker.io", path: "library/team/app", familiar: "library/team/app",
			repository: "library/team/app", latest: true, untagged: true, hub: true},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			got, err := Parse(tt.image)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.image, err)
			}
			want := Ref{Original: tt.image, Domain: tt.domain, Path: tt.path, Tag: tt.tag, Digest: tt.digest}
			if got != want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.image, got, want)
			}
			if s := got.Familiar(); s != tt.familiar {
				t.Errorf("Familiar() = %q, want %q", s, tt.familiar)
			}
			if s := got.Repository(); s != tt.repository {
				t.Errorf("Repository() = %q, want %q", s, tt.repository)
			}
			flags := []struct {
				name      string
				got, want bool
			}{
				{"IsLatest", got.IsLatest(), tt.latest},
				{"IsUntagged", got.IsUntagged(), tt.untagged},
				{"IsDigestPinned", got.IsDigestPinned(), tt.pinned},
				{"IsDockerHub", got.IsDockerHub(), tt.hub},
				{"IsOfficial", got.IsOfficial(), tt.official},
			}
			for _, f := range flags {
				if f.got != f.want {
					t.Errorf("%s() = %v, want %v", f.name, f.got, f.want)
				}
			}
			again, err := Parse(got.Familiar())
			if err != nil {
				t.Fatalf("Parse(Familiar()=%q): %v", got.Familiar(), err)
			}
			again.Original = got.Original
			if again != got {
				t.Errorf("Parse(Familiar()) = %+v, want %+v", again, got)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		image string
		want  string
	}{
		{"", `invalid image reference "": image is empty`},
		{"Nginx:1.2", `invalid image reference "Nginx:1.2": repository name must be lowercase`},
		{"ghcr.io/Acme/api", `invalid image reference "ghcr.io/Acme/api": repository name must be lowercase`},
		{"nginx :1.27", `invalid image reference "nginx :1.27": image must not contain whitespace`},
		{" nginx", `invalid image reference " nginx": image must not contain whitespace`},
		{"nginx\n", `invalid image reference "nginx\n": image must not contain whitespace`},
		{"nginx:-1", `invalid image reference "nginx:-1": invalid tag "-1": a tag has at most 128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'`},
		{"nginx:1.27+build", `invalid image reference "nginx:1.27+build": invalid tag "1.27+build": a tag has at most 128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'`},
		{"nginx:" + strings.Repeat("a", 129), `invalid image reference "nginx:` + strings.Repeat("a", 129) + `": invalid tag "` + strings.Repeat("a", 129) + `": a tag has at most 128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'`},
		{"nginx:", `invalid image reference "nginx:": invalid tag "": a tag has at most 128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'`},
		{"nginx@sha256:abc", `invalid image reference "nginx@sha256:abc": invalid digest "sha256:abc": want an algorithm and hex digits, e.g. sha256: and 64 lowercase hex digits`},
		{"nginx@" + strings.ToUpper(testDigest[7:]), `invalid image reference "nginx@` + strings.ToUpper(testDigest[7:]) + `": invalid digest "` + strings.ToUpper(testDigest[7:]) + `": want an algorithm and hex digits, e.g. sha256: and 64 lowercase hex digits`},
		{":1.27", `invalid image reference ":1.27": repository name is empty`},
		{strings.Repeat("ab", 32), `invalid image reference "` + strings.Repeat("ab", 32) + `": a 64-digit hex string is an image ID, not a repository name`},
		{"my_-app", `invalid image reference "my_-app": invalid repository name "my_-app": components are lowercase letters and digits joined by '.', '_', '__' or '-', separated by '/'`},
		{"acme//api", `invalid image reference "acme//api": invalid repository name "acme//api": components are lowercase letters and digits joined by '.', '_', '__' or '-', separated by '/'`},
		{"https://ghcr.io/acme/api", `invalid image reference "https://ghcr.io/acme/api": invalid repository name "https://ghcr.io/acme/api": components are lowercase letters and digits joined by '.', '_', '__' or '-', separated by '/'`},
		{strings.Repeat("a/", 128) + "a", `invalid image reference "` + strings.Repeat("a/", 128) + `a": repository name is longer than 255 characters`},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			_, err := Parse(tt.image)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want error %q", tt.image, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse(%q) error:\n got %s\nwant %s", tt.image, err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Image != tt.image || pe.Err == nil {
				t.Errorf("Parse(%q) error %#v is not a *ParseError with the image and the library's error", tt.image, err)
			}
		})
	}
}

func TestParseErrorUnwrapsLibraryError(t *testing.T) {
	_, err := Parse("nginx:-1")
	if !errors.Is(err, reference.ErrReferenceInvalidFormat) {
		t.Errorf("Parse error %v does not wrap reference.ErrReferenceInvalidFormat", err)
	}
}
