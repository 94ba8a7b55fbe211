package diagnose

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestChunkedMatchesAllAtOnce diagnoses the testdata (all of it together,
// so that image typos meet images pulled by other pods) and generated
// clusters, loaded whole and sieved, with chunks of one, two and the
// default number of pods: Diagnose must return the very Result that
// evaluating every facts document at once gives (DiagnoseFacts), whatever
// the filter and with some rules disabled, findings in the same order.
func TestChunkedMatchesAllAtOnce(t *testing.T) {
	ctx := context.Background()
	var inputs []*snapshot.Snapshot
	paths, _ := filepath.Glob("../../testdata/diagnose/*.yaml")
	if len(paths) < 20 {
		t.Fatalf("testdata/diagnose has %d yaml files", len(paths))
	}
	testdata, err := snapshot.LoadWith(paths, nil, snapshot.Options{IgnoreFileTimes: true})
	if err != nil {
		t.Fatal(err)
	}
	inputs = append(inputs, testdata)
	var cluster bytes.Buffer
	if _, err := corpus.Snapshot(&cluster, corpus.SnapshotOptions{Pods: 400, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	whole, err := snapshot.Load([]string{"-"}, bytes.NewReader(cluster.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	inputs = append(inputs, whole)

	for _, disable := range [][]string{nil, {"image-typo", RulePolicyError}} {
		d, err := New(ctx, Options{Disable: disable})
		if err != nil {
			t.Fatal(err)
		}
		sieved, err := snapshot.LoadWith([]string{"-"}, bytes.NewReader(cluster.Bytes()), snapshot.Options{Sieve: d.Sieve()})
		if err != nil {
			t.Fatal(err)
		}
		for n, snap := range append(inputs, sieved) {
			for filterName, filter := range chunkFilters(t, d, snap) {
				want, err := d.DiagnoseFacts(ctx, snap, filter)
				if err != nil {
					t.Fatal(err)
				}
				want.Facts = nil
				if want.Examined == 0 || len(want.Findings) == 0 || (filterName == "all" && want.Examined < 20) {
					t.Fatalf("input %d, %s: %d pods examined, %d findings", n, filterName, want.Examined, len(want.Findings))
				}
				wantJSON := chunkResultJSON(t, want)
				for _, size := range []int{1, 2, diagnoseChunk} {
					got := diagnoseWithChunk(t, d, snap, filter, size)
					if gotJSON := chunkResultJSON(t, got); !bytes.Equal(wantJSON, gotJSON) {
						t.Errorf("input %d, %s, disable %v, chunks of %d:\n%s", n, filterName, disable, size, firstDifference(wantJSON, gotJSON))
					}
				}
			}
		}
	}
}

// chunkFilters are every filter kind over snap: none, the namespace of the
// first pod with a finding, and the first and last pods with a finding.
func chunkFilters(t *testing.T, d *Diagnoser, snap *snapshot.Snapshot) map[string]Filter {
	t.Helper()
	res, err := d.DiagnoseFacts(context.Background(), snap, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var pods []finding.ObjectRef
	for _, f := range res.Findings {
		if f.Object.Kind == "Pod" {
			pods = append(pods, f.Object)
		}
	}
	if len(pods) < 2 {
		t.Fatalf("%d pods with findings", len(pods))
	}
	first, last := pods[0], pods[len(pods)-1]
	return map[string]Filter{
		"all":           {},
		"one namespace": {Namespace: first.Namespace},
		"two pods":      {Pods: []string{first.Name, last.Name}},
	}
}

// diagnoseWithChunk is Diagnose with chunks of size pods.
func diagnoseWithChunk(t *testing.T, d *Diagnoser, snap *snapshot.Snapshot, filter Filter, size int) Result {
	t.Helper()
	saved := diagnoseChunk
	diagnoseChunk = size
	defer func() { diagnoseChunk = saved }()
	res, err := d.Diagnose(context.Background(), snap, filter)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// chunkResultJSON is what a Result says, as JSON, the image catalog
// included.
func chunkResultJSON(t *testing.T, res Result) []byte {
	t.Helper()
	data, err := json.MarshalIndent(map[string]any{
		"findings": res.Findings, "ownerPods": res.OwnerPods, "pods": res.Pods,
		"examined": res.Examined, "workloads": res.Workloads, "notes": res.Notes,
		"clock": res.Clock, "sources": res.Sources, "running": res.runningImages,
		"now": res.now,
	}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestOwnerAndPulledMatchPodFacts holds the first pass of a chunked
// diagnosis to the facts documents: for every pod that needs a look, its
// owner and pulled images (what the image catalog and the owner counts
// read of all documents) are those of its facts document.
func TestOwnerAndPulledMatchPodFacts(t *testing.T) {
	paths, _ := filepath.Glob("../../testdata/diagnose/*.yaml")
	snap, err := snapshot.LoadWith(paths, nil, snapshot.Options{IgnoreFileTimes: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := d.start(snap, Filter{})
	owned, pulled := 0, 0
	for _, pod := range r.examined {
		owner, images := r.b.podOwnerAndPulled(pod)
		facts := r.b.podFacts(pod)
		if !reflect.DeepEqual(owner, facts.Owner) || !reflect.DeepEqual(images, facts.PulledImages) {
			t.Errorf("pod %s/%s: first pass says owner %v, pulled %v; facts say %v, %v", pod.Namespace, pod.Name, owner, images, facts.Owner, facts.PulledImages)
		}
		if owner != nil {
			owned++
		}
		pulled += len(images)
	}
	if owned < 10 || pulled < 3 {
		t.Fatalf("testdata too thin: %d owned pods, %d pulled images", owned, pulled)
	}
}
