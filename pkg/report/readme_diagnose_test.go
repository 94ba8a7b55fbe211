package report_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/diagnose"
	"github.com/poddoctor/poddoctor/pkg/report"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestReadmeDiagnoseExample keeps the README's second Go example (the
// diagnosis) identical to readmeDiagnoseExample below, which
// Example_readmeDiagnose compiles and runs: if the API drifts, this file
// stops compiling; if the README drifts, this test fails.
func TestReadmeDiagnoseExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadFile("readme_diagnose_test.go")
	if err != nil {
		t.Fatal(err)
	}
	section := regexp.MustCompile("(?s)## As a Go library\n(.*?)\n## ").FindSubmatch(readme)
	if section == nil {
		t.Fatal("README has no \"## As a Go library\" section")
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(section[1], -1)
	if len(blocks) != 2 {
		t.Fatalf("the README's library section has %d Go examples, want 2 (lint, diagnose)", len(blocks))
	}
	body := regexp.MustCompile(`(?s)// README diagnose begins\n(.*?)\t// README diagnose ends`).FindSubmatch(self)
	if body == nil {
		t.Fatal("readmeDiagnoseExample markers not found")
	}
	want := strings.TrimPrefix(strings.ReplaceAll(string(body[1]), "\n\t", "\n"), "\t")
	want = strings.ReplaceAll(want, "paths", `[]string{"snapshot.json"}`)
	if got := string(blocks[1][1]); got != want {
		t.Errorf("README's diagnose example differs from readmeDiagnoseExample:\nREADME:\n%s\ntest:\n%s", got, want)
	}
}

// readmeDiagnoseExample is the README's diagnose example, with the paths
// passed in.
func readmeDiagnoseExample(ctx context.Context, paths []string) error {
	// README diagnose begins
	snap, err := snapshot.Load(paths, nil)
	if err != nil {
		return err
	}
	doctor, err := diagnose.New(ctx, diagnose.Options{})
	if err != nil {
		return err
	}
	result, err := doctor.Diagnose(ctx, snap, diagnose.Filter{})
	if err != nil {
		return err
	}
	if err := result.Empty(); err != nil {
		return err // the data held no pod and no workload
	}
	return report.Render(os.Stdout, "text", result.Findings, report.Options{Engine: "diagnose"})
	// README diagnose ends
}

// The saved data is testdata/diagnose/image-typo-containerd.yaml, saved
// kubectl output of a Deployment whose image is misspelled (kubelet 1.29,
// containerd 1.7); ages count from its newest timestamp, so the output is
// the same whenever it runs.
func Example_readmeDiagnose() {
	if err := readmeDiagnoseExample(context.Background(), []string{"../../testdata/diagnose/image-typo-containerd.yaml"}); err != nil {
		panic(err)
	}
	// Output:
	// Deployment shop/queue: pod queue-5d8f7b9c6-m4kzq — error image-typo in container queue
	//   the container "queue" cannot be pulled: image "redsi:7" does not exist; did you mean "redis:7"?
	//   Evidence:
	//     State: Waiting (ImagePullBackOff)
	//     Warning  Failed   0s (x36 over 8m27s)    kubelet  Error: ImagePullBackOff
	//     Normal   BackOff  0s (x36 over 8m27s)    kubelet  Back-off pulling image "redsi:7"
	//     Warning  Failed   3m18s (x6 over 8m28s)  kubelet  Error: ErrImagePull
	//     Warning  Failed   3m18s (x6 over 8m28s)  kubelet  Failed to pull image "redsi:7": failed to pull and unpack image "docker.io/library/redsi:7": failed to resolve reference "docker.io/library/redsi:7": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed
	//   Remedy: Correct the image in Deployment shop/queue: kubectl set image -n shop deployment/queue queue=redis:7
	//   Fix: set spec.containers[0].image to "redis:7"
	//
	// 1 problem (1 error, 0 warnings, 0 info) in 1 pod
}
