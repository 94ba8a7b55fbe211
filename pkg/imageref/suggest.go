package imageref

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/poddoctor/poddoctor/internal/repeats"
)

// Reasons a Suggestion gives.
const (
	// ReasonRepository: the repository is misspelled (and the tag too, when the
	// suggested image also changes the tag).
	ReasonRepository = "repository"
	// ReasonTag: the repository is fine, a well-known word in the tag is
	// misspelled ("latset").
	ReasonTag = "tag"
)

// maxCachedImages bounds the memory the cache of a Suggester may use; images
// past it are still answered, only not remembered.
const maxCachedImages = 10_000

// maxSeenImages bounds how many images asked about once a Suggester
// remembers (as hashes), to keep the answer when one is asked about again.
const maxSeenImages = 200_000

// Suggestion is a likely correction of a misspelled image.
type Suggestion struct {
	// Image is the whole corrected image as the user would write it, keeping
	// the user's registry, spelling of Docker Hub defaults, tag and digest:
	// "nginx:latest" for "ngnx:latest".
	Image string
	// Reason is ReasonRepository or ReasonTag.
	Reason string
	// Distance is the number of single-character edits (insert, delete,
	// replace, swap of neighbours) between the image and Image.
	Distance int
}

// Suggester suggests corrections for misspelled images by comparing them with
// known images: an embedded catalog of popular images plus the names given to
// NewSuggester. It stays quiet unless exactly one known image is a near miss,
// because a wrong suggestion costs more than a missed one:
//
//   - only images on the same registry are compared, so a private registry
//     gets suggestions only from the known images on it;
//   - paths must have the same number of components; a component may need
//     one edit under 8 characters and two from 8 on (never more than a
//     quarter of its length), the whole path at most two;
//   - short components (under 4 characters) must match exactly, those of 4
//     or 5 may only miss a letter, have one too many or swap two, and those
//     under 6 must start with the same letter;
//   - a name that extends a known one after a separator or with digits
//     ("redis-exporter", "python3"), by one letter ("rusty", "dockerd"), is
//     its plural ("mongos") or differs only in digits is a different name,
//     not a typo; a doubled letter ("postgress") is a typo;
//   - ties give no suggestion.
//
// Tags are checked word by word against a short list of well-known tag
// words (latest, stable, alpine, slim, bookworm ...); versions are never
// changed. A digest-pinned image gets no tag suggestion since its tag is not
// used to pull it.
//
// A Suggester is safe for concurrent use and remembers the answer for each
// image asked about more than once.
type Suggester struct {
	// The tables are built on first use from pending: a diagnosis run
	// passes every image the cluster runs (thousands), and most runs never
	// ask for a suggestion.
	build      sync.Once
	pending    []string
	known      map[repoKey]struct{}
	namespaces map[shapeKey][]*namespace
	tags       tagWords

	// answers keeps the answers to images asked about more than once.
	answers *repeats.Cache[cachedAnswer]
}

// repoKey identifies a repository by its normalized domain and path.
type repoKey struct {
	domain string
	path   string
}

// shapeKey groups namespaces whose repositories can be near a written one:
// same registry, same number of path components.
type shapeKey struct {
	domain     string
	components int
}

// namespace holds the known repositories that share everything but the last
// path component ("library", "bitnami", "prometheus-operator", or nothing
// for "registry.k8s.io/pause"), by length of that last component. Suggest
// compares a namespace once, then only names whose length is within the
// edits left.
type namespace struct {
	parts  []string
	bySize map[int][]knownName
}

// knownName is the last path component of a known repository and its path.
type knownName struct {
	name string
	path string
}

type cachedAnswer struct {
	suggestion Suggestion
	ok         bool
}

// NewSuggester returns a Suggester that knows the embedded catalog and the
// given images. Known images may be written any way Parse accepts; tags and
// digests are ignored, and entries that do not parse are skipped.
//
// Known images are trusted: they are never reported and others are corrected
// towards them. Pass names known to be right (a team's own images, images
// seen elsewhere in the input), not the image being checked.
func NewSuggester(known ...string) *Suggester {
	return &Suggester{pending: append(catalogImages(), known...), answers: repeats.NewCache[cachedAnswer](maxCachedImages, maxSeenImages)}
}

// parallelParseAbove is how many images NewSuggester's tables need before
// they are parsed on every core.
const parallelParseAbove = 512

// tables builds the lookup tables from the pending images, once.
func (s *Suggester) tables() {
	s.build.Do(func() {
		s.known = make(map[repoKey]struct{})
		s.namespaces = make(map[shapeKey][]*namespace)
		s.tags = newTagWords()
		refs := make([]*Ref, len(s.pending))
		parse := func(i int) {
			if ref, err := Parse(s.pending[i]); err == nil {
				refs[i] = &ref
			}
		}
		workers := runtime.GOMAXPROCS(0)
		if len(refs) <= parallelParseAbove || workers == 1 {
			for i := range refs {
				parse(i)
			}
		} else {
			var wg sync.WaitGroup
			chunk := (len(refs) + workers - 1) / workers
			for start := 0; start < len(refs); start += chunk {
				end := min(start+chunk, len(refs))
				wg.Go(func() {
					for i := start; i < end; i++ {
						parse(i)
					}
				})
			}
			wg.Wait()
		}
		for _, ref := range refs {
			if ref != nil {
				s.add(*ref)
			}
		}
		s.pending = nil
	})
}

