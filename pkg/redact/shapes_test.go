package redact

import (
	"strings"
	"testing"
)

// fake builds a credential-shaped value at test time, so that no
// token-shaped string sits in the repository for scanners to flag.
func fake(prefix string, n int) string {
	const alphabet = "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ"
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < n; i++ {
		b.WriteByte(alphabet[(i*7+3)%len(alphabet)])
	}
	return b.String()
}

// TestMustRedact: every credential shape people paste into logs, events
// and manifests loses its secret part, whatever surrounds it.
func TestMustRedact(t *testing.T) {
	awsSecret := fake("", 40)
	tests := []struct{ line, secret string }{
		{"cloning with " + fake("ghp_", 36) + " failed", fake("ghp_", 36)},
		{"GITHUB_TOKEN=" + fake("gho_", 36), fake("gho_", 36)},
		{"token " + fake("ghu_", 36), fake("ghu_", 36)},
		{"installation token " + fake("ghs_", 36) + " expired", fake("ghs_", 36)},
		{"refresh " + fake("ghr_", 36), fake("ghr_", 36)},
		{"git clone https://" + fake("github_pat_", 82) + "@github.com/acme/app", fake("github_pat_", 82)},
		{"slack: " + fake("xoxb-1234567890-1234567890123-", 24), fake("xoxb-1234567890-1234567890123-", 24)},
		{"user token " + fake("xoxp-1234567890-1234567890-1234567890-", 32), fake("xoxp-1234567890-1234567890-1234567890-", 32)},
		{"app token " + fake("xapp-1-A0123456789-1234567890123-", 64), fake("xapp-1-A0123456789-1234567890123-", 64)},
		{"posting to https://hooks.slack.com/services/T0123ABCD/B0123ABCD/" + fake("", 24), "T0123ABCD/B0123ABCD/" + fake("", 24)},
		{"maps key=" + fake("AIza", 35), fake("AIza", 35)},
		{"google api key " + fake("AIza", 35) + " rejected", fake("AIza", 35)},
		{"stripe " + fake("sk_live_", 24), fake("sk_live_", 24)},
		{"restricted " + fake("rk_test_", 24), fake("rk_test_", 24)},
		{"Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
		{`curl -H "Authorization: Bearer abc.def-ghi" https://api`, "abc.def-ghi"},
		{`"authorization": "token 0123456789abcdef"`, "0123456789abcdef"},
		{"Authorization: dXNlcjpwYXNzd29yZA", "dXNlcjpwYXNzd29yZA"},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXk"},
		{"-----BEGIN EC PRIVATE KEY----- MHcCAQEEIB (cut by the log tail", "MHcCAQEEIB"},
		{"key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE"},
		{"ASIA" + strings.ToUpper(fake("", 16)), "ASIA" + strings.ToUpper(fake("", 16))},
		{"aws_secret_access_key = " + awsSecret, awsSecret},
		{"AWS_SECRET_ACCESS_KEY    " + awsSecret, awsSecret},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "eyJzdWIiOiIxMjM0NTY3ODkwIn0"},
		{"connect postgres://app:pa55word@db:5432/shop failed", "pa55word"},
		{"amqp://guest:hunter22@rabbit:5672/", "hunter22"},
		{"the password is hunter2", "hunter2"},
		{"Password was Tr0ub4dor&3 for admin", "Tr0ub4dor&3"},
		{"PGPASSWORD=s3cr3t psql -h db", "s3cr3t"},
		{"PGPASSWORD hunter22", "hunter22"},
		{"export MYSQL_PWD='p4ss w0rd'", "p4ss w0rd"},
		{"DB_PASSWORD: s3cr3t-value", "s3cr3t-value"},
		{`{"client_secret": "abc123xyz"}`, "abc123xyz"},
		{"spring.datasource.password=hunter22", "hunter22"},
		{"db.pwd: 12345678", "12345678"},
		{"password: 12345678", "12345678"},
		{"--api-key 0123456789abcdef", "0123456789abcdef"},
		{"githubToken=abcdef123456", "abcdef123456"},
		{"X-Auth-Token: 9f8e7d6c5b4a", "9f8e7d6c5b4a"},
		{"token=unexpected", "unexpected"},
	}
	var r *Redactor
	for _, tt := range tests {
		got := r.String(tt.line)
		if strings.Contains(got, tt.secret) || !strings.Contains(got, Mask) {
			t.Errorf("String(%q) = %q: the secret %q survives", tt.line, got, tt.secret)
		}
		if again := r.String(got); again != got {
			t.Errorf("not idempotent: %q -> %q", got, again)
		}
		if all := r.redact(tt.line, false); all != got {
			t.Errorf("clues changed the answer for %q: %q, every pattern gives %q", tt.line, got, all)
		}
	}
}

// TestMustKeep: evidence that merely mentions a secret word stays intact:
// stack traces with file:line, settings about secrets, prose, references.
func TestMustKeep(t *testing.T) {
	lines := []string{
		"	from /app/lib/app_token.rb:2:in `<main>'",
		"app_token.rb:2",
		`  File "/srv/secret_store.py", line 41, in load`,
		"at com.acme.TokenService.refresh(TokenService.java:118)",
		"goroutine 1 [running]:\nmain.loadToken(...)\n\t/src/token.go:57 +0x1d",
		"token_expiry=3600",
		"password_reset_url=https://acme.example/reset",
		"max_password_length=64",
		"tokenTTL: 3600",
		"secretName: db-credentials",
		"secretKeyRef: {name: db, key: password}",
		"PASSWORD_FILE=/run/secrets/db",
		"--password-file /run/secrets/db",
		"tokenizer=bert",
		"secretary: alice",
		"the password is incorrect",
		"password was reset",
		"FATAL: password authentication failed for user \"app\"",
		"ERROR: PASSWORD AUTHENTICATION FAILED",
		"failed to fetch oauth token: unexpected status from GET request",
		"Authorization: failed",
		// containerd 1.7, pull access denied (kubelet event)
		"pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed",
		"Basic authentication required",
		"DB_PASSWORD=$(DB_PASSWORD)",
		"password: ${DB_PASSWORD}",
		"token: {{ .Values.token }}",
		"password=",
		"kubectl -n shop get secret db-credentials -o jsonpath='{.data.password}'",
		"Back-off restarting failed container api in pod api-1",
		"MountVolume.SetUp failed for volume \"token\" : secret \"api-token\" not found",
		"https://registry.example/v2/token?scope=repository:app:pull",
		"error: token expired",
		"sk_live is not a key; pk_live_abc is public",
		"AIza is a prefix",
		// quay.io through containerd (pkg/diagnose/classify/testdata/pull_errors.json)
		"unable to retrieve auth token: invalid username/password: unauthorized: Invalid Username or Password",
		// containerd 1.7 resolver, docker.io behind a firewall (same file)
		`failed to authorize: failed to fetch anonymous token: Get "https://auth.docker.io/token?scope=repository%3Alibrary%2Fredis%3Apull&service=registry.docker.io": dial tcp 108.160.165.48:443: i/o timeout`,
		// containerd's format string, quoted in a comment of the testdata
		`"failed to fetch oauth token: %w"`,
		// JSON and YAML quoted in evidence
		`"serviceAccountToken": {`,
		`"redactionTokens": [],`,
	}
	var r *Redactor
	for _, line := range lines {
		if got := r.String(line); got != line {
			t.Errorf("String(%q) = %q, want it unchanged", line, got)
		}
	}
}
