package cli

import (
	"fmt"
	"time"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// parseNow reads --now: "" lets the diagnosis use the files' modification
// time when it is later than every timestamp inside; "newest" the newest
// timestamp inside, whatever the files' times (the same answer wherever the
// files were copied); an RFC 3339 time is the capture time itself.
func parseNow(value string) (clock func() time.Time, useFileTime bool, err error) {
	// useFileTime also tells loadSaved whether describe text may be dated
	// by its file's modification time.
	switch value {
	case "":
		return nil, true, nil
	case "newest":
		return nil, false, nil
	}
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return nil, false, fmt.Errorf("--now: %q is not an RFC 3339 time (2026-11-25T07:41:00Z) nor \"newest\"", value)
	}
	return func() time.Time { return t }, false, nil
}

// loadSaved reads saved cluster data; a --now time is also the capture time
// that the event ages of `kubectl describe` text count back from.
// A sieve, when given, keeps only the pods the diagnosis may look at.
func loadSaved(files []string, s streams, clock func() time.Time, useFileTime bool, maxFileBytes int64, sieve snapshot.PodSieve) (*snapshot.Snapshot, error) {
	opts := snapshot.Options{IgnoreFileTimes: !useFileTime, MaxFileBytes: maxFileBytes, Sieve: sieve}
	if clock != nil {
		opts.CapturedAt = clock()
	}
	return snapshot.LoadWith(files, s.in, opts)
}
