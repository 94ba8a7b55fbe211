package snapshot

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

// sieveFixture is a namespace whose events test what Live keeps: events of
// a crash-looping pod, of healthy pods, of a pod healthy by its status but
// recently warned (its Normal event comes before the Warning), of a pod
// warned long ago, of a pod that is gone, and of a ReplicaSet.
func sieveFixture(t *testing.T, captured time.Time) *fakeAPI {
	f := newFakeAPI(t)
	managed := []metav1.ManagedFieldsEntry{{Manager: "kubelet", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "v1", Subresource: "status"}}
	for _, name := range []string{"a", "b", "c", "d"} {
		pod := healthyPod("shop", name)
		pod.ManagedFields = managed
		f.add("/api/v1/namespaces/shop/pods", "v1", "Pod", pod)
	}
	f.add("/api/v1/namespaces/shop/pods", "v1", "Pod", crashingPod("shop", "web-1", owned("ReplicaSet", "web-5d8f", "uid-rs")))
	event := func(name, kind, object, typ, reason string, ago time.Duration) *corev1.Event {
		return &corev1.Event{
			ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: name, UID: types.UID("uid-" + name),
				ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubelet", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "v1"}}},
			InvolvedObject: corev1.ObjectReference{APIVersion: "v1", Kind: kind, Namespace: "shop", Name: object, UID: types.UID("uid-" + object)},
			Type:           typ, Reason: reason, Message: reason + " " + object,
			LastTimestamp: metav1.NewTime(captured.Add(-ago)), ReportingController: "kubelet",
		}
	}
	f.add("/api/v1/namespaces/shop/events", "v1", "Event",
		event("a.1", "Pod", "a", corev1.EventTypeNormal, "Pulled", 2*time.Hour),
		event("d.1", "Pod", "d", corev1.EventTypeNormal, "Started", 3*time.Hour),
		event("d.2", "Pod", "d", corev1.EventTypeWarning, "Unhealthy", 5*time.Minute),
		event("web-1.1", "Pod", "web-1", corev1.EventTypeNormal, "Pulled", time.Hour),
		event("web-1.2", "Pod", "web-1", corev1.EventTypeWarning, "BackOff", time.Minute),
		event("b.1", "Pod", "b", corev1.EventTypeWarning, "Unhealthy", 2*time.Hour),
		event("gone.1", "Pod", "gone", corev1.EventTypeWarning, "BackOff", time.Minute),
		event("web-5d8f.1", "ReplicaSet", "web-5d8f", corev1.EventTypeNormal, "SuccessfulCreate", time.Hour),
		event("c.1", "Pod", "c", corev1.EventTypeNormal, "Started", time.Hour),
	)
	return f
}

// TestLiveKeepsOnlyTheEventsTheDiagnosisNeeds: whether the server answers
// in protobuf or JSON, and however the pod and event pages interleave,
// Live keeps exactly the events of the pods that need a look (by status or
// by a recent warning, its earlier events included) and of other objects,
// in list order, decoded and normalized, and counts every event read.
func TestLiveKeepsOnlyTheEventsTheDiagnosisNeeds(t *testing.T) {
	captured := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	for _, proto := range []bool{true, false} {
		for _, pageSize := range []int64{1, 2, 500} {
			t.Run(fmt.Sprintf("protobuf=%v/page=%d", proto, pageSize), func(t *testing.T) {
				f := sieveFixture(t, captured)
				f.protobuf = proto
				snap, err := Live(context.Background(), f.client(), LiveOptions{
					Namespace: "shop", PageSize: pageSize, Now: func() time.Time { return captured },
				})
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, e := range snap.Events {
					names = append(names, e.Name)
					if e.Kind != "Event" || e.APIVersion != "v1" || len(e.ManagedFields) != 0 || e.Count != 1 || e.Source.Component != "kubelet" {
						t.Errorf("event %s not made ready: %v, managed fields %v, count %d, source %q", e.Name, e.TypeMeta, e.ManagedFields, e.Count, e.Source.Component)
					}
				}
				want := []string{"d.1", "d.2", "web-1.1", "web-1.2", "web-5d8f.1"}
				if !slices.Equal(names, want) {
					t.Errorf("kept events %q, want %q", names, want)
				}
				if snap.Kinds["Event"] != 9 || len(snap.Pods) != 5 || snap.Kinds["Pod"] != 5 {
					t.Errorf("kinds %v, %d pods; want 9 events read and 5 pods", snap.Kinds, len(snap.Pods))
				}
				for _, p := range snap.Pods {
					if len(p.ManagedFields) != 0 || p.Kind != "Pod" {
						t.Errorf("pod %s not made ready: %v %v", p.Name, p.TypeMeta, p.ManagedFields)
					}
				}
				if proto && f.servedProtobuf == 0 {
					t.Errorf("no list was answered in protobuf")
				}
				// The recently warned pod needs a look: its owners and node
				// are read for it as for the crash-looping one.
				if unhealthy := LiveUnhealthy(snap); len(unhealthy) != 2 {
					t.Errorf("%d pods need a look, want web-1 and d", len(unhealthy))
				}
			})
		}
	}
}

