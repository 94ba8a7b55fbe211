package snapshot

import (
	"testing"
	"time"
)

// TestDescribeFilesShareOneClock: kubectl 1.37's `describe replicasets`
// of the saved e2e run prints no absolute time, only event ages; read with
// the run's other describe files, its ages count back from the newest time
// those print, never from the clock of the machine reading them (which
// made the saved run's diagnosis change as the hours passed).
func TestDescribeFilesShareOneClock(t *testing.T) {
	snap, err := LoadWith([]string{"../../test/e2e/testdata/real-describe"}, nil, Options{IgnoreFileTimes: true})
	if err != nil {
		t.Fatal(err)
	}
	// The newest time pods.txt prints (a container's start).
	newest := time.Date(2026, 12, 7, 1, 55, 43, 0, time.UTC)
	if !snap.CapturedAt.Equal(newest) {
		t.Errorf("CapturedAt = %v, want %v, the newest time the text prints", snap.CapturedAt, newest)
	}
	replicaSetEvents := 0
	for _, e := range snap.Events {
		if e.LastTimestamp.After(snap.CapturedAt) {
			t.Errorf("event %s about %s/%s at %v, after the capture time %v", e.Reason, e.InvolvedObject.Kind, e.InvolvedObject.Name, e.LastTimestamp, snap.CapturedAt)
		}
		if e.InvolvedObject.Kind == "ReplicaSet" {
			replicaSetEvents++
		}
	}
	if replicaSetEvents == 0 {
		t.Error("no ReplicaSet event read from replicasets.txt")
	}
}
