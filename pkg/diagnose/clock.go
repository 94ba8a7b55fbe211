package diagnose

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// Where a run's clock came from, the values of Clock.Source.
const (
	ClockGiven    = "given"
	ClockLive     = "live"
	ClockFileTime = "file-time"
	ClockNewest   = "newest-timestamp"
	ClockWall     = "wall-clock"
)

// Clock is the moment a run measured ages against, and its source.
type Clock struct {
	Time time.Time
	// Source is one of ClockGiven (Options.Now), ClockLive (the moment of a
	// live read), ClockFileTime (the saved files' modification time),
	// ClockNewest (the newest timestamp in the saved data) or ClockWall (no
	// timestamp at all: the current time).
	Source string
}

// String says which clock a run used, for a note in the output.
func (c Clock) String() string {
	at := c.Time.UTC().Format(time.RFC3339)
	switch c.Source {
	case ClockGiven:
		return fmt.Sprintf("ages are measured from %s, given with --now", at)
	case ClockLive:
		return fmt.Sprintf("ages are measured from %s, when the cluster was read", at)
	case ClockFileTime:
		return fmt.Sprintf("ages are measured from %s, the input file's modification time (later than every timestamp inside; pass --now to change it)", at)
	case ClockNewest:
		return fmt.Sprintf("ages are measured from %s, the newest timestamp in the input (pass --now to change it)", at)
	}
	return fmt.Sprintf("ages are measured from %s, the current time: the input holds no timestamp", at)
}

// clock is the moment ages are measured against: the given clock, else the
// moment of a live read, else the files' modification time when asked for
// and later than every timestamp inside, else the newest timestamp inside.
func (d *Diagnoser) clock(snap *snapshot.Snapshot) Clock {
	switch {
	case d.now != nil:
		return Clock{Time: d.now(), Source: ClockGiven}
	case snap.Live && !snap.CapturedAt.IsZero():
		return Clock{Time: snap.CapturedAt, Source: ClockLive}
	case d.fileTime && !snap.ModTime.IsZero() && snap.ModTime.After(snap.CapturedAt):
		return Clock{Time: snap.ModTime, Source: ClockFileTime}
	case !snap.CapturedAt.IsZero():
		return Clock{Time: snap.CapturedAt, Source: ClockNewest}
	}
	return Clock{Time: time.Now(), Source: ClockWall}
}

// ranSeconds is how long a terminated container ran; -1 when unknown.
func ranSeconds(t *corev1.ContainerStateTerminated) int64 {
	if t.StartedAt.IsZero() || t.FinishedAt.IsZero() || t.StartedAt.Unix() <= 0 {
		return -1
	}
	return max(int64(t.FinishedAt.Sub(t.StartedAt.Time)/time.Second), 0)
}
