package classify

import "testing"

// probeWant is a ProbeFailure with the boolean ClassifyProbeMessage returns.
type probeWant struct {
	ProbeFailure
	OK bool `json:"ok"`
}

func TestClassifyProbeMessage(t *testing.T) {
	for _, c := range loadCases[probeWant](t, "probes.json") {
		t.Run(c.Name, func(t *testing.T) {
			got, ok := ClassifyProbeMessage(c.Message)
			checkCase(t, c, probeWant{got, ok})
		})
	}
}

func FuzzClassifyProbeMessage(f *testing.F) {
	seedCorpus(f, "probes.json", func(c annotatedCase[probeWant]) { f.Add(c.Message) })
	f.Fuzz(func(t *testing.T, message string) {
		got, ok := ClassifyProbeMessage(message)
		if !ok {
			if got != (ProbeFailure{}) {
				t.Errorf("not a probe message but %+v", got)
			}
			return
		}
		checkVocabulary(t, "probe", got.Probe, ProbeTypes)
		checkVocabulary(t, "kind", got.Kind, ProbeKinds)
		checkVocabulary(t, "cause", got.Cause, ProbeCauses)
		if got.StatusCode != 0 && got.Cause != ProbeStatusCode {
			t.Errorf("statusCode %d with cause %q", got.StatusCode, got.Cause)
		}
	})
}
