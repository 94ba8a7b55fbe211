package diagnose

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/duration"
)

// Event families: which classifier claims an event.
const (
	FamilyImagePull  = "image-pull"
	FamilyContainer  = "container"
	FamilyCrash      = "crash"
	FamilyScheduling = "scheduling"
	FamilyVolume     = "volume"
	FamilyProbe      = "probe"
	FamilySandbox    = "sandbox"
	FamilyLifecycle  = "lifecycle"
	FamilyCreate     = "create"
	FamilyPulled     = "pulled"
	FamilyOther      = "other"
)

// eventFamily decides which classifier an event belongs to, from its reason
// and, where kubelet reuses a reason (Failed, BackOff), its message.
func eventFamily(reason, message string) string {
	switch reason {
	case "Failed":
		lower := strings.ToLower(message)
		if strings.Contains(lower, "pull image") || strings.Contains(lower, "pulling image") ||
			strings.Contains(message, "ErrImagePull") || strings.Contains(message, "ImagePullBackOff") ||
			strings.Contains(message, "InvalidImageName") || strings.Contains(message, "ErrImageNeverPull") ||
			strings.Contains(lower, "is not present with pull policy") || strings.Contains(lower, "failed to apply default image tag") {
			return FamilyImagePull
		}
		return FamilyContainer
	case "BackOff":
		if strings.Contains(strings.ToLower(message), "pulling image") {
			return FamilyImagePull
		}
		return FamilyCrash
	case "ErrImageNeverPull", "InspectFailed":
		return FamilyImagePull
	case "Pulled":
		return FamilyPulled
	case "FailedScheduling":
		return FamilyScheduling
	case "FailedMount", "FailedAttachVolume", "FailedMapVolume":
		return FamilyVolume
	case "Unhealthy", "ProbeWarning":
		return FamilyProbe
	case "FailedCreatePodSandBox", "FailedPodSandBoxStatus", "SandboxChanged":
		return FamilySandbox
	case "Evicted", "Preempted", "Preempting", "Killing", "NodeNotReady", "TaintManagerEviction", "DeadlineExceeded", "OOMKilling", "ExceededGracePeriod":
		return FamilyLifecycle
	case "FailedCreate":
		return FamilyCreate
	}
	return FamilyOther
}

// containerFieldPath matches the fieldPath kubelet sets on container events:
// spec.containers{web}, spec.initContainers{init}.
var containerFieldPath = regexp.MustCompile(`^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$`)

// maxPodEvents is how many distinct events of one pod its facts hold, the
// newest: a pod with a million events is explained by its newest ones, and
// facts, policies and evidence stay small. The rest are counted in
// PodFacts.EventsOmitted.
const maxPodEvents = 50

// eventFacts turns API events (oldest first, as the index returns them)
// into facts, newest first, with ages measured from now. Events that say
// the same thing (type, reason, message, source, object field) are
// aggregated into one, as the API server's event series does: their counts
// add up, and they span from the first one's first time to the last one's
// last. At most maxPodEvents are kept; it returns how many more there were.
func eventFacts(events []*corev1.Event, now time.Time) ([]Event, int) {
	type sameness struct{ typ, reason, message, source, fieldPath string }
	type series struct {
		event       *corev1.Event
		count       int32
		first, last time.Time
	}
	index := make(map[sameness]int, min(len(events), 1024))
	var all []series
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		k := sameness{e.Type, e.Reason, strings.TrimSpace(e.Message), eventSource(e), e.InvolvedObject.FieldPath}
		first, last := e.FirstTimestamp.Time, e.LastTimestamp.Time
		if j, seen := index[k]; seen {
			s := &all[j]
			s.count = addCounts(s.count, max(e.Count, 1))
			if !first.IsZero() && (s.first.IsZero() || first.Before(s.first)) {
				s.first = first
			}
			if last.After(s.last) {
				s.last = last
			}
			continue
		}
		index[k] = len(all)
		all = append(all, series{event: e, count: max(e.Count, 1), first: first, last: last})
	}
	// Newest first by last time; the index's order breaks ties.
	slices.SortStableFunc(all, func(a, b series) int { return b.last.Compare(a.last) })
	omitted := max(len(all)-maxPodEvents, 0)
	all = all[:len(all)-omitted]
	out := make([]Event, 0, len(all))
	for _, s := range all {
		e := *s.event
		e.Count, e.FirstTimestamp.Time, e.LastTimestamp.Time = s.count, s.first, s.last
		out = append(out, newEvent(&e, now))
	}
	return out, omitted
}

