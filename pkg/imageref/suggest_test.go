package imageref

import (
	"fmt"
	"sync"
	"testing"
)

func TestSuggestFindsTypos(t *testing.T) {
	tests := []struct {
		image    string
		known    []string
		want     string
		reason   string
		distance int
	}{
		{image: "ngnx", want: "nginx", reason: ReasonRepository, distance: 1},
		{image: "ngix", want: "nginx", reason: ReasonRepository, distance: 1},
		{image: "ngnx:latest", want: "nginx:latest", reason: ReasonRepository, distance: 1},
		{image: "ngnx:1.27", want: "nginx:1.27", reason: ReasonRepository, distance: 1},
		{image: "redsi", want: "redis", reason: ReasonRepository, distance: 1},
		{image: "ndoe:22", want: "node:22", reason: ReasonRepository, distance: 1},
		{image: "memcache", want: "memcached", reason: ReasonRepository, distance: 1},
		{image: "nginxx:1.27", want: "nginx:1.27", reason: ReasonRepository, distance: 1},
		{image: "ubunto:24.04", want: "ubuntu:24.04", reason: ReasonRepository, distance: 1},
		{image: "debain:bookworm-slim", want: "debian:bookworm-slim", reason: ReasonRepository, distance: 1},
		{image: "traefic:v3.1", want: "traefik:v3.1", reason: ReasonRepository, distance: 1},
		{image: "regsitry:2", want: "registry:2", reason: ReasonRepository, distance: 1},
		{image: "elastcsearh:8.15.0", want: "elasticsearch:8.15.0", reason: ReasonRepository, distance: 2},
		{image: "postgress", want: "postgres", reason: ReasonRepository, distance: 1},
		{image: "postgres:16-alpnie", want: "postgres:16-alpine", reason: ReasonTag, distance: 1},
		{image: "bitnmai/redis", want: "bitnami/redis", reason: ReasonRepository, distance: 1},
		{image: "bitnami/redsi:7.2", want: "bitnami/redis:7.2", reason: ReasonRepository, distance: 1},
		{image: "bitnami/postgressql", want: "bitnami/postgresql", reason: ReasonRepository, distance: 1},
		{image: "nginx:latset", want: "nginx:latest", reason: ReasonTag, distance: 1},
		{image: "nginx:lates", want: "nginx:latest", reason: ReasonTag, distance: 1},
		{image: "nginx:stabel", want: "nginx:stable", reason: ReasonTag, distance: 1},
		{image: "nginx:mainlien", want: "nginx:mainline", reason: ReasonTag, distance: 1},
		{image: "nginx:1.27-alpnie", want: "nginx:1.27-alpine", reason: ReasonTag, distance: 1},
		{image: "python:3.12-slim-bookwrom", want: "python:3.12-slim-bookworm", reason: ReasonTag, distance: 1},
		{image: "rabbitmq:3-managment", want: "rabbitmq:3-management", reason: ReasonTag, distance: 1},
		// Both wrong: one suggestion fixes both, reported as a repository typo.
		{image: "ngnx:latset", want: "nginx:latest", reason: ReasonRepository, distance: 2},
		// The user's way of writing Docker Hub names is kept.
		{image: "docker.io/library/ngnx:1.27", want: "docker.io/library/nginx:1.27", reason: ReasonRepository, distance: 1},
		{image: "docker.io/ngnx:1.27", want: "docker.io/nginx:1.27", reason: ReasonRepository, distance: 1},
		{image: "index.docker.io/library/ngnx", want: "index.docker.io/library/nginx", reason: ReasonRepository, distance: 1},
		{image: "library/ngnx", want: "library/nginx", reason: ReasonRepository, distance: 1},
		{image: "ngnx@" + testDigest, want: "nginx@" + testDigest, reason: ReasonRepository, distance: 1},
		// Other registries, from the catalog.
		{image: "registry.k8s.io/puase:3.10", want: "registry.k8s.io/pause:3.10", reason: ReasonRepository, distance: 1},
		{image: "quay.io/prometheus/node-exporer:v1.8.2", want: "quay.io/prometheus/node-exporter:v1.8.2",
			reason: ReasonRepository, distance: 1},
		{image: "gcr.io/distroless/statc-debian12", want: "gcr.io/distroless/static-debian12",
			reason: ReasonRepository, distance: 1},
		// Private registries, from the known names.
		{image: "localhost:5000/library/ngnx:1.27", known: []string{"localhost:5000/library/nginx:1.27"},
			want: "localhost:5000/library/nginx:1.27", reason: ReasonRepository, distance: 1},
		{image: "ghcr.io/acme/paymnets:2.1", known: []string{"ghcr.io/acme/payments:2.0", "ghcr.io/acme/api:1"},
			want: "ghcr.io/acme/payments:2.1", reason: ReasonRepository, distance: 1},
		{image: "ghcr.io/acme/api:latset", want: "ghcr.io/acme/api:latest", reason: ReasonTag, distance: 1},
		// With only one of a would-be tie known, the other wins.
		{image: "ghcr.io/acme/paser", known: []string{"ghcr.io/acme/parser"}, want: "ghcr.io/acme/parser",
			reason: ReasonRepository, distance: 1},
		{image: "mogo", want: "mongo", reason: ReasonRepository, distance: 1},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			got, ok := NewSuggester(tt.known...).Suggest(tt.image)
			want := Suggestion{Image: tt.want, Reason: tt.reason, Distance: tt.distance}
			if !ok || got != want {
				t.Errorf("Suggest(%q) = %+v, %v; want %+v, true", tt.image, got, ok, want)
			}
		})
	}
}

