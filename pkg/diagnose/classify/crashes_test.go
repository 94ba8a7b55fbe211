package classify

import "testing"

func TestExplainExitCode(t *testing.T) {
	for _, c := range loadCases[ExitCode](t, "exit_codes.json") {
		t.Run(c.Name, func(t *testing.T) {
			if c.Code == nil {
				t.Fatal("exit code case without code")
			}
			checkCase(t, c, ExplainExitCode(*c.Code))
		})
	}
}

func TestClassifyContainerError(t *testing.T) {
	for _, c := range loadCases[ContainerError](t, "container_errors.json") {
		t.Run(c.Name, func(t *testing.T) {
			checkCase(t, c, ClassifyContainerError(c.Reason, c.Message))
		})
	}
}

func FuzzClassifyContainerError(f *testing.F) {
	seedCorpus(f, "container_errors.json", func(c annotatedCase[ContainerError]) { f.Add(c.Reason, c.Message, int32(0)) })
	f.Add("", "", int32(-1))
	f.Add("StartError", "", int32(137))
	f.Fuzz(func(t *testing.T, reason, message string, code int32) {
		got := ClassifyContainerError(reason, message)
		checkDetail(t, message, got.Detail)
		checkVocabulary(t, "cause", got.Cause, ContainerCauses)
		if (got.Object == "") != (got.ObjectKind == "") {
			t.Errorf("object %q with kind %q", got.Object, got.ObjectKind)
		}
		e := ExplainExitCode(code)
		if e.Code != code || e.Meaning == "" {
			t.Errorf("ExplainExitCode(%d) = %+v", code, e)
		}
	})
}
