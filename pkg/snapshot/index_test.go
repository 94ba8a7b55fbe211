package snapshot

import (
	"fmt"
	"slices"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// The uids of get-all.json.
const (
	webPodUID     types.UID = "0f6c1a9e-3b2d-4e8f-a7c5-6d9b2e1f4a03"
	apiPodUID     types.UID = "8a3e5d21-6c4f-4a9b-8e2d-1b7f9c0a5e25"
	dbPodUID      types.UID = "2d8f4b6a-9e1c-4a3b-b5d7-0c2e4f6a8b59"
	reportPodUID  types.UID = "6b0d2f4a-8c1e-4e5a-9b3d-7f9a1c3e5b71"
	exporterUID   types.UID = "f3a5c7e9-b1d3-4f5a-9c7e-1b3d5f7a9c93"
	webRSUID      types.UID = "5b2e8c41-7d3a-4f0e-b6a2-19c4d8e7f302"
	webDeployUID  types.UID = "7d3f5a2e-0b1c-4c7e-9a51-3f6e2b8c9d01"
	reportCronUID types.UID = "d7f9a1c3-e5b7-4d9f-a1c3-e5b7d9f1a3b5"
	node3UID      types.UID = "3a5c7e9b-1d3f-4a5c-8e9b-1d3f5a7c9ef8"
	dataPVCUID    types.UID = "b2f7d9eb-2e4a-4f5c-8d9f-1a3b5c7d9e14"
	deletedDBUID  types.UID = "0b1d3f5a-8c9e-4b2d-a4f6-1c3e5a7b9d10" // an earlier db-0
)

func loadIndex(t *testing.T, paths ...string) (*Snapshot, *Index) {
	t.Helper()
	s, err := Load(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, NewIndex(s)
}

// reasons lists "Reason@15:04:05" for each event, to compare order too.
func reasons(events []*corev1.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, fmt.Sprintf("%s@%s", e.Reason, e.LastTimestamp.UTC().Format("15:04:05")))
	}
	return out
}

