package diagnose

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/internal/parallel"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// RulePolicyError is the Go rule that reports a diagnosis policy failing
// on one facts document.
const RulePolicyError = "diagnose-policy-error"

var goRules = []finding.Rule{{
	ID:          RulePolicyError,
	Engine:      "diagnose",
	Severity:    finding.Error,
	Category:    "policy",
	Description: "A diagnosis policy failed while evaluating a pod or workload (a runtime error, or it ran past its time budget), so some diagnoses did not run on it.",
	Remedy:      "Fix the policy named in the message; run `poddoctor test-policies DIR` to reproduce it with tests.",
	Source:      "go:pkg/policy",
}, {
	ID:          RuleInputIgnored,
	Engine:      "diagnose",
	Severity:    finding.Warning,
	Category:    "input",
	Description: "Part of the saved cluster data could not be used: a file or directory that could not be read or is not a regular file, or a field of the wrong type that was left out of its object. The diagnosis went on without it.",
	Remedy:      "Fix the named field or file, or capture the data again (kubectl get -o json, kubectl cluster-info dump) with permission to read all of it.",
	Source:      "go:pkg/snapshot",
}}

// RuleInputIgnored is the Go rule that reports saved input the diagnosis
// could not use (snapshot.Gap): said in the findings, so that every format
// shows it, and not only on standard error.
const RuleInputIgnored = "input-ignored"

// gapFindings turns what the snapshot could not use into findings, about
// the object when the gap is in one, about the file otherwise.
func (d *Diagnoser) gapFindings(snap *snapshot.Snapshot, filter Filter) []finding.Finding {
	if d.disabled[RuleInputIgnored] {
		return nil
	}
	var out []finding.Finding
	for _, g := range snap.Gaps {
		f := finding.Finding{
			Rule: RuleInputIgnored, Severity: finding.Warning, Message: g.Text,
			Remedy: goRules[1].Remedy, Location: &finding.Location{File: g.Source},
		}
		if g.Object.Kind != "" {
			if filter.Namespace != "" && g.Object.Namespace != filter.Namespace {
				continue
			}
			if len(filter.Pods) > 0 && (g.Object.Kind != "Pod" || !slices.Contains(filter.Pods, g.Object.Name)) {
				continue
			}
			f.Object = finding.ObjectRef{APIVersion: apiVersionOfKept(g.Object.Kind), Kind: g.Object.Kind, Namespace: g.Object.Namespace, Name: g.Object.Name}
			f.Message = fmt.Sprintf("%s %s: %s", g.Object.Kind, g.Object.Name, g.Text)
		}
		out = append(out, f)
	}
	return out
}

// apiVersionOfKept is the apiVersion the snapshot gives objects of a kind
// it keeps.
func apiVersionOfKept(kind string) string {
	switch kind {
	case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet":
		return "apps/v1"
	case "Job", "CronJob":
		return "batch/v1"
	}
	return "v1"
}

// Options configure a Diagnoser. The zero value runs every built-in
// diagnosis.
type Options struct {
	// Policies are a team's own Rego modules over the facts documents
	// (runbooks as code), evaluated beside the built-ins.
	Policies []policy.Module
	// Disable switches diagnoses off by id.
	Disable []string
	// KnownImages extends the typo catalog with a team's own image names.
	KnownImages []string
	// Now is the clock event ages are measured against. Nil means the
	// snapshot's capture time (see UseFileTime), or the current time when
	// it has none.
	Now func() time.Time
	// UseFileTime measures ages of saved data from the files' modification
	// time when it is later than every timestamp inside: kubectl writes the
	// file when it captures. Off, the newest timestamp inside is the clock,
	// the same whenever and wherever the files are read.
	UseFileTime bool
	// Workers bounds parallel evaluation; 0 means GOMAXPROCS.
	Workers int
	// Data is what policies read under data.poddoctor, such as rule
	// parameters (config.Config.Data).
	Data map[string]any
}

// Diagnoser explains failing pods and workloads with compiled policies.
// It is safe for concurrent use.
type Diagnoser struct {
	engine   *eval.Engine
	disabled finding.Disabled
	known    []string
	now      func() time.Time
	fileTime bool
	workers  int
}