// TestStreamPagesAsksBeforeDecoding: the next page is asked for before the
// last one is handled, and pages are handled in order.
func TestStreamPagesAsksBeforeDecoding(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	askedSecond := make(chan struct{})
	fetcher := pageFetcher[int]{
		list: func(_ context.Context, o metav1.ListOptions) ([]int, metav1.ListMeta, error) {
			mu.Lock()
			asked = append(asked, o.Continue)
			mu.Unlock()
			switch o.Continue {
			case "":
				return []int{1, 2}, metav1.ListMeta{Continue: "2"}, nil
			case "2":
				close(askedSecond)
				return []int{3, 4}, metav1.ListMeta{Continue: "4"}, nil
			}
			return []int{5}, metav1.ListMeta{}, nil
		},
	}
	r := &liveRun{opts: LiveOptions{PageSize: 2}}
	var got []int
	err := streamPages(context.Background(), r, "test", fetcher, metav1.ListOptions{}, func(items []int) error {
		if len(got) == 0 {
			select {
			case <-askedSecond:
			case <-time.After(10 * time.Second):
				t.Errorf("the second page was not asked for while the first was handled")
			}
		}
		got = append(got, items...)
		return nil
	}, func([]byte) error {
		t.Errorf("raw item from the typed client")
		return nil
	}, func() { t.Errorf("restarted") })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int{1, 2, 3, 4, 5}) || !slices.Equal(asked, []string{"", "2", "4"}) {
		t.Errorf("handled %v after asking %q", got, asked)
	}
	if n := r.requests.Load(); n != 3 {
		t.Errorf("counted %d requests, want 3", n)
	}
}

