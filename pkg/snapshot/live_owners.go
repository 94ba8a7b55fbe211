package snapshot

import (
	"context"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// readOwners lists, once each and in parallel, the owner kinds and nodes
// that needs asks for, and then Deployments when a needed ReplicaSet has
// one. It returns one note per list that failed, in a fixed order.
func (r *liveRun) readOwners(ctx context.Context, needs *liveNeeds) []string {
	ns, sel := r.opts.Namespace, r.opts.LabelSelector
	owned := metav1.ListOptions{LabelSelector: sel}
	// One slot per kind, so that notes come out in the same order every run.
	notes := make([]string, 6)
	var mu sync.Mutex // guards r.snap.Kinds
	counted := func(kind string, n int) {
		mu.Lock()
		r.snap.Kinds[kind] = n
		mu.Unlock()
	}
	var wg sync.WaitGroup
	if needs.needs("ReplicaSet") || needs.needs("Deployment") {
		// Deployments are listed beside the ReplicaSets rather than after
		// them: the pods of a ReplicaSet nearly always come from a
		// Deployment, and waiting for the ReplicaSets to know it would put
		// two lists end to end. They are kept only when needed.
		var deployments []appsv1.Deployment
		var deploymentsErr error
		var listed sync.WaitGroup
		listed.Go(func() {
			deployments, deploymentsErr = listPaged(ctx, r, "deployments", owned,
				func(ctx context.Context, o metav1.ListOptions) ([]appsv1.Deployment, metav1.ListMeta, error) {
					l, err := r.client.AppsV1().Deployments(ns).List(ctx, o)
					if err != nil {
						return nil, metav1.ListMeta{}, err
					}
					return l.Items, l.ListMeta, nil
				})
		})
		wg.Go(func() {
			needed := needs.needs("Deployment")
			if needs.needs("ReplicaSet") {
				items, err := listPaged(ctx, r, "replicasets", owned,
					func(ctx context.Context, o metav1.ListOptions) ([]appsv1.ReplicaSet, metav1.ListMeta, error) {
						l, err := r.client.AppsV1().ReplicaSets(ns).List(ctx, o)
						if err != nil {
							return nil, metav1.ListMeta{}, err
						}
						return l.Items, l.ListMeta, nil
					})
				if err != nil {
					notes[0] = listNote("replicasets", ns, "pods are shown without their Deployment and ReplicaSet failures are not diagnosed", err)
				} else {
					for i := range items {
						items[i].TypeMeta = metav1.TypeMeta{APIVersion: "apps/v1", Kind: "ReplicaSet"}
						if ref := metav1.GetControllerOf(&items[i]); ref != nil && ref.Kind == "Deployment" && needs.relevant("ReplicaSet", &items[i]) {
							needed = true
						}
					}
					r.snap.ReplicaSets = items
					counted("ReplicaSet", len(items))
				}
			}
			listed.Wait()
			if !needed {
				return
			}
			if deploymentsErr != nil {
				notes[1] = listNote("deployments", ns, "stuck rollouts are not diagnosed", deploymentsErr)
				return
			}
			for i := range deployments {
				deployments[i].TypeMeta = metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}
			}
			r.snap.Deployments = deployments
			counted("Deployment", len(deployments))
		})
	}
	if needs.needs("StatefulSet") {
		wg.Go(func() {
			items, err := listPaged(ctx, r, "statefulsets", owned,
				func(ctx context.Context, o metav1.ListOptions) ([]appsv1.StatefulSet, metav1.ListMeta, error) {
					l, err := r.client.AppsV1().StatefulSets(ns).List(ctx, o)
					if err != nil {
						return nil, metav1.ListMeta{}, err
					}
					return l.Items, l.ListMeta, nil
				})
			if err != nil {
				notes[2] = listNote("statefulsets", ns, "StatefulSet failures are not diagnosed", err)
				return
			}
			for i := range items {
				items[i].TypeMeta = metav1.TypeMeta{APIVersion: "apps/v1", Kind: "StatefulSet"}
			}
			r.snap.StatefulSets = items
			counted("StatefulSet", len(items))
		})
	}
	if needs.needs("DaemonSet") {
		wg.Go(func() {
			items, err := listPaged(ctx, r, "daemonsets", owned,
				func(ctx context.Context, o metav1.ListOptions) ([]appsv1.DaemonSet, metav1.ListMeta, error) {
					l, err := r.client.AppsV1().DaemonSets(ns).List(ctx, o)
					if err != nil {
						return nil, metav1.ListMeta{}, err
					}
					return l.Items, l.ListMeta, nil
				})
			if err != nil {
				notes[3] = listNote("daemonsets", ns, "DaemonSet failures are not diagnosed", err)
				return
			}
			for i := range items {
				items[i].TypeMeta = metav1.TypeMeta{APIVersion: "apps/v1", Kind: "DaemonSet"}
			}
			r.snap.DaemonSets = items
			counted("DaemonSet", len(items))
		})
	}
	if needs.needs("Job") {
		wg.Go(func() {
			items, err := listPaged(ctx, r, "jobs", owned,
				func(ctx context.Context, o metav1.ListOptions) ([]batchv1.Job, metav1.ListMeta, error) {
					l, err := r.client.BatchV1().Jobs(ns).List(ctx, o)
					if err != nil {
						return nil, metav1.ListMeta{}, err
					}
					return l.Items, l.ListMeta, nil
				})
			if err != nil {
				notes[4] = listNote("jobs", ns, "Job failures are not diagnosed and Job pods are shown without their CronJob", err)
				return
			}
			for i := range items {
				items[i].TypeMeta = metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"}
			}
			r.snap.Jobs = items
			counted("Job", len(items))
		})
	}
	if needs.needs("Node") {
		wg.Go(func() {
			// Nodes are cluster-scoped; a label selector is about pods.
			items, err := listPaged(ctx, r, "nodes", metav1.ListOptions{},
				func(ctx context.Context, o metav1.ListOptions) ([]corev1.Node, metav1.ListMeta, error) {
					l, err := r.client.CoreV1().Nodes().List(ctx, o)
					if err != nil {
						return nil, metav1.ListMeta{}, err
					}
					return l.Items, l.ListMeta, nil
				})
			if err != nil {
				notes[5] = listNote("nodes", "", "node conditions and capacity are not diagnosed", err)
				return
			}
			for i := range items {
				items[i].TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Node"}
			}
			r.snap.Nodes = items
			counted("Node", len(items))
		})
	}
	wg.Wait()
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}
