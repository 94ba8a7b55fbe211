package classify

import "testing"

func TestClassifyPullMessage(t *testing.T) {
	for _, c := range loadCases[PullFailure](t, "pull_errors.json") {
		t.Run(c.Name, func(t *testing.T) {
			checkCase(t, c, ClassifyPullMessage(c.Reason, c.Message))
		})
	}
}

// TestPullCausesCovered keeps the testdata honest: every cause but "unknown"
// has at least three real wordings.
func TestPullCausesCovered(t *testing.T) {
	count := map[string]int{}
	for _, c := range loadCases[PullFailure](t, "pull_errors.json") {
		count[c.Want.Cause]++
	}
	for _, cause := range PullCauses {
		if cause != PullUnknown && count[cause] < 3 {
			t.Errorf("cause %q has %d wordings in testdata, want at least 3", cause, count[cause])
		}
	}
}

func FuzzClassifyPullMessage(f *testing.F) {
	seedCorpus(f, "pull_errors.json", func(c annotatedCase[PullFailure]) { f.Add(c.Reason, c.Message) })
	f.Fuzz(func(t *testing.T, reason, message string) {
		got := ClassifyPullMessage(reason, message)
		checkDetail(t, message, got.Detail)
		checkVocabulary(t, "cause", got.Cause, PullCauses)
		if got.MaybeAuth && got.Cause != PullNotFound {
			t.Errorf("maybeAuth with cause %q", got.Cause)
		}
	})
}