// addCounts adds event counts without overflowing int32.
func addCounts(a, b int32) int32 {
	if sum := int64(a) + int64(b); sum < 1<<31-1 {
		return int32(sum)
	}
	return 1<<31 - 1
}

func newEvent(e *corev1.Event, now time.Time) Event {
	ev := Event{
		Type:             e.Type,
		Reason:           e.Reason,
		Message:          strings.TrimSpace(e.Message),
		Count:            max(e.Count, 1),
		FirstSeenSeconds: ageSeconds(e.FirstTimestamp.Time, now),
		LastSeenSeconds:  ageSeconds(e.LastTimestamp.Time, now),
		Source:           eventSource(e),
		FieldPath:        e.InvolvedObject.FieldPath,
		Family:           eventFamily(e.Reason, e.Message),
	}
	if m := containerFieldPath.FindStringSubmatch(ev.FieldPath); m != nil {
		ev.Container = m[1]
	}
	ev.Age = eventAge(ev)
	ev.Text = fmt.Sprintf("%s  %s  %s  %s  %s", ev.Type, ev.Reason, ev.Age, ev.Source, ev.Message)
	return ev
}

// eventSource is the component that wrote the event, as describe shows it.
func eventSource(e *corev1.Event) string {
	switch {
	case e.Source.Component != "":
		return e.Source.Component
	case e.ReportingController != "":
		return e.ReportingController
	}
	return "<unknown>"
}

// eventAge renders an event's age like kubectl describe: "47m", or
// "4m58s (x4 over 10m)" for a repeated event.
func eventAge(e Event) string {
	last := humanAge(e.LastSeenSeconds)
	if e.Count <= 1 {
		return last
	}
	first := humanAge(e.FirstSeenSeconds)
	if e.FirstSeenSeconds < 0 {
		return fmt.Sprintf("%s (x%d)", last, e.Count)
	}
	return fmt.Sprintf("%s (x%d over %s)", last, e.Count, first)
}

func humanAge(seconds int64) string {
	if seconds < 0 {
		return "<unknown>"
	}
	return duration.HumanDuration(time.Duration(seconds) * time.Second)
}

// ageSeconds is the time from t to now in whole seconds, -1 when t is
// unknown, 0 when t is in the future (clocks of different nodes disagree).
func ageSeconds(t, now time.Time) int64 {
	if t.IsZero() || now.IsZero() {
		return -1
	}
	return max(int64(now.Sub(t)/time.Second), 0)
}

// eventsOfContainer returns the events about one container.
func eventsOfContainer(events []Event, container string) []Event {
	out := []Event{}
	for _, e := range events {
		if e.Container == container {
			out = append(out, e)
		}
	}
	return out
}

// newestOf returns the newest event of a family, if any. Events are newest first.
func newestOf(events []Event, family string) (Event, bool) {
	i := slices.IndexFunc(events, func(e Event) bool { return e.Family == family })
	if i < 0 {
		return Event{}, false
	}
	return events[i], true
}

// pulledImagePattern finds the image of a Pulled event: `Successfully
// pulled image "nginx:latest" in 1.2s` (kubelet 1.2x and later, with or
// without "(... including waiting)"), `Container image "nginx:1.27" already
// present on machine`.
var pulledImagePattern = regexp.MustCompile(`[Ii]mage "([^"]+)"`)

// pulledImages returns the images the pod pulled successfully, sorted.
func pulledImages(events []Event) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, e := range events {
		if e.Family != FamilyPulled {
			continue
		}
		if m := pulledImagePattern.FindStringSubmatch(e.Message); m != nil && !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}