// add records a parsed image as known, once, in input order.
func (s *Suggester) add(ref Ref) {
	key := repoKey{domain: ref.Domain, path: ref.Path}
	if _, dup := s.known[key]; dup {
		return
	}
	s.known[key] = struct{}{}

	parts := strings.Split(ref.Path, "/")
	prefix, name := parts[:len(parts)-1], parts[len(parts)-1]
	shape := shapeKey{domain: ref.Domain, components: len(parts)}
	var ns *namespace
	for _, candidate := range s.namespaces[shape] {
		if slices.Equal(candidate.parts, prefix) {
			ns = candidate
			break
		}
	}
	if ns == nil {
		ns = &namespace{parts: prefix, bySize: make(map[int][]knownName)}
		s.namespaces[shape] = append(s.namespaces[shape], ns)
	}
	ns.bySize[len(name)] = append(ns.bySize[len(name)], knownName{name: name, path: ref.Path})
}

// Suggest returns a likely correction of image, and false when image looks
// right, is not close enough to exactly one known image, or does not parse.
func (s *Suggester) Suggest(image string) (Suggestion, bool) {
	// An image asked about once (each application's own) is answered and
	// not kept: only the answers to images asked about again are worth
	// the memory they hold for the rest of the run (internal/repeats).
	answer := s.answers.Get(image, func(image string) cachedAnswer {
		suggestion, ok := s.suggest(image)
		return cachedAnswer{suggestion: suggestion, ok: ok}
	})
	return answer.suggestion, answer.ok
}

// suggest is Suggest without the cache.
func (s *Suggester) suggest(image string) (Suggestion, bool) {
	s.tables()
	ref, err := Parse(image)
	if err != nil {
		return Suggestion{}, false
	}
	path, pathDistance := ref.Path, 0
	if _, known := s.known[repoKey{domain: ref.Domain, path: ref.Path}]; !known {
		if nearest, d, ok := s.nearestRepository(ref); ok {
			path, pathDistance = nearest, d
		}
	}
	tag, tagDistance := ref.Tag, 0
	if ref.Tag != "" && ref.Digest == "" {
		tag, tagDistance = s.tags.correct(ref.Tag)
	}
	if pathDistance == 0 && tagDistance == 0 {
		return Suggestion{}, false
	}
	corrected, ok := rewrite(ref, path, tag)
	if !ok {
		return Suggestion{}, false
	}
	reason := ReasonTag
	if pathDistance > 0 {
		reason = ReasonRepository
	}
	return Suggestion{Image: corrected, Reason: reason, Distance: pathDistance + tagDistance}, true
}

// nearestRepository returns the path of the one known repository on ref's
// registry that is a near miss of ref's path.
func (s *Suggester) nearestRepository(ref Ref) (string, int, bool) {
	parts := strings.Split(ref.Path, "/")
	prefix, name := parts[:len(parts)-1], parts[len(parts)-1]
	best, bestDistance, ties := "", 0, 0
	for _, ns := range s.namespaces[shapeKey{domain: ref.Domain, components: len(parts)}] {
		nsDistance, ok := pathDistance(prefix, ns.parts)
		if !ok {
			continue
		}
		budget := maxTotalDistance - nsDistance
		for size := len(name) - budget; size <= len(name)+budget; size++ {
			for _, candidate := range ns.bySize[size] {
				d, ok := wordDistance(name, candidate.name)
				if !ok || nsDistance+d > maxTotalDistance {
					continue
				}
				d += nsDistance
				switch {
				case best == "" || d < bestDistance:
					best, bestDistance, ties = candidate.path, d, 0
				case d == bestDistance:
					ties++
				}
			}
		}
	}
	if best == "" || ties > 0 {
		return "", 0, false
	}
	return best, bestDistance, true
}

// pathDistance compares two paths with the same number of components, each
// component with wordDistance, and reports the total distance and whether
// every component and the whole are within their limits.
func pathDistance(written, known []string) (int, bool) {
	total := 0
	for i := range written {
		d, ok := wordDistance(written[i], known[i])
		if !ok {
			return 0, false
		}
		total += d
		if total > maxTotalDistance {
			return 0, false
		}
	}
	return total, true
}

// rewrite returns ref's original text with its path and tag replaced, keeping
// how the user wrote the rest: an explicit "docker.io/" or
// "index.docker.io/", an explicit or implied "library/", the digest. It
// reports false if the result would not parse to the intended reference,
// which the callers treat as "no suggestion".
func rewrite(ref Ref, path, tag string) (string, bool) {
	written, _, _ := strings.Cut(ref.Original, "@")
	written, _, _ = splitTag(written)

	prefix, rest := "", written
	if first, after, ok := strings.Cut(written, "/"); ok && looksLikeDomain(first) {
		prefix, rest = first+"/", after
	}
	name := path
	if ref.Domain == dockerHubDomain && !strings.Contains(rest, "/") {
		// The user left "library/" implied; leave it implied if still possible.
		if short, ok := strings.CutPrefix(path, officialPrefix); ok && !strings.Contains(short, "/") {
			name = short
		}
	}
	if prefix == "" {
		if first, _, ok := strings.Cut(name, "/"); ok && looksLikeDomain(first) {
			prefix = ref.Domain + "/"
		}
	}

	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(name)
	if tag != "" {
		b.WriteString(":")
		b.WriteString(tag)
	}
	if ref.Digest != "" {
		b.WriteString("@")
		b.WriteString(ref.Digest)
	}
	corrected := b.String()

	got, err := Parse(corrected)
	if err != nil || got.Domain != ref.Domain || got.Path != path || got.Tag != tag || got.Digest != ref.Digest {
		return "", false
	}
	return corrected, corrected != ref.Original
}