func TestSuggestStaysQuiet(t *testing.T) {
	tests := []struct {
		image string
		known []string
		why   string
	}{
		{image: "nginx", why: "catalog name"},
		{image: "node", why: "catalog name"},
		{image: "nginx:1.27", why: "catalog name, version tag"},
		{image: "alpine:3.20", why: "catalog name, version tag"},
		{image: "registry.k8s.io/pause:3.10", why: "catalog name on another registry"},
		{image: "docker.io/library/redis:7", why: "catalog name written in full"},
		{image: "bitnami/redis", why: "catalog name with namespace"},
		{image: "my-app", why: "unrelated name"},
		{image: "ghcr.io/acme/api", why: "private image, nothing near on its registry"},
		{image: "ghcr.io/acme/ngnx", why: "near nginx, but on another registry"},
		{image: "registry.example.com/team/redsi:1", why: "near redis, but on another registry"},
		{image: "go", why: "too short"},
		{image: "app", why: "too short"},
		{image: "web", why: "too short"},
		{image: "api", why: "too short"},
		{image: "gcc", why: "too short, catalog name"},
		{image: "phpp", why: "3 letters plus one: the shorter word allows no edit"},
		{image: "redis-exporter", why: "extends a known name"},
		{image: "nginx-proxy", why: "extends a known name"},
		{image: "python3", why: "known name plus digits"},
		{image: "debian12", why: "known name plus digits"},
		{image: "my-redis", why: "known name after a prefix"},
		{image: "code", why: "first letter differs from node"},
		{image: "base", why: "four letters: a replaced letter makes another word (bash)"},
		{image: "store", why: "five letters: a replaced letter makes another word (storm)"},
		{image: "mango", why: "five letters: a replaced letter makes another word (mongo)"},
		{image: "rusty", why: "a known name plus one letter is another word (rust)"},
		{image: "stormy", why: "a known name plus one letter is another word (storm)"},
		{image: "dockerd", why: "a known name plus one letter is another name (docker)"},
		{image: "julian", why: "a known name plus one letter is another name (julia)"},
		{image: "nginx:latests", why: "plural of a tag word"},
		{image: "nginx:edgy", why: "four letters: no replacing, in tags too"},
		{image: "nodr", why: "four letters: a replaced letter makes another word"},
		{image: "host", why: "first letter differs from ghost"},
		{image: "nginx:1.25", why: "versions are never changed"},
		{image: "nginx:1.27.0-alpine3.20", why: "words with digits are versions"},
		{image: "nginx:v2", why: "version"},
		{image: "nginx:main", why: "not near a well-known tag word"},
		{image: "nginx:test", why: "latest is two edits from test"},
		{image: "nginx:Latest", why: "only lowercase words are compared"},
		{image: "nginx:latset@" + testDigest, why: "a digest is pulled whatever the tag says"},
		{image: "Nginx", why: "does not parse"},
		{image: "", why: "does not parse"},
		{image: "ghcr.io/acme/payments", known: []string{"ghcr.io/acme/payments:1"}, why: "known name"},
		{image: "ghcr.io/acme/api2", known: []string{"ghcr.io/acme/api1"}, why: "differs only in digits"},
		{image: "ghcr.io/acme/app", known: []string{"ghcr.io/acme/api"}, why: "too short"},
		{image: "ghcr.io/acme/orders", known: []string{"ghcr.io/acme/order"}, why: "plural of a known name"},
		{image: "mongos", why: "plural of a known name (and a real MongoDB router)"},
		{image: "localhost:5000/library/ngnx", known: []string{"localhost:5001/library/nginx"}, why: "another port is another registry"},
		{image: "ghcr.io/acme/paser", known: []string{"ghcr.io/acme/parser", "ghcr.io/acme/passer"},
			why: "tie: one edit from both"},
		{image: "acme/paser:1", known: []string{"acme/parser", "acme/passer"}, why: "tie on Docker Hub"},
		{image: "ghcr.io/acme/cart", known: []string{"ghcr.io/acme/card"}, why: "four letters: a replaced letter makes another word"},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			if got, ok := NewSuggester(tt.known...).Suggest(tt.image); ok {
				t.Errorf("Suggest(%q) = %+v, want no suggestion (%s)", tt.image, got, tt.why)
			}
		})
	}
}

