package classify

import "testing"

func TestClassifySchedulingMessage(t *testing.T) {
	for _, c := range loadCases[SchedulingFailure](t, "scheduling.json") {
		t.Run(c.Name, func(t *testing.T) {
			checkCase(t, c, ClassifySchedulingMessage(c.Message))
		})
	}
}

func FuzzClassifySchedulingMessage(f *testing.F) {
	seedCorpus(f, "scheduling.json", func(c annotatedCase[SchedulingFailure]) { f.Add(c.Message) })
	f.Fuzz(func(t *testing.T, message string) {
		got := ClassifySchedulingMessage(message)
		checkDetail(t, message, got.Detail)
		if got.Reasons == nil {
			t.Error("nil reasons")
		}
		if got.TotalNodes < -1 {
			t.Errorf("totalNodes %d", got.TotalNodes)
		}
		for _, r := range got.Reasons {
			checkVocabulary(t, "category", r.Category, SchedulingCategories)
			if r.Nodes < -1 {
				t.Errorf("nodes %d in %+v", r.Nodes, r)
			}
			if r.Resource != "" && r.Category != SchedResources {
				t.Errorf("resource on a %q reason: %+v", r.Category, r)
			}
		}
	})
}
