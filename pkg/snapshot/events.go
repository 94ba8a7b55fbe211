package snapshot

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// EventFromV1 converts an events.k8s.io/v1 Event to the core/v1 shape the
// diagnosis engine reads, field for field as the API server itself serves the
// same stored event through core/v1 (regarding becomes involvedObject, note
// becomes message, the deprecated* fields become their legacy namesakes), and
// then normalizes it (see NormalizeEvent).
func EventFromV1(in *eventsv1.Event) corev1.Event {
	out := corev1.Event{
		TypeMeta:            metav1.TypeMeta{APIVersion: "v1", Kind: "Event"},
		ObjectMeta:          in.ObjectMeta,
		InvolvedObject:      in.Regarding,
		Reason:              in.Reason,
		Message:             in.Note,
		Source:              in.DeprecatedSource,
		FirstTimestamp:      in.DeprecatedFirstTimestamp,
		LastTimestamp:       in.DeprecatedLastTimestamp,
		Count:               in.DeprecatedCount,
		Type:                in.Type,
		EventTime:           in.EventTime,
		Action:              in.Action,
		Related:             in.Related,
		ReportingController: in.ReportingController,
		ReportingInstance:   in.ReportingInstance,
	}
	if in.Series != nil {
		out.Series = &corev1.EventSeries{
			Count:            in.Series.Count,
			LastObservedTime: in.Series.LastObservedTime,
		}
	}
	NormalizeEvent(&out)
	return out
}

// NormalizeEvent fills the legacy fields of a core/v1 Event from the newer
// ones when they are empty. Components that report through the events.k8s.io
// API (the scheduler, for one) leave firstTimestamp, lastTimestamp and count
// empty in the core/v1 view and set eventTime and series instead; after this,
// every event reads the same way:
//
//   - Count: the larger of count and series.count, and at least 1.
//   - FirstTimestamp: eventTime, else metadata.creationTimestamp.
//   - LastTimestamp: series.lastObservedTime, else eventTime, else
//     FirstTimestamp.
//   - Source.Component: reportingController (reportingComponent in JSON).
//
// Fields that are already set are left alone.
func NormalizeEvent(e *corev1.Event) {
	if e.Series != nil && e.Series.Count > e.Count {
		e.Count = e.Series.Count
	}
	if e.Count < 1 {
		e.Count = 1
	}
	if e.FirstTimestamp.IsZero() {
		switch {
		case !e.EventTime.IsZero():
			e.FirstTimestamp = metav1.NewTime(e.EventTime.Time)
		case !e.CreationTimestamp.IsZero():
			e.FirstTimestamp = e.CreationTimestamp
		}
	}
	if e.LastTimestamp.IsZero() {
		switch {
		case e.Series != nil && !e.Series.LastObservedTime.IsZero():
			e.LastTimestamp = metav1.NewTime(e.Series.LastObservedTime.Time)
		case !e.EventTime.IsZero():
			e.LastTimestamp = metav1.NewTime(e.EventTime.Time)
		default:
			e.LastTimestamp = e.FirstTimestamp
		}
	}
	if e.Source.Component == "" {
		e.Source.Component = e.ReportingController
	}
}

// eventLastSeen is the newest time an event says it was observed.
func eventLastSeen(e *corev1.Event) time.Time {
	last := e.LastTimestamp.Time
	if e.Series != nil && e.Series.LastObservedTime.After(last) {
		last = e.Series.LastObservedTime.Time
	}
	if e.EventTime.After(last) {
		last = e.EventTime.Time
	}
	return last
}

// fresherEvent reports whether b is a later observation of the same event than
// a: seen later, or as recently but counted more often.
func fresherEvent(a, b *corev1.Event) bool {
	la, lb := eventLastSeen(a), eventLastSeen(b)
	if !lb.Equal(la) {
		return lb.After(la)
	}
	return b.Count > a.Count
}