// TestSuggestQuietOnCatalog proves no catalog image is "corrected", written
// bare or with common tags.
func TestSuggestQuietOnCatalog(t *testing.T) {
	s := NewSuggester()
	for _, image := range catalogImages() {
		for _, tag := range []string{"", ":latest", ":1.2.3", ":stable-alpine"} {
			if got, ok := s.Suggest(image + tag); ok {
				t.Errorf("Suggest(%q) = %+v, want no suggestion for a catalog image", image+tag, got)
			}
		}
	}
}

// TestSuggestionIsQuiet proves a suggestion needs no further fix.
func TestSuggestionIsQuiet(t *testing.T) {
	s := NewSuggester()
	for _, image := range []string{"ngnx:latset", "bitnmai/redsi", "postgress:16-bookwrom", "docker.io/ngnx"} {
		got, ok := s.Suggest(image)
		if !ok {
			t.Fatalf("Suggest(%q) gave nothing", image)
		}
		if again, ok := s.Suggest(got.Image); ok {
			t.Errorf("Suggest(%q) = %+v, then Suggest(%q) = %+v; want quiet", image, got, got.Image, again)
		}
	}
}

func TestNewSuggesterSkipsInvalidKnown(t *testing.T) {
	s := NewSuggester("", "Not Valid", "ghcr.io/acme/payments@sha256:bad", "ghcr.io/acme/payments:1")
	got, ok := s.Suggest("ghcr.io/acme/paymnets")
	want := Suggestion{Image: "ghcr.io/acme/payments", Reason: ReasonRepository, Distance: 1}
	if !ok || got != want {
		t.Errorf("Suggest = %+v, %v; want %+v, true", got, ok, want)
	}
}

