package diagnose

import (
	"context"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestClockChoice pins the order in which a run picks its clock: --now,
// the live read, the files' time when later than every timestamp inside
// (and asked for), the newest timestamp inside, the wall clock.
func TestClockChoice(t *testing.T) {
	newest := time.Date(2026, 11, 25, 7, 41, 2, 0, time.UTC)
	later := newest.Add(40 * time.Second)
	earlier := newest.Add(-time.Hour)
	given := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		opts     Options
		snap     snapshot.Snapshot
		want     time.Time
		source   string
		wallTime bool
	}{
		{"given wins", Options{Now: func() time.Time { return given }, UseFileTime: true}, snapshot.Snapshot{CapturedAt: newest, ModTime: later}, given, ClockGiven, false},
		{"live read", Options{UseFileTime: true}, snapshot.Snapshot{CapturedAt: newest, Live: true}, newest, ClockLive, false},
		{"file time later than the data", Options{UseFileTime: true}, snapshot.Snapshot{CapturedAt: newest, ModTime: later}, later, ClockFileTime, false},
		{"file time earlier than the data", Options{UseFileTime: true}, snapshot.Snapshot{CapturedAt: newest, ModTime: earlier}, newest, ClockNewest, false},
		{"file time not asked for", Options{}, snapshot.Snapshot{CapturedAt: newest, ModTime: later}, newest, ClockNewest, false},
		{"standard input, no file time", Options{UseFileTime: true}, snapshot.Snapshot{CapturedAt: newest}, newest, ClockNewest, false},
		{"no timestamp at all", Options{UseFileTime: true}, snapshot.Snapshot{}, time.Time{}, ClockWall, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			_, res := d.Facts(&tt.snap, Filter{})
			if res.Clock.Source != tt.source {
				t.Errorf("source %q, want %q", res.Clock.Source, tt.source)
			}
			if !tt.wallTime && !res.Clock.Time.Equal(tt.want) {
				t.Errorf("time %s, want %s", res.Clock.Time, tt.want)
			}
			if tt.wallTime && res.Clock.Time.IsZero() {
				t.Error("wall clock is zero")
			}
			if res.Clock.String() == "" {
				t.Error("no sentence for the clock")
			}
		})
	}
}
