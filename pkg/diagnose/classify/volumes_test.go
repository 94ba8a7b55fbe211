package classify

import "testing"

func TestClassifyMountMessage(t *testing.T) {
	for _, c := range loadCases[MountFailure](t, "mounts.json") {
		t.Run(c.Name, func(t *testing.T) {
			checkCase(t, c, ClassifyMountMessage(c.Reason, c.Message))
		})
	}
}

func FuzzClassifyMountMessage(f *testing.F) {
	seedCorpus(f, "mounts.json", func(c annotatedCase[MountFailure]) { f.Add(c.Reason, c.Message) })
	f.Fuzz(func(t *testing.T, reason, message string) {
		got := ClassifyMountMessage(reason, message)
		checkDetail(t, message, got.Detail)
		checkVocabulary(t, "cause", got.Cause, MountCauses)
		if len(got.Volumes) > 0 && got.Volume != got.Volumes[0] {
			t.Errorf("volume %q is not the first of %v", got.Volume, got.Volumes)
		}
	})
}
