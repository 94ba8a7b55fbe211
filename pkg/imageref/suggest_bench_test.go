package imageref

import (
	"fmt"
	"testing"
)

// BenchmarkNewSuggesterKnown builds the tables of a Suggester that knows
// the catalog and 8,000 images a cluster runs, as a diagnosis run does on
// its first suggestion.
func BenchmarkNewSuggesterKnown(b *testing.B) {
	var known []string
	for i := range 8000 {
		known = append(known, fmt.Sprintf("registry.example.com/team-%02d/app-%d:1.%d.%d", i%10, i, i%17, i%5))
	}
	b.ReportAllocs()
	for b.Loop() {
		NewSuggester(known...).tables()
	}
}

// BenchmarkSuggestCorpus asks for suggestions on the images of a generated
// corpus, each distinct image once (the cache answers repeats): the image
// typo search as a lint run does it.
func BenchmarkSuggestCorpus(b *testing.B) {
	images := []string{"nginx:1.27.3", "ngnix:1.27.3", "redis:7.4.1", "redsi:7.4.1", "postgres:16.4", "postgress:16.4",
		"envoyproxy/envoy:v1.31.2", "envoyproxy/envoi:v1.31.2", "busybox:1.36.1", "memcahced:1.6.32"}
	for i := range 990 {
		images = append(images, fmt.Sprintf("registry.example.com/team-%02d/app-%d:1.%d.%d", i%10, i, i%17, i%5))
	}
	s := NewSuggester()
	s.tables()
	b.ReportAllocs()
	for b.Loop() {
		for _, image := range images {
			s.suggest(image)
		}
	}
	b.ReportMetric(float64(len(images))*float64(b.N)/b.Elapsed().Seconds(), "images/s")
}
