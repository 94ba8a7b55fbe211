package snapshot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// readLogs reads the log tails of targets, at most LogConcurrency at a time,
// into the Snapshot's Logs. It returns at most one note for the logs that
// were refused and one for those that failed otherwise.
func (r *liveRun) readLogs(ctx context.Context, targets []logTarget) []string {
	if len(targets) == 0 {
		return nil
	}
	logs := make([]string, len(targets))
	errs := make([]error, len(targets))
	sem := make(chan struct{}, r.opts.LogConcurrency)
	var wg sync.WaitGroup
	var done int
	var doneMu sync.Mutex
	for i, t := range targets {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			logs[i], errs[i] = r.readLog(ctx, t.key)
			doneMu.Lock()
			done++
			read := done
			doneMu.Unlock()
			r.sent("logs", read)
		})
	}
	wg.Wait()

	var forbidden, failed []int
	for i, t := range targets {
		switch {
		case errs[i] == nil:
			r.snap.Logs[t.key] = logs[i]
		case apierrors.IsForbidden(errs[i]):
			forbidden = append(forbidden, i)
		default:
			failed = append(failed, i)
		}
	}
	var notes []string
	if len(forbidden) > 0 {
		var namespaces []string
		for _, i := range forbidden {
			namespaces = append(namespaces, targets[i].key.Namespace)
		}
		slices.Sort(namespaces)
		namespaces = slices.Compact(namespaces)
		where := fmt.Sprintf("namespace %q", namespaces[0])
		if len(namespaces) > 1 {
			where = fmt.Sprintf("namespaces %s", strings.Join(quoteAll(namespaces), ", "))
		}
		notes = append(notes, fmt.Sprintf("could not read the logs of %s (%s): forbidden, needs RBAC permission \"get\" on \"pods/log\" in %s; findings lack their log tails",
			plural(len(forbidden), "container"), containerList(targets, forbidden), where))
	}
	if len(failed) > 0 {
		notes = append(notes, fmt.Sprintf("could not read the logs of %s (%s): %v; findings lack their log tails",
			plural(len(failed), "container"), containerList(targets, failed), errs[failed[0]]))
	}
	return notes
}

// readLog reads one log tail. A log longer than LogTailBytes keeps its end.
func (r *liveRun) readLog(ctx context.Context, key ContainerKey) (string, error) {
	tail, limit := r.opts.LogLines, int64(LogTailBytes)
	data, err := r.client.CoreV1().Pods(key.Namespace).GetLogs(key.Pod, &corev1.PodLogOptions{
		Container:  key.Container,
		Previous:   key.Previous,
		TailLines:  &tail,
		LimitBytes: &limit,
	}).DoRaw(ctx)
	if err != nil {
		return "", err
	}
	if len(data) > LogTailBytes {
		data = data[len(data)-LogTailBytes:]
	}
	return string(data), nil
}

// containerList names the first few containers of targets at idx.
func containerList(targets []logTarget, idx []int) string {
	const most = 3
	var names []string
	for _, i := range idx[:min(len(idx), most)] {
		k := targets[i].key
		names = append(names, k.Namespace+"/"+k.Pod+"/"+k.Container)
	}
	if len(idx) > most {
		names = append(names, fmt.Sprintf("and %d more", len(idx)-most))
	}
	return strings.Join(names, ", ")
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}