// Result is what one diagnosis run found.
type Result struct {
	Findings []finding.Finding
	// Facts are the documents the policies received, in the order of
	// Findings' objects; kept only when requested (DiagnoseFacts).
	Facts []*Facts
	// OwnerPods counts the pods of every top owner that has a finding,
	// keyed like finding.ObjectRef.String() ("Deployment shop/web"), so
	// output can say "3 of 12 pods".
	OwnerPods map[string]int
	// Pods counts the pods read, Examined those that needed a look.
	Pods     int
	Examined int
	// Workloads counts the workload objects read (Deployments, Jobs, ...)
	// and Sources say where the data came from; Empty reads them.
	Workloads int
	Sources   []string
	// Notes say what the input lacked: partial data, skipped kinds.
	Notes []string
	// Clock is the moment ages were measured against, and where it came
	// from.
	Clock Clock

	// runningImages are the images some container of the snapshot pulled
	// and started: the best candidates when a pull fails on a near miss.
	runningImages []string
	// now is the clock the facts were built against; policies that read
	// the time (time.now_ns) see it too.
	now time.Time
}

// New compiles the built-in and user diagnosis policies.
func New(ctx context.Context, opts Options) (*Diagnoser, error) {
	engine, disabled, err := eval.CompileBuiltins(ctx, "diagnose", opts.Policies, opts.Disable, eval.Config{
		// The suggester is the snapshot's, given with each evaluation.
		Builtins: builtin.All(nil),
		GoRules:  goRules,
		Data:     opts.Data,
		// conftest's namespaces are for manifests: every package of a
		// team's diagnoses runs.
		Conftest: eval.Conftest{AllNamespaces: true},
	})
	if err != nil {
		return nil, err
	}
	return &Diagnoser{engine: engine, disabled: disabled, known: opts.KnownImages, now: opts.Now, fileTime: opts.UseFileTime, workers: parallel.Workers(opts.Workers)}, nil
}

// Rules returns the metadata of every diagnosis rule.
func (d *Diagnoser) Rules() []finding.Rule { return d.engine.Registry().Rules() }

// Registry returns the rule registry of this diagnoser.
func (d *Diagnoser) Registry() *policy.Registry { return d.engine.Registry() }

// Filter narrows a run to some namespaces and pods.
type Filter struct {
	Namespace string   // "" for every namespace
	Pods      []string // pod names; empty for every pod
}

func (f Filter) pod(pod *corev1.Pod) bool {
	if f.Namespace != "" && pod.Namespace != f.Namespace {
		return false
	}
	return len(f.Pods) == 0 || slices.Contains(f.Pods, pod.Name)
}

func (f Filter) workload(namespace string) bool {
	return len(f.Pods) == 0 && (f.Namespace == "" || namespace == f.Namespace)
}

// Diagnose examines every pod and workload of the snapshot that the filter
// selects. The pods are diagnosed in chunks (diagnoseChunk): each chunk's
// facts documents are built, evaluated and released before the next, so
// memory follows one chunk and not every pod that needs a look. What the
// documents share (owner pod counts, the image catalog) is read from all
// of them first; see diagnoseInChunks.
func (d *Diagnoser) Diagnose(ctx context.Context, snap *snapshot.Snapshot, filter Filter) (Result, error) {
	r := d.start(snap, filter)
	findings := d.diagnoseInChunks(ctx, r)
	res := r.res
	res.Findings = append(findings, d.gapFindings(snap, filter)...)
	finding.Sort(res.Findings)
	res.redactSecrets(snap)
	return res, ctx.Err()
}

// DiagnoseFacts is Diagnose that also returns the facts documents.
func (d *Diagnoser) DiagnoseFacts(ctx context.Context, snap *snapshot.Snapshot, filter Filter) (Result, error) {
	facts, res := d.Facts(snap, filter)
	res.Findings = d.evaluate(ctx, facts, res.runningImages, res.now)
	res.Findings = append(res.Findings, d.gapFindings(snap, filter)...)
	finding.Sort(res.Findings)
	res.redactSecrets(snap)
	res.Facts = facts
	return res, ctx.Err()
}

// Facts builds the facts documents of every pod and workload that needs a
// look, without evaluating any policy: what `-o facts` prints.
func (d *Diagnoser) Facts(snap *snapshot.Snapshot, filter Filter) ([]*Facts, Result) {
	r := d.start(snap, filter)
	facts := append(r.podFacts(r.examined), r.workloads...)
	r.countOwners(wantedOwners(facts))
	return facts, r.res
}

// diagnosisRun is one diagnosis of one snapshot being built: the facts
// builder, the Result so far, the pods that need a look (in snapshot
// order) and the workload documents.
type diagnosisRun struct {
	b         *factBuilder
	res       Result
	examined  []*corev1.Pod
	workloads []*Facts
}