// TestProtobufListRefusesMalformedInput: a truncated or foreign answer is
// an error, never a panic or a silent short page.
func TestProtobufListRefusesMalformedInput(t *testing.T) {
	magic := func(b ...byte) []byte { return append([]byte("k8s\x00"), b...) }
	// An Unknown of kind PodList (field 1: TypeMeta{kind: "PodList"}),
	// then its list (field 2) of the given bytes, declared n long.
	podList := func(n byte, list ...byte) []byte {
		return append(magic(0x0a, 0x09, 0x12, 0x07, 'P', 'o', 'd', 'L', 'i', 's', 't', 0x12, n), list...)
	}
	for name, body := range map[string][]byte{
		"empty":                 nil,
		"no magic":              []byte(`{"kind":"PodList"}`),
		"no list":               magic(),
		"truncated tag":         magic(0x12, 0x80),
		"wrong kind":            magic(0x0a, 0x08, 0x12, 0x06, 'S', 't', 'a', 't', 'u', 's', 0x12, 0x00),
		"bad wire type":         magic(0x0f),
		"list cut short":        podList(0x05, 0x0a, 0x00, 0x12, 0x02, 0x01),
		"item past its list":    podList(0x04, 0x0a, 0x00, 0x12, 0x03, 0x01, 0x02, 0x03),
		"item of absurd length": podList(0x0c, 0x0a, 0x00, 0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
	} {
		in := bufio.NewReader(bytes.NewReader(body))
		if len(body) < 4 || string(body[:4]) != "k8s\x00" {
			// fetch takes such an answer for JSON, and its decoder
			// refuses it; the protobuf reader must not accept it either.
			if _, _, err := openProtobufList(in, io.NopCloser(nil), "PodList"); err == nil {
				t.Errorf("%s: no error", name)
			}
			continue
		}
		_, items, err := openProtobufList(in, io.NopCloser(nil), "PodList")
		if err == nil {
			_, err = items.each(func([]byte) error { return nil })
		}
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestProtobufListReadsItemsBeforeItsMetadata: the encoding allows a list's
// items before its metadata (the API server never sends them so); they are
// kept, in order, and the continue token is still read.
func TestProtobufListReadsItemsBeforeItsMetadata(t *testing.T) {
	list := []byte{0x12, 0x01, 'a', 0x12, 0x02, 'b', 'c', 0x0a, 0x03, 0x1a, 0x01, '7', 0x12, 0x01, 'd'}
	body := append([]byte("k8s\x00\x0a\x09\x12\x07PodList\x12"), byte(len(list)))
	body = append(body, list...)
	body = append(body, 0x1a, 0x00) // Unknown's contentEncoding, after the list
	meta, items, err := openProtobufList(bufio.NewReader(bytes.NewReader(body)), io.NopCloser(nil), "PodList")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	n, err := items.each(func(raw []byte) error {
		got = append(got, string(raw))
		return nil
	})
	if err != nil || n != 3 || meta.Continue != "7" || !slices.Equal(got, []string{"a", "bc", "d"}) {
		t.Errorf("items %q (%d), continue %q, err %v; want a, bc, d and 7", got, n, meta.Continue, err)
	}
}

// TestLiveAsksForTheNextPageWhileThisOneArrives: over HTTP in protobuf, the
// next page is asked for as soon as this page's metadata is read, before
// its items have all arrived.
func TestLiveAsksForTheNextPageWhileThisOneArrives(t *testing.T) {
	pods := []corev1.Pod{*healthyPod("shop", "a"), *healthyPod("shop", "b"), *healthyPod("shop", "c")}
	secondAsked := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var list corev1.PodList
		switch {
		case strings.HasSuffix(r.URL.Path, "/events"):
			list := &corev1.EventList{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "EventList"}}
			w.Header().Set("Content-Type", protobufType)
			_ = protobuf.NewSerializer(scheme.Scheme, scheme.Scheme).Encode(list, w)
			return
		case r.URL.Query().Get("continue") == "":
			list.Items, list.Continue = pods[:2], "2"
		default:
			once.Do(func() { close(secondAsked) })
			list.Items = pods[2:]
		}
		list.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "PodList"}
		var buf bytes.Buffer
		if err := protobuf.NewSerializer(scheme.Scheme, scheme.Scheme).Encode(&list, &buf); err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", protobufType)
		body := buf.Bytes()
		if list.Continue == "" {
			_, _ = w.Write(body)
			return
		}
		// The first page: all but its last bytes, then the rest only once
		// the second page has been asked for.
		_, _ = w.Write(body[:len(body)-10])
		w.(http.Flusher).Flush()
		select {
		case <-secondAsked:
		case <-time.After(10 * time.Second):
			t.Errorf("the second page was not asked for while the first arrived")
		}
		_, _ = w.Write(body[len(body)-10:])
	}))
	defer srv.Close()
	client, err := kubernetes.NewForConfig(&rest.Config{Host: srv.URL, QPS: -1})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := Live(context.Background(), client, LiveOptions{Namespace: "shop", PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range snap.Pods {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("pods %q, want a, b, c", names)
	}
}
