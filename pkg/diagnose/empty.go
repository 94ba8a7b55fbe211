package diagnose

import (
	"strings"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// EmptyInputError says a run had nothing to diagnose: the data held no pod
// and no workload (an empty List, only events or nodes, or a selector that
// matched nothing). A gate that passes on it would pass a pipeline whose
// saved data never arrived, so Result.Empty returns it and the command line
// exits 2 on it for saved data.
type EmptyInputError struct {
	// Sources say where the data came from, when the snapshot says it.
	Sources []string
}

func (e *EmptyInputError) Error() string {
	where := "the cluster data"
	if len(e.Sources) > 0 {
		where = strings.Join(e.Sources, ", ")
	}
	return "nothing to diagnose: " + where + " holds no pod and no workload"
}

// Empty returns an *EmptyInputError when the run read no pod and no
// workload. Callers that accept empty data (a namespace that may hold
// nothing yet) ignore it; the command line's --allow-empty does.
func (r Result) Empty() error {
	if r.Pods > 0 || r.Workloads > 0 {
		return nil
	}
	return &EmptyInputError{Sources: r.Sources}
}

// Empty returns an *EmptyInputError when a snapshot holds no pod and no
// workload: Result.Empty before any diagnosis. The command line asks it of
// saved data as loaded, before -l narrows it, since a selector that
// matches nothing is an answer about the data, not a missing input.
func Empty(snap *snapshot.Snapshot) error {
	return Result{Pods: podCount(snap), Workloads: countWorkloads(snap), Sources: snap.Sources}.Empty()
}

// countWorkloads counts the workload objects a snapshot holds.
func countWorkloads(snap *snapshot.Snapshot) int {
	return len(snap.ReplicaSets) + len(snap.Deployments) + len(snap.StatefulSets) +
		len(snap.DaemonSets) + len(snap.Jobs) + len(snap.CronJobs)
}
