package cli

import (
	"strings"
	"testing"
	"time"
)

func TestParseNow(t *testing.T) {
	clock, fileTime, err := parseNow("")
	if err != nil || clock != nil || !fileTime {
		t.Errorf(`"": clock %v, fileTime %v, err %v; want no clock, file time`, clock != nil, fileTime, err)
	}
	clock, fileTime, err = parseNow("newest")
	if err != nil || clock != nil || fileTime {
		t.Errorf(`"newest": clock %v, fileTime %v, err %v; want neither`, clock != nil, fileTime, err)
	}
	clock, fileTime, err = parseNow("2026-11-25T07:41:45Z")
	if err != nil || clock == nil || fileTime || !clock().Equal(time.Date(2026, 11, 25, 7, 41, 45, 0, time.UTC)) {
		t.Errorf("RFC 3339: clock %v, fileTime %v, err %v", clock != nil, fileTime, err)
	}
	if _, _, err := parseNow("yesterday"); err == nil || !strings.Contains(err.Error(), "--now") {
		t.Errorf("yesterday: err %v, want a --now error", err)
	}
}

// TestDiagnoseSaysWhichClock: offline output names the clock on stderr.
func TestDiagnoseSaysWhichClock(t *testing.T) {
	_, _, stderr := run(t, "", "diagnose", "--now", "newest", "-f", "../../testdata/diagnose/kill-1.yaml")
	if !strings.Contains(stderr, "note: ages are measured from 2026-11-25T07:41:03Z, the newest timestamp in the input") {
		t.Errorf("stderr: %q", stderr)
	}
	_, _, stderr = run(t, "", "diagnose", "-f", "../../testdata/diagnose/kill-1.yaml")
	if !strings.Contains(stderr, "the input file's modification time") {
		t.Errorf("stderr: %q", stderr)
	}
}