// TestSuggestCachesAnswers: the answer to an image asked about again is
// kept, and the same; one asked about once is not kept.
func TestSuggestCachesAnswers(t *testing.T) {
	s := NewSuggester()
	s.Suggest("ghcr.io/acme/app:1")
	first, ok1 := s.Suggest("ngnx")
	if n := s.answers.Len(); n != 0 {
		t.Errorf("cached %d images asked about once, want 0", n)
	}
	second, ok2 := s.Suggest("ngnx")
	third, ok3 := s.Suggest("ngnx")
	if first != second || ok1 != ok2 || first != third || ok1 != ok3 {
		t.Errorf("answers %+v, %v then %+v, %v then %+v, %v differ", first, ok1, second, ok2, third, ok3)
	}
	if n := s.answers.Len(); n != 1 {
		t.Errorf("cached %d images, want 1", n)
	}
}

func TestSuggestCacheIsBounded(t *testing.T) {
	s := NewSuggester()
	for i := range maxCachedImages + 10 {
		image := fmt.Sprintf("ghcr.io/acme/app-%d", i)
		s.Suggest(image)
		s.Suggest(image)
	}
	if n := s.answers.Len(); n != maxCachedImages {
		t.Errorf("cached %d images, want the bound %d", n, maxCachedImages)
	}
	if got, ok := s.Suggest("ngnx"); !ok || got.Image != "nginx" {
		t.Errorf("Suggest(ngnx) past the cache bound = %+v, %v; want nginx", got, ok)
	}
}

// TestSuggestConcurrent runs Suggest from many goroutines on one Suggester;
// run it with -race.
func TestSuggestConcurrent(t *testing.T) {
	s := NewSuggester("ghcr.io/acme/payments")
	images := []string{"ngnx", "redsi:7", "nginx", "bitnmai/redis", "ghcr.io/acme/paymnets", "my-app", "nginx:latset"}
	want := make(map[string]Suggestion)
	for _, image := range images {
		got, _ := NewSuggester("ghcr.io/acme/payments").Suggest(image)
		want[image] = got
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 200 {
				image := images[(g+i)%len(images)]
				if got, _ := s.Suggest(image); got != want[image] {
					t.Errorf("Suggest(%q) = %+v, want %+v", image, got, want[image])
				}
			}
		})
	}
	wg.Wait()
}

func TestCatalog(t *testing.T) {
	images := catalogImages()
	if len(images) < 250 {
		t.Errorf("catalog has %d images, want at least 250", len(images))
	}
	official := 0
	seen := make(map[repoKey]string)
	for _, image := range images {
		ref, err := Parse(image)
		if err != nil {
			t.Errorf("catalog: %v", err)
			continue
		}
		if ref.Tag != "" || ref.Digest != "" {
			t.Errorf("catalog: %q has a tag or digest", image)
		}
		if ref.Familiar() != image {
			t.Errorf("catalog: %q is written %q in familiar form", image, ref.Familiar())
		}
		key := repoKey{domain: ref.Domain, path: ref.Path}
		if first, dup := seen[key]; dup {
			t.Errorf("catalog: %q repeats %q", image, first)
		}
		seen[key] = image
		if ref.IsOfficial() {
			official++
		}
	}
	if official < 140 {
		t.Errorf("catalog has %d official images, want at least 140", official)
	}
}

func BenchmarkSuggest(b *testing.B) {
	s := NewSuggester()
	cases := []struct {
		name  string
		image string
		call  func(string) (Suggestion, bool)
	}{
		{"hit", "bitnmai/redis:7", s.suggest},
		{"miss", "ghcr.io/acme/payments:1.4.2", s.suggest},
		{"miss-hub", "my-app:1.0", s.suggest},
		{"cached", "bitnmai/redis:7", s.Suggest},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.call(c.image)
			}
		})
	}
}

func BenchmarkNewSuggester(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewSuggester().tables()
	}
}