// start reads the clock, indexes the snapshot, and chooses the pods that
// need a look and the workloads to diagnose.
func (d *Diagnoser) start(snap *snapshot.Snapshot, filter Filter) *diagnosisRun {
	clock := d.clock(snap)
	b := &factBuilder{snap: snap, index: snapshot.NewIndex(snap), now: clock.Time}
	b.cluster = clusterFacts(snap)
	r := &diagnosisRun{b: b, res: Result{Pods: podCount(snap), Notes: append([]string(nil), snap.Notes...), now: clock.Time, Clock: clock}}
	r.res.Workloads, r.res.Sources = countWorkloads(snap), snap.Sources
	// Pods are judged on every core, in chunks joined in pod order: the
	// builder only reads the snapshot and its index.
	const chunk = 256
	perChunk := make([][]*corev1.Pod, (len(snap.Pods)+chunk-1)/chunk)
	parallel.For(len(perChunk), parallel.Workers(0), func(c int) {
		for i := c * chunk; i < min(len(snap.Pods), (c+1)*chunk); i++ {
			pod := &snap.Pods[i]
			if filter.pod(pod) && b.needsLook(pod) {
				perChunk[c] = append(perChunk[c], pod)
			}
		}
	})
	for _, pods := range perChunk {
		r.examined = append(r.examined, pods...)
	}
	r.res.Examined = len(r.examined)
	for _, w := range b.workloadFacts() {
		if filter.workload(w.Object.Namespace) {
			r.workloads = append(r.workloads, &Facts{SchemaVersion: SchemaVersion, Kind: KindWorkload, Workload: w})
		}
	}
	return r
}

// podFacts builds the facts documents of pods on every core, in their
// order.
func (r *diagnosisRun) podFacts(pods []*corev1.Pod) []*Facts {
	facts := make([]*Facts, len(pods))
	const chunk = 64
	parallel.For((len(pods)+chunk-1)/chunk, parallel.Workers(0), func(c int) {
		for i := c * chunk; i < min(len(pods), (c+1)*chunk); i++ {
			facts[i] = &Facts{SchemaVersion: SchemaVersion, Kind: KindPod, Pod: r.b.podFacts(pods[i])}
		}
	})
	return facts
}

// countOwners fills the Result's owner pod counts for the wanted top
// owners, and the running images, from every pod read.
func (r *diagnosisRun) countOwners(wanted map[string]bool) {
	if sieve := siftedBy(r.b.snap); sieve != nil {
		// The pods the sieve left out count too: it observed them all.
		r.res.OwnerPods = r.b.ownerPodsSifted(wanted, sieve)
		r.res.runningImages = sieve.images
		return
	}
	// Two passes over every pod, independent of each other.
	var wg sync.WaitGroup
	wg.Go(func() { r.res.OwnerPods = r.b.ownerPods(wanted) })
	wg.Go(func() { r.res.runningImages = runningImages(r.b.snap.Pods) })
	wg.Wait()
}

// ownerPods counts all pods (healthy ones too) of the top owners that the
// facts mention. Each distinct direct controller is resolved once, so the
// cost is one map lookup per pod.
func (b *factBuilder) ownerPods(wanted map[string]bool) map[string]int {
	counts := map[string]int{}
	if len(wanted) == 0 {
		return counts
	}
	topByController := map[string]string{}
	for i := range b.snap.Pods {
		pod := &b.snap.Pods[i]
		direct := controllerOf(pod.OwnerReferences)
		if direct == nil {
			continue
		}
		cacheKey := controllerKey(pod.Namespace, direct)
		top, ok := topByController[cacheKey]
		if !ok {
			chain := b.ownerChain(pod.Namespace, pod.OwnerReferences)
			top = finding.ObjectRef(chain[len(chain)-1]).String()
			topByController[cacheKey] = top
		}
		if wanted[top] {
			counts[top]++
		}
	}
	return counts
}

// wantedOwners are the top owners the facts name.
func wantedOwners(facts []*Facts) map[string]bool {
	wanted := map[string]bool{}
	for _, f := range facts {
		if f.Pod != nil && f.Pod.Owner != nil {
			wanted[finding.ObjectRef(*f.Pod.Owner).String()] = true
		}
	}
	return wanted
}

// suggester knows the catalog, the team's names, the images the snapshot
// shows running anywhere (healthy pods never become facts, so they are
// passed in), and the images the examined pods pulled before.
func (d *Diagnoser) suggester(facts []*Facts, running []string) *imageref.Suggester {
	var pulled []string
	for _, f := range facts {
		if f.Pod != nil {
			pulled = append(pulled, f.Pod.PulledImages...)
		}
	}
	return d.suggesterOf(pulled, running)
}

