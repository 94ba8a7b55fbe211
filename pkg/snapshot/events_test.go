package snapshot

import (
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// at returns 14 March 2026 at the given time, UTC.
func at(hour, minute, second, micro int) time.Time {
	return time.Date(2026, 3, 14, hour, minute, second, micro*1000, time.UTC)
}

// eventFields are the fields of a core/v1 Event the diagnosis reads.
type eventFields struct {
	Kind, APIVersion string
	Involved         corev1.ObjectReference
	Reason, Message  string
	Type             string
	Source           corev1.EventSource
	First, Last      time.Time
	Count            int32
	Controller       string
	Instance         string
	Action           string
	Series           int32
}

func fieldsOf(e *corev1.Event) eventFields {
	f := eventFields{
		Kind: e.Kind, APIVersion: e.APIVersion, Involved: e.InvolvedObject,
		Reason: e.Reason, Message: e.Message, Type: e.Type, Source: e.Source,
		First: e.FirstTimestamp.Time.UTC(), Last: e.LastTimestamp.Time.UTC(), Count: e.Count,
		Controller: e.ReportingController, Instance: e.ReportingInstance, Action: e.Action,
	}
	if e.Series != nil {
		f.Series = e.Series.Count
	}
	return f
}

// TestLoadEventConversion checks events as they come out of Load: from
// events.k8s.io/v1, and from core/v1 written through either API.
func TestLoadEventConversion(t *testing.T) {
	s, err := Load([]string{"testdata/get-all.json", "testdata/events-v1.json"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[types.UID]*corev1.Event{}
	for i := range s.Events {
		byUID[s.Events[i].UID] = &s.Events[i]
	}
	tests := []struct {
		name string
		uid  types.UID
		want eventFields
	}{
		{
			name: "events.k8s.io/v1 with deprecated fields: regarding, note and deprecated* map across",
			uid:  "a1e6c8da-1d3f-4e4b-9c8e-0f2a4b6c8d13",
			want: eventFields{
				Kind: "Event", APIVersion: "v1",
				Involved: corev1.ObjectReference{APIVersion: "v1", Kind: "PersistentVolumeClaim", Namespace: "shop", Name: "data-db-0",
					UID: "b2f7d9eb-2e4a-4f5c-8d9f-1a3b5c7d9e14", ResourceVersion: "48991"},
				Reason: "ProvisioningFailed", Message: `storageclass.storage.k8s.io "fast-ssd" not found`, Type: "Warning",
				Source: corev1.EventSource{Component: "persistentvolume-controller"},
				First:  at(10, 0, 58, 0), Last: at(10, 12, 58, 0), Count: 9,
				Controller: "persistentvolume-controller",
			},
		},
		{
			name: "core/v1 written through events.k8s.io: times and count from eventTime and series",
			uid:  "99c2e4a6-7f9b-4a0c-9e4a-6b8d0f2a4c09",
			want: eventFields{
				Kind: "Event", APIVersion: "v1",
				Involved: corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Namespace: "shop", Name: "db-0",
					UID: "2d8f4b6a-9e1c-4a3b-b5d7-0c2e4f6a8b59", ResourceVersion: "49000"},
				Reason: "FailedScheduling", Type: "Warning",
				Message: "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. " +
					"preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
				Source: corev1.EventSource{Component: "default-scheduler"},
				First:  at(10, 0, 58, 402117), Last: at(10, 12, 3, 118200), Count: 12, Series: 12,
				Controller: "default-scheduler", Instance: "default-scheduler-node-1", Action: "Scheduling",
			},
		},
		{
			name: "core/v1 written through events.k8s.io once: no series, count 1",
			uid:  "91a3c5e7-b9d1-4f3a-8c5e-7b9d1f3a5c01",
			want: eventFields{
				Kind: "Event", APIVersion: "v1",
				Involved: corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Namespace: "shop", Name: "web-6d4cf56db6-x8z2k",
					UID: "0f6c1a9e-3b2d-4e8f-a7c5-6d9b2e1f4a03", ResourceVersion: "48180"},
				Reason: "Scheduled", Message: "Successfully assigned shop/web-6d4cf56db6-x8z2k to node-2", Type: "Normal",
				Source: corev1.EventSource{Component: "default-scheduler"},
				First:  at(9, 41, 7, 213954), Last: at(9, 41, 7, 213954), Count: 1,
				Controller: "default-scheduler", Instance: "default-scheduler-node-1", Action: "Binding",
			},
		},
		{
			name: "core/v1 from kubelet: left as it is",
			uid:  "93c5e7b9-1d3f-4a5c-8e7b-9d1f3a5c7e03",
			want: eventFields{
				Kind: "Event", APIVersion: "v1",
				Involved: corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Namespace: "shop", Name: "web-6d4cf56db6-x8z2k",
					UID: "0f6c1a9e-3b2d-4e8f-a7c5-6d9b2e1f4a03", ResourceVersion: "48181", FieldPath: "spec.containers{web}"},
				Reason: "Failed", Type: "Warning",
				Message: `Failed to pull image "nginx:1.27-alpne": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.27-alpne": ` +
					`failed to resolve reference "docker.io/library/nginx:1.27-alpne": docker.io/library/nginx:1.27-alpne: not found`,
				Source: corev1.EventSource{Component: "kubelet", Host: "node-2"},
				First:  at(9, 41, 10, 0), Last: at(9, 44, 2, 0), Count: 5,
				Controller: "kubelet", Instance: "node-2",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := byUID[tt.uid]
			if e == nil {
				t.Fatalf("no event %s", tt.uid)
			}
			if got := fieldsOf(e); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestEventFromV1(t *testing.T) {
	related := &corev1.ObjectReference{Kind: "Node", Name: "node-3"}
	in := &eventsv1.Event{
		ObjectMeta:          metav1.ObjectMeta{Name: "web.1", Namespace: "shop", UID: "e1", CreationTimestamp: metav1.NewTime(at(10, 0, 0, 0))},
		EventTime:           metav1.NewMicroTime(at(10, 0, 1, 500)),
		Series:              &eventsv1.EventSeries{Count: 4, LastObservedTime: metav1.NewMicroTime(at(10, 5, 0, 0))},
		ReportingController: "kubelet",
		ReportingInstance:   "node-3",
		Action:              "Pulling",
		Reason:              "Failed",
		Regarding:           corev1.ObjectReference{Kind: "Pod", Namespace: "shop", Name: "web", UID: "p1"},
		Related:             related,
		Note:                "Error: ErrImagePull",
		Type:                "Warning",
	}
	got := EventFromV1(in)
	want := corev1.Event{
		TypeMeta:            metav1.TypeMeta{Kind: "Event", APIVersion: "v1"},
		ObjectMeta:          in.ObjectMeta,
		InvolvedObject:      in.Regarding,
		Reason:              "Failed",
		Message:             "Error: ErrImagePull",
		Source:              corev1.EventSource{Component: "kubelet"},
		FirstTimestamp:      metav1.NewTime(at(10, 0, 1, 500)),
		LastTimestamp:       metav1.NewTime(at(10, 5, 0, 0)),
		Count:               4,
		Type:                "Warning",
		EventTime:           in.EventTime,
		Series:              &corev1.EventSeries{Count: 4, LastObservedTime: metav1.NewMicroTime(at(10, 5, 0, 0))},
		Action:              "Pulling",
		Related:             related,
		ReportingController: "kubelet",
		ReportingInstance:   "node-3",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestNormalizeEvent(t *testing.T) {
	created := metav1.NewTime(at(9, 0, 0, 0))
	tests := []struct {
		name  string
		in    corev1.Event
		first time.Time
		last  time.Time
		count int32
	}{
		{
			name:  "nothing but a creation time",
			in:    corev1.Event{ObjectMeta: metav1.ObjectMeta{CreationTimestamp: created}},
			first: at(9, 0, 0, 0), last: at(9, 0, 0, 0), count: 1,
		},
		{
			name:  "nothing at all",
			in:    corev1.Event{},
			count: 1,
		},
		{
			name: "a series counts more than the legacy count",
			in: corev1.Event{Count: 2, EventTime: metav1.NewMicroTime(at(9, 1, 0, 0)),
				Series: &corev1.EventSeries{Count: 7, LastObservedTime: metav1.NewMicroTime(at(9, 9, 0, 0))}},
			first: at(9, 1, 0, 0), last: at(9, 9, 0, 0), count: 7,
		},
		{
			name: "legacy fields win when set",
			in: corev1.Event{Count: 9, FirstTimestamp: metav1.NewTime(at(8, 0, 0, 0)), LastTimestamp: metav1.NewTime(at(8, 30, 0, 0)),
				EventTime: metav1.NewMicroTime(at(9, 1, 0, 0))},
			first: at(8, 0, 0, 0), last: at(8, 30, 0, 0), count: 9,
		},
		{
			name:  "a series without a time falls back to eventTime",
			in:    corev1.Event{EventTime: metav1.NewMicroTime(at(9, 1, 0, 0)), Series: &corev1.EventSeries{Count: 3}},
			first: at(9, 1, 0, 0), last: at(9, 1, 0, 0), count: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.in
			NormalizeEvent(&e)
			if !e.FirstTimestamp.Time.Equal(tt.first) || !e.LastTimestamp.Time.Equal(tt.last) || e.Count != tt.count {
				t.Errorf("first %v, last %v, count %d; want %v, %v, %d", e.FirstTimestamp, e.LastTimestamp, e.Count, tt.first, tt.last, tt.count)
			}
		})
	}
}

func TestFresherEvent(t *testing.T) {
	older := corev1.Event{LastTimestamp: metav1.NewTime(at(9, 0, 0, 0)), Count: 5}
	newer := corev1.Event{LastTimestamp: metav1.NewTime(at(9, 1, 0, 0)), Count: 2}
	counted := corev1.Event{LastTimestamp: metav1.NewTime(at(9, 0, 0, 0)), Count: 6}
	if !fresherEvent(&older, &newer) || fresherEvent(&newer, &older) {
		t.Error("a later observation must be fresher")
	}
	if !fresherEvent(&older, &counted) || fresherEvent(&counted, &older) {
		t.Error("at the same time, a higher count must be fresher")
	}
	if fresherEvent(&older, &older) {
		t.Error("an event must not be fresher than itself")
	}
}
