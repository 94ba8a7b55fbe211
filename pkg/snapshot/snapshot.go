// Package snapshot gathers what poddoctor knows about a cluster at one moment
// into one typed Snapshot, and indexes it for the diagnosis engine.
//
// The offline source, Load, reads what kubectl saved: `kubectl get -o json`
// and `-o yaml` output (a List, several documents, or one object), the
// `kubectl cluster-info dump` directory layout and its single-stream form on
// stdout, and events.k8s.io/v1 Events. A live source fills the same struct
// from the API server, so the diagnosis engine never knows which one it got.
//
// A source other than Load keeps the same promises: TypeMeta set on every
// object (client-go leaves it empty on list items), events.k8s.io/v1 Events
// converted with EventFromV1 and core/v1 ones passed through NormalizeEvent,
// Kinds and Present filled for what was listed, Secrets listed by name only,
// CapturedAt set, and what failed (a forbidden list, say) said in Notes.
// NewIndex then works the same on either.
package snapshot

import (
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
)

// Snapshot is everything poddoctor knows about a cluster at one moment.
//
// Every kept object has its TypeMeta (apiVersion and kind) set, even when the
// input left it out, as the items of typed lists do. Objects that arrive twice
// with the same uid are kept once.
type Snapshot struct {
	Pods []corev1.Pod
	// Events holds core/v1 Events. events.k8s.io/v1 Events are converted to
	// this shape (see EventFromV1), and every event is normalized so that
	// FirstTimestamp, LastTimestamp, Count and Source.Component are set
	// whenever the event carries the information in any of its fields (see
	// NormalizeEvent).
	Events       []corev1.Event
	ReplicaSets  []appsv1.ReplicaSet
	Deployments  []appsv1.Deployment
	StatefulSets []appsv1.StatefulSet
	DaemonSets   []appsv1.DaemonSet
	Jobs         []batchv1.Job
	CronJobs     []batchv1.CronJob
	Nodes        []corev1.Node
	// PersistentVolumeClaims and StorageClasses are kept in full when the
	// input has them, so an unbound claim can be named with its phase,
	// storage class and provisioner.
	PersistentVolumeClaims []corev1.PersistentVolumeClaim
	StorageClasses         []storagev1.StorageClass

	// Present records the objects of every other kind (ConfigMap, Secret,
	// Service, PersistentVolumeClaim, ...) by name only, so the diagnosis can
	// tell "the Secret a pod mounts does not exist" from "Secrets were not
	// captured": look at Kinds first. The content of these objects is never
	// decoded, so Secret data is never held in memory.
	Present map[ObjectKey]bool

	// Kinds counts the objects read per kind, kept or not. Kinds of the core
	// group are plain ("Pod", "Secret"); others carry their group
	// ("Ingress.networking.k8s.io"); the kept kinds are always plain. A kind
	// has an entry, possibly zero, when the input held any object or typed list
	// of it; a kind without an entry was not captured at all.
	Kinds map[string]int

	// Logs holds container log tails, at most LogTailBytes each, ending at the
	// newest line. The cluster-info dump holds the current logs of every init
	// and regular container of every pod, each between START/END markers that
	// name the container, so they are attributed exactly; all are current
	// logs (Previous false). A logs.txt without markers is kept under
	// Container "": all the pod's containers, unattributed.
	Logs map[ContainerKey]string

	// CapturedAt is when the data was captured. A live source sets it to the
	// time it listed; offline, it is the newest timestamp found in the events
	// and pod statuses, which is a lower bound for the capture time and the
	// right "now" to measure event ages against. Zero when no timestamp was
	// found.
	CapturedAt time.Time
	// Live is set by a live source: CapturedAt is then the moment of the
	// read, not a timestamp found in saved data.
	Live bool
	// ModTime is the latest modification time of the files read (standard
	// input has none); zero for a live source. Saved data is often written
	// by kubectl at the moment of capture, so a ModTime later than every
	// timestamp inside is a better capture time than CapturedAt; but a
	// file copied or checked out later has a later ModTime too, so the
	// diagnosis uses it only when asked (diagnose.Options.UseFileTime).
	ModTime time.Time

	// Notes says what could not be read or was skipped, one sentence each,
	// in file order: "x.txt: document 1: not JSON or YAML: ...", then
	// "skipped 3 objects of kind Service (names kept)".
	Notes []string
	// Gaps are input that could not be used though it was meant to be: a
	// file or directory that could not be read, a value of the wrong type
	// left out of an object. Unlike Notes, the diagnosis reports each as a
	// finding, so it shows in every output format.
	Gaps []Gap
	// Sources lists where the data came from: the files read, "<stdin>", or a
	// description of the live cluster.
	Sources []string

	// Sifted is set when a PodSieve chose the pods (Options.Sieve): Pods
	// then holds only those it kept, and Events only those about kept
	// objects. Nil when every pod was kept.
	Sifted *Sifted
}

// Gap is one piece of input that could not be used.
type Gap struct {
	// Source is the file or directory it is in ("<stdin>" for stdin).
	Source string
	// Object is the object it is about; zero for a whole file or directory.
	Object ObjectKey
	// Text says what was not used and why.
	Text string
}

// ContainerKey names one container's log: current, or of the previous
// instance of a restarted container when Previous is set.
type ContainerKey struct {
	Namespace string
	Pod       string
	Container string
	Previous  bool
}

// ObjectKey names an object by kind, namespace ("" when cluster-scoped) and
// name, spelled as in Snapshot.Kinds.
type ObjectKey struct {
	Kind      string
	Namespace string
	Name      string
}

// LogTailBytes is the most of each container log a Snapshot keeps: the newest
// lines are what explain a crash, and keeping whole logs of thousands of pods
// would cost more memory than the rest of the snapshot.
const LogTailBytes = 64 << 10

// newSnapshot returns an empty Snapshot with its maps made.
func newSnapshot() *Snapshot {
	return &Snapshot{
		Present: map[ObjectKey]bool{},
		Kinds:   map[string]int{},
		Logs:    map[ContainerKey]string{},
	}
}
