package imageref

import (
	_ "embed"
	"strings"
)

// catalogText lists well-known images, one per line; see catalog.txt.
//
//go:embed catalog.txt
var catalogText string

// catalogImages returns the images listed in catalog.txt, in file order.
func catalogImages() []string {
	var images []string
	for line := range strings.Lines(catalogText) {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line != "" {
			images = append(images, line)
		}
	}
	return images
}
