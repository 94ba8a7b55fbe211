package lint_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/lint"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// Lint a manifest held in memory and print the image findings with their
// line and column.
func Example() {
	const pod = `apiVersion: v1
kind: Pod
metadata:
  name: webserver
spec:
  containers:
  - name: webserver
    image: ngnx:latest
`
	ctx := context.Background()
	linter, err := lint.New(ctx, lint.Options{})
	if err != nil {
		panic(err)
	}
	objects, problems := manifest.Parse("pod.yaml", []byte(pod))
	if len(problems) > 0 {
		panic(problems[0].Message)
	}
	result := linter.LintObjects(ctx, objects)
	for _, f := range result.Findings {
		if strings.Contains(f.Path, "image") {
			fmt.Printf("%s %s %s\n", f.Location, f.Rule, f.Message)
		}
	}
	// Output:
	// pod.yaml:8:12 image-typo image "ngnx:latest" looks misspelled: did you mean "nginx:latest"?
	// pod.yaml:8:12 latest-tag image "ngnx:latest" uses the mutable tag "latest"
}
