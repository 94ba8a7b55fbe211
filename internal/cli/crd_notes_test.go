package cli

import (
	"strings"
	"testing"
)

// What a CRD's CEL rules could not judge reaches the user as a note on
// standard error, and the failed rules as findings with their messages.
func TestLintPrintsCRDNotes(t *testing.T) {
	code, out, errOut := run(t, "", "lint", "--crd", "../../testdata/crd/gateway-api", "../../testdata/crd/resources/gateway-api.yaml")
	if code != ExitFindings {
		t.Errorf("exit %d, want %d", code, ExitFindings)
	}
	const note = "note: CRD gatewayclasses.gateway.networking.k8s.io (v1): 1 transition rule is not checked offline"
	if strings.Count(errOut, note) != 1 {
		t.Errorf("stderr %q: want the transition-rule note once", errOut)
	}
	if !strings.Contains(out, "RequestRedirect filter must not be used together with backendRefs") {
		t.Errorf("stdout lacks the CEL rule's message:\n%s", out)
	}
}
