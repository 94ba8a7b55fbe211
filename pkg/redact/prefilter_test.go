package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// The prefilters may only spare a pattern the texts it cannot match: with
// them, matchesSecretName and holdsArmour answer as the patterns alone do.
func checkPrefilters(t *testing.T, s string) {
	t.Helper()
	if got, want := matchesSecretName(s), secretName.MatchString(s); got != want {
		t.Errorf("matchesSecretName(%q) = %v, secretName matches: %v", s, got, want)
	}
	if got, want := holdsArmour(s), privateKeyArmour.MatchString(s); got != want {
		t.Errorf("holdsArmour(%q) = %v, privateKeyArmour matches: %v", s, got, want)
	}
}

func TestPrefiltersAgreeWithPatterns(t *testing.T) {
	for _, s := range []string{
		"", "PORT", "LOG_LEVEL", "DB_PASSWORD", "db_pass", "REDIS_PW", "COMPASS_URL", "PWD", "api-key",
		"AccessKey", "GITHUB_TOKEN", "client_secret", "AWS_CREDENTIALS", "PRIVATE_KEY", "keycloak_url",
		"\u212aey", "\u017fecret", "toKen", "A_PW_B", "pwned",
		"-----BEGIN RSA PRIVATE KEY-----", "---begin openssh private key---", "-----BEGIN PGP PRIVATE KEY BLOCK-----",
		"BEGIN PRIVATE KEY", "-- BEGIN CERTIFICATE --", "----- BeGiN EC PRIVATE KEY -----", "-begin private key-",
		"-----BEGIN ENCRYPTED PRIVATE \u212aEY-----", "server {\n listen 80;\n}\n",
	} {
		checkPrefilters(t, s)
	}
	// Random texts made of the pieces the patterns look for.
	pieces := []string{"-", "--", " ", "_", ".", "BEGIN", "begin", "BeGin", "PRIVATE", "private", "KEY", "key",
		"\u212a", "\u017f", "pass", "PW", "w", "d", "secret", "token", "api", "access", "credential", "s",
		"RSA ", "BLOCK", "x", "é", "\n"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkPrefilters(t, b.String())
	}
}

// mayHoldArmour compares BEGIN in ASCII: exact only while no other
// character folds to one of its letters.
func TestBeginFoldsOnlyWithinASCII(t *testing.T) {
	for _, r := range "BEGINbegin" {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f >= 0x80 {
				t.Errorf("%q folds to %q: mayHoldArmour must compare it too", r, f)
			}
		}
	}
}

func FuzzPrefilters(f *testing.F) {
	f.Add("DB_PASSWORD")
	f.Add("-----BEGIN RSA PRIVATE KEY-----")
	f.Add("\u212aey")
	f.Fuzz(func(t *testing.T, s string) { checkPrefilters(t, s) })
}
