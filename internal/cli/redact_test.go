package cli

import (
	"strings"
	"testing"
)

// TestEveryFormatRedactsCredentialShapes puts the credential shapes people
// paste (built here, so no token-shaped text sits in the repository) into
// a container's termination message, beside a stack trace that merely
// mentions a token, and diagnoses it in every format, -o facts included.
func TestEveryFormatRedactsCredentialShapes(t *testing.T) {
	repeat := func(prefix string, n int) string { return prefix + strings.Repeat("a1B2", n/4+1)[:n] }
	secrets := []string{
		repeat("ghp_", 36), repeat("github_pat_", 82), repeat("xoxb-1234567890-1234567890123-", 24),
		repeat("AIza", 35), repeat("sk_live_", 24), "dXNlcjpwYXNzd29yZA==", "hunter22x",
	}
	message := "clone with " + secrets[0] + " and " + secrets[1] + "; slack " + secrets[2] +
		"; maps " + secrets[3] + "; stripe " + secrets[4] + "; Authorization: Basic " + secrets[5] +
		"; PGPASSWORD " + secrets[6] + "\\n\\tfrom /app/lib/app_token.rb:2:in `<main>'; token_expiry=3600"
	snap := `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: api-1, namespace: shop, uid: u-1}
  spec:
    containers:
    - {name: api, image: acme/api:1.0}
  status:
    phase: Running
    containerStatuses:
    - name: api
      image: acme/api:1.0
      restartCount: 4
      state: {waiting: {reason: CrashLoopBackOff}}
      lastState:
        terminated:
          exitCode: 1
          reason: Error
          message: "` + message + `"
          finishedAt: "2026-11-25T08:00:00Z"
`
	for _, format := range []string{"text", "json", "sarif", "junit", "github", "facts"} {
		_, out, stderr := run(t, snap, "diagnose", "-o", format, "-f", "-")
		if !strings.Contains(out, "REDACTED") {
			t.Fatalf("%s: no redaction (stderr %s):\n%.800s", format, stderr, out)
		}
		for _, secret := range secrets {
			if strings.Contains(out, secret) {
				t.Errorf("%s output contains %q", format, secret)
			}
		}
		for _, evidence := range []string{"app_token.rb:2", "token_expiry=3600"} {
			if !strings.Contains(out, evidence) {
				t.Errorf("%s output lost the evidence %q", format, evidence)
			}
		}
	}
}
