// Command gen writes the corpora poddoctor is benchmarked on (see
// docs/PERFORMANCE.md and bench/run).
//
//	go run ./bench/gen manifests -n 10000 -o /tmp/corpus/lint-10k
//	go run ./bench/gen manifests -n 10000 -mix reference -o /tmp/corpus/ref-10k
//	go run ./bench/gen manifests -n 8000 -mix budgets -o /tmp/corpus/budgets-8k
//	go run ./bench/gen manifests -n 12000 -mix access -o /tmp/corpus/access-12k
//	go run ./bench/gen snapshot -pods 10000 -o /tmp/corpus/snap-10k.json
//
// manifests writes N objects (Deployments, StatefulSets, DaemonSets,
// CronJobs, Services, ConfigMaps) in multi-document files under team
// directories, with a realistic share of mistakes; snapshot writes a
// cluster of N pods with their owners, nodes and about 5 events per pod as
// `kubectl get ... -A -o json` prints it, most pods healthy. Both print
// what they wrote on stderr. The same flags always give the same bytes.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(args []string, log io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: gen manifests|snapshot [flags] (gen manifests -h for the flags)")
	}
	switch args[0] {
	case "manifests":
		fs := flag.NewFlagSet("manifests", flag.ContinueOnError)
		n := fs.Int("n", 10000, "number of objects")
		mix := fs.String("mix", corpus.MixMixed, "mixed (all workload kinds, Services, ConfigMaps), reference (two-container Deployments and Services), budgets (Deployments, each with a PodDisruptionBudget, HorizontalPodAutoscaler and NetworkPolicy) or access (Deployments, each with a Service, Ingress, ServiceAccount, Role and RoleBinding)")
		perFile := fs.Int("per-file", 200, "objects per file")
		seed := fs.Uint64("seed", 1, "seed")
		peerSafe := fs.Bool("peer-safe", false, "leave out the mistakes that make a peer refuse the whole input (invalid quantities stop kube-score)")
		out := fs.String("o", "", "directory to write (created)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *out == "" {
			return fmt.Errorf("manifests: -o DIR is required")
		}
		if !slices.Contains([]string{corpus.MixMixed, corpus.MixReference, corpus.MixBudgets, corpus.MixAccess}, *mix) {
			return fmt.Errorf("manifests: -mix %q, want mixed, reference, budgets or access", *mix)
		}
		stats, err := corpus.WriteManifests(*out, corpus.ManifestOptions{Objects: *n, Mix: *mix, PerFile: *perFile, Seed: *seed, PeerSafe: *peerSafe})
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "%s: %s\n", *out, stats)
	case "snapshot":
		fs := flag.NewFlagSet("snapshot", flag.ContinueOnError)
		pods := fs.Int("pods", 10000, "number of pods")
		events := fs.Int("events-per-pod", 5, "events per pod, on average")
		seed := fs.Uint64("seed", 1, "seed")
		order := fs.String("order", "", "where the events go: after each pod (default), "+corpus.OrderEventsFirst+" or "+corpus.OrderEventsLast)
		out := fs.String("o", "-", "file to write, - for stdout")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		w := io.Writer(os.Stdout)
		if *out != "-" {
			f, err := os.Create(*out)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		stats, err := corpus.Snapshot(w, corpus.SnapshotOptions{Pods: *pods, EventsPerPod: *events, Seed: *seed, Order: *order})
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "%s: %s\n", *out, stats)
	default:
		return fmt.Errorf("unknown corpus %q: want manifests or snapshot", args[0])
	}
	return nil
}