func TestIndexEvents(t *testing.T) {
	_, x := loadIndex(t, "testdata/get-all.json", "testdata/events-v1.json")
	tests := []struct {
		name string
		got  []*corev1.Event
		want []string
	}{
		{"a pod's events, oldest first", x.EventsFor(webPodUID),
			[]string{"Scheduled@09:41:07", "Pulling@09:44:01", "Failed@09:44:02", "BackOff@10:11:40"}},
		{"an event without a uid joins the pod it names", x.EventsFor(apiPodUID),
			[]string{"ConfigReloadFailed@10:05:00", "BackOff@10:11:02"}},
		{"the events of an earlier pod of the same name stay out", x.EventsFor(dbPodUID),
			[]string{"FailedScheduling@10:12:03"}},
		{"by name, every pod of that name", x.EventsNamed("Pod", "shop", "db-0"),
			[]string{"FailedScheduling@09:58:40", "FailedScheduling@10:12:03"}},
		{"by the uid of a pod no longer there", x.EventsFor(deletedDBUID),
			[]string{"FailedScheduling@09:58:40"}},
		{"kubelet names a node by its name in place of its uid", x.EventsFor(node3UID),
			[]string{"FreeDiskSpaceFailed@10:08:12"}},
		{"events about a kind the snapshot does not keep", x.EventsFor(dataPVCUID),
			[]string{"ProvisioningFailed@10:12:58"}},
		{"a Deployment's events", x.EventsFor(webDeployUID),
			[]string{"ScalingReplicaSet@09:41:07"}},
		{"a healthy pod has none", x.EventsFor(exporterUID), nil},
		{"an unknown uid has none", x.EventsFor("no-such-uid"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reasons(tt.got); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// names lists "Kind namespace/name" for each object.
func names(objs []Object) []string {
	var out []string
	for _, obj := range objs {
		out = append(out, fmt.Sprintf("%s %s/%s", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetNamespace(), obj.GetName()))
	}
	return out
}

func TestIndexOwnerChain(t *testing.T) {
	tests := []struct {
		fixture string
		pod     types.UID
		want    []string
	}{
		{"testdata/get-all.json", webPodUID, []string{"ReplicaSet shop/web-6d4cf56db6", "Deployment shop/web"}},
		{"testdata/get-all.json", reportPodUID, []string{"Job shop/report-29555520", "CronJob shop/report"}},
		{"testdata/get-all.json", dbPodUID, []string{"StatefulSet shop/db"}},
		{"testdata/get-all.json", exporterUID, []string{"DaemonSet monitoring/node-exporter"}},
		// The dump's typed lists leave out kind and apiVersion; the chain is
		// the same. It has no StatefulSets, Jobs or CronJobs to find.
		{"testdata/cluster-info-dump", webPodUID, []string{"ReplicaSet shop/web-6d4cf56db6", "Deployment shop/web"}},
		{"testdata/cluster-info-dump", reportPodUID, nil},
		{"testdata/cluster-info-dump", dbPodUID, nil},
		// The ReplicaSet and Deployment are not in a file of one pod.
		{"testdata/single-pod.json", apiPodUID, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s", tt.fixture, tt.pod), func(t *testing.T) {
			_, x := loadIndex(t, tt.fixture)
			pod, _ := x.ByUID(tt.pod).(*corev1.Pod)
			if pod == nil {
				t.Fatalf("no pod %s", tt.pod)
			}
			if got := names(x.OwnerChain(pod)); !slices.Equal(got, tt.want) {
				t.Errorf("OwnerChain = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIndexLookups(t *testing.T) {
	_, x := loadIndex(t, "testdata/get-all.json")
	found := func(name string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s: not found", name)
		}
	}
	found("Pod", x.Pod("shop", "db-0") != nil && x.Pod("shop", "db-0").UID == dbPodUID)
	found("Node", x.Node("node-2") != nil && x.Node("node-2").Name == "node-2")
	found("ReplicaSet", x.ReplicaSet("shop", "web-6d4cf56db6") != nil)
	found("Deployment", x.Deployment("shop", "api") != nil)
	found("StatefulSet", x.StatefulSet("shop", "db") != nil)
	found("DaemonSet", x.DaemonSet("monitoring", "node-exporter") != nil)
	found("Job", x.Job("shop", "report-29555520") != nil)
	found("CronJob", x.CronJob("shop", "report") != nil)
	found("Lookup", x.Lookup(ObjectKey{Kind: "Deployment", Namespace: "shop", Name: "web"}).GetUID() == webDeployUID)
	found("ByUID", x.ByUID(webRSUID).GetName() == "web-6d4cf56db6")

	for name, missing := range map[string]bool{
		"Node in a namespace":      x.Lookup(ObjectKey{Kind: "Node", Namespace: "shop", Name: "node-2"}) != nil,
		"Pod of the wrong kind":    x.Deployment("shop", "db-0") != nil,
		"unknown node":             x.Node("node-9") != nil,
		"empty uid":                x.ByUID("") != nil,
		"Service is not kept":      x.Lookup(ObjectKey{Kind: "Service", Namespace: "shop", Name: "web"}) != nil,
		"pod in another namespace": x.Pod("default", "db-0") != nil,
	} {
		if missing {
			t.Errorf("%s: found", name)
		}
	}

	podNames := func(pods []*corev1.Pod) []string {
		var out []string
		for _, p := range pods {
			out = append(out, p.Name)
		}
		return out
	}
	if got := podNames(x.PodsOwnedBy(webRSUID)); !slices.Equal(got, []string{"web-6d4cf56db6-x8z2k"}) {
		t.Errorf("PodsOwnedBy = %v", got)
	}
	if got := podNames(x.PodsOnNode("node-3")); !slices.Equal(got, []string{"api-7f9c8d7b5-2kq9p", "report-29555520-7xq4d"}) {
		t.Errorf("PodsOnNode = %v", got)
	}
	if got := x.ReplicaSetsOwnedBy(webDeployUID); len(got) != 1 || got[0].UID != webRSUID {
		t.Errorf("ReplicaSetsOwnedBy = %v", got)
	}
	if got := x.JobsOwnedBy(reportCronUID); len(got) != 1 || got[0].Name != "report-29555520" {
		t.Errorf("JobsOwnedBy = %v", got)
	}
	if x.Controller(x.Deployment("shop", "web")) != nil {
		t.Error("a Deployment has no controller")
	}
}

// TestIndexOwnerCycle builds an ownerReference cycle, which the API server
// does not forbid, and a reference whose uid belongs to another kind.
func TestIndexOwnerCycle(t *testing.T) {
	controller := true
	ref := func(kind, name string, uid types.UID) []metav1.OwnerReference {
		return []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: kind, Name: name, UID: uid, Controller: &controller}}
	}
	s := &Snapshot{
		ReplicaSets: []appsv1.ReplicaSet{{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "rs", UID: "rs-uid",
			OwnerReferences: ref("Deployment", "d", "d-uid")}}},
		Deployments: []appsv1.Deployment{{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "d", UID: "d-uid",
			OwnerReferences: ref("ReplicaSet", "rs", "rs-uid")}}},
		Pods: []corev1.Pod{
			{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p", UID: "p-uid", OwnerReferences: ref("ReplicaSet", "rs", "rs-uid")}},
			// Names a ReplicaSet but gives the Deployment's uid.
			{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "q", UID: "q-uid", OwnerReferences: ref("ReplicaSet", "rs", "d-uid")}},
			// Written by hand, without a uid: found by name.
			{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "r", OwnerReferences: ref("ReplicaSet", "rs", "")}},
		},
	}
	x := NewIndex(s)
	if chain := x.OwnerChain(&s.Pods[0]); len(chain) != 2 {
		t.Errorf("OwnerChain through a cycle has %d links, want 2", len(chain))
	}
	if owner := x.Controller(&s.Pods[1]); owner != nil {
		t.Errorf("Controller = %s, want none: the uid is a Deployment's", owner.GetName())
	}
	if owner := x.Controller(&s.Pods[2]); owner == nil || owner.GetName() != "rs" {
		t.Errorf("Controller of a reference without a uid = %v, want rs", owner)
	}
}
