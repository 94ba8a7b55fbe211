package classify

import "testing"

func TestClassifyEvictionMessage(t *testing.T) {
	for _, c := range loadCases[EvictionInfo](t, "evictions.json") {
		t.Run(c.Name, func(t *testing.T) {
			checkCase(t, c, ClassifyEvictionMessage(c.Message))
		})
	}
}

func TestClassifyFailedCreate(t *testing.T) {
	for _, c := range loadCases[CreateFailure](t, "create_failures.json") {
		t.Run(c.Name, func(t *testing.T) {
			checkCase(t, c, ClassifyFailedCreate(c.Message))
		})
	}
}

func TestClassifySandboxMessage(t *testing.T) {
	for _, c := range loadCases[SandboxFailure](t, "sandbox.json") {
		t.Run(c.Name, func(t *testing.T) {
			checkCase(t, c, ClassifySandboxMessage(c.Message))
		})
	}
}

// FuzzClassifyLifecycle covers the three lifecycle classifiers: each gets
// every input, since a message of one family must not break another.
func FuzzClassifyLifecycle(f *testing.F) {
	seedCorpus(f, "evictions.json", func(c annotatedCase[EvictionInfo]) { f.Add(c.Message) })
	seedCorpus(f, "create_failures.json", func(c annotatedCase[CreateFailure]) { f.Add(c.Message) })
	seedCorpus(f, "sandbox.json", func(c annotatedCase[SandboxFailure]) { f.Add(c.Message) })
	f.Fuzz(func(t *testing.T, message string) {
		e := ClassifyEvictionMessage(message)
		checkDetail(t, message, e.Detail)
		checkVocabulary(t, "eviction kind", e.Kind, EvictionKinds)

		c := ClassifyFailedCreate(message)
		checkDetail(t, message, c.Detail)
		checkVocabulary(t, "create cause", c.Cause, CreateCauses)
		if c.Unreachable && c.Cause != CreateWebhook {
			t.Errorf("unreachable with cause %q", c.Cause)
		}

		s := ClassifySandboxMessage(message)
		checkDetail(t, message, s.Detail)
		checkVocabulary(t, "sandbox cause", s.Cause, SandboxCauses)
	})
}
