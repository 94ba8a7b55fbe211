package imageref

import (
	"errors"
	"testing"
)

// FuzzParseAndSuggest checks that Parse and Suggest never panic, that a
// parsed reference survives a round trip through its familiar form, and that
// a suggestion is a valid image needing no further fix. Seeds beyond these
// live in testdata/fuzz/FuzzParseAndSuggest.
func FuzzParseAndSuggest(f *testing.F) {
	for _, seed := range []string{
		"nginx", "ngnx:latset", "docker.io/library/ngnx:1.27", "localhost:5000/library/ngnx",
		"bitnmai/redis", "ghcr.io/acme/api@" + testDigest, "Nginx:1.2", "",
	} {
		f.Add(seed)
	}
	s := NewSuggester("localhost:5000/library/nginx")
	f.Fuzz(func(t *testing.T, image string) {
		ref, err := Parse(image)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Reason == "" {
				t.Fatalf("Parse(%q) error %v is not a *ParseError with a reason", image, err)
			}
		} else {
			again, err := Parse(ref.Familiar())
			if err != nil {
				t.Fatalf("Parse(%q) = %+v, but its familiar form %q does not parse: %v", image, ref, ref.Familiar(), err)
			}
			again.Original = ref.Original
			if again != ref {
				t.Fatalf("Parse(%q) = %+v, but its familiar form %q parses to %+v", image, ref, ref.Familiar(), again)
			}
			repo, err := Parse(ref.Repository())
			if err != nil || repo.Domain != ref.Domain || repo.Path != ref.Path || !repo.IsUntagged() {
				t.Fatalf("Repository() of %q = %q parses to %+v, %v", image, ref.Repository(), repo, err)
			}
		}

		got, ok := s.Suggest(image)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("Suggest(%q) = %+v for an image that does not parse", image, got)
		}
		if got.Image == image || got.Distance < 1 || (got.Reason != ReasonRepository && got.Reason != ReasonTag) {
			t.Fatalf("Suggest(%q) = %+v is not a change", image, got)
		}
		fixed, err := Parse(got.Image)
		if err != nil {
			t.Fatalf("Suggest(%q) = %+v, which does not parse: %v", image, got, err)
		}
		if fixed.Digest != ref.Digest {
			t.Fatalf("Suggest(%q) = %+v changed the digest", image, got)
		}
		if again, ok := s.Suggest(got.Image); ok {
			t.Fatalf("Suggest(%q) = %+v, then Suggest(%q) = %+v", image, got, got.Image, again)
		}
	})
}