// suggesterOf is the suggester of a run whose examined pods pulled the
// images pulled, in the order of their facts documents.
func (d *Diagnoser) suggesterOf(pulled, running []string) *imageref.Suggester {
	known := append(append([]string(nil), d.known...), running...)
	return imageref.NewSuggester(append(known, pulled...)...)
}

// runningImages returns, once each, the spec image of every container
// whose status shows the image was pulled (an image id) or that runs.
func runningImages(pods []corev1.Pod) []string {
	seen := map[string]bool{}
	var out []string
	for i := range pods {
		out = appendRunningImages(out, seen, &pods[i])
	}
	return out
}

// appendRunningImages appends to out the running images of one pod that
// are not in seen yet.
func appendRunningImages(out []string, seen map[string]bool, pod *corev1.Pod) []string {
	specImages := map[string]string{}
	for _, c := range pod.Spec.InitContainers {
		specImages[c.Name] = c.Image
	}
	for _, c := range pod.Spec.Containers {
		specImages[c.Name] = c.Image
	}
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, st := range list {
			if st.ImageID == "" && st.State.Running == nil {
				continue
			}
			image := specImages[st.Name]
			if image == "" {
				image = st.Image
			}
			if image != "" && !seen[image] {
				seen[image] = true
				out = append(out, image)
			}
		}
	}
	return out
}

// evaluate runs the policies over every facts document in parallel.
func (d *Diagnoser) evaluate(ctx context.Context, facts []*Facts, running []string, now time.Time) []finding.Finding {
	// The run's clock and image catalog reach the policies explicitly:
	// time.now_ns is the capture time, poddoctor.image.suggest also knows
	// the images the snapshot shows running.
	run := eval.Run{Now: now, Inputs: &builtin.Inputs{Suggester: d.suggester(facts, running)}}
	return d.finishFindings(d.evaluateDocs(ctx, facts, run, nil))
}

// evaluateDocs appends to out the findings of every facts document, in
// document order, evaluated in parallel.
func (d *Diagnoser) evaluateDocs(ctx context.Context, facts []*Facts, run eval.Run, out []finding.Finding) []finding.Finding {
	perDoc := make([][]finding.Finding, len(facts))
	parallel.For(len(facts), d.workers, func(i int) {
		if ctx.Err() == nil {
			perDoc[i] = d.evaluateOne(ctx, facts[i], run)
		}
	})
	for _, fs := range perDoc {
		out = append(out, fs...)
	}
	return out
}

// finishFindings applies --disable (the one place it is applied: policy
// errors and Go-built findings included) and sorts.
func (d *Diagnoser) finishFindings(out []finding.Finding) []finding.Finding {
	out = d.disabled.Drop(out)
	finding.Sort(out)
	return out
}

func (d *Diagnoser) evaluateOne(ctx context.Context, f *Facts, run eval.Run) []finding.Finding {
	object, owner := f.subject()
	input, err := factsValue(f)
	var results []eval.Result
	if err == nil {
		results, err = d.engine.Evaluate(ctx, input, run)
	}
	out := make([]finding.Finding, 0, len(results))
	for _, r := range results {
		f := r.Finding(object)
		f.Owner = owner
		out = append(out, f)
	}
	// A policy that failed costs only its own results.
	if err != nil {
		for _, msg := range eval.FailureMessages(err) {
			out = append(out, finding.Finding{
				Rule: RulePolicyError, Severity: finding.Error, Object: object, Owner: owner,
				Message: msg, Remedy: goRules[0].Remedy,
			})
		}
	}
	return out
}

// subject is the object a facts document is about, and its top owner.
func (f *Facts) subject() (finding.ObjectRef, *finding.ObjectRef) {
	var object Ref
	var owner *Ref
	switch {
	case f.Pod != nil:
		object, owner = f.Pod.Object, f.Pod.Owner
	case f.Workload != nil:
		object, owner = f.Workload.Object, f.Workload.Owner
	}
	out := finding.ObjectRef(object)
	if owner == nil {
		return out, nil
	}
	o := finding.ObjectRef(*owner)
	return out, &o
}

// factsValue converts a facts document to the policy input once, through
// its JSON form, so policies receive exactly the document `-o facts` prints.
func factsValue(f *Facts) (eval.Value, error) {
	v, err := eval.ToValue(f)
	if err != nil {
		return nil, fmt.Errorf("encode facts of %s %s: %w", f.Kind, f.name(), err)
	}
	return v, nil
}

// name is "namespace/name" of the document's object.
func (f *Facts) name() string {
	object, _ := f.subject()
	return object.Namespace + "/" + object.Name
}
