package report

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// fingerprints returns one identity per finding, in the order given, for the
// formats that track findings across runs (SARIF's partialFingerprints,
// GitLab Code Quality's fingerprint).
//
// An identity must survive edits elsewhere in the file and a new count in a
// message ("has restarted 4 times" becomes 5), so it is built from what names
// the problem, not from where it is printed: the rule, the file, the object,
// the container and the field path. Line numbers and message text stay out.
// Two findings that share all of those (a rule that reports one field twice)
// are told apart by their order, which the sorted input makes stable.
func fingerprints(findings []finding.Finding) []string {
	out := make([]string, len(findings))
	seen := make(map[string]int, len(findings))
	for i, f := range findings {
		key := identityKey(f)
		n := seen[key]
		seen[key] = n + 1
		if n > 0 {
			key += "\x00" + strconv.Itoa(n)
		}
		sum := sha256.Sum256([]byte(key))
		out[i] = hex.EncodeToString(sum[:16])
	}
	return out
}

// identityKey joins the fields that name a finding's problem. NUL separates
// them because no field can contain it unescaped in a way that shifts one
// field into the next.
func identityKey(f finding.Finding) string {
	file := ""
	if f.Location != nil {
		file = f.Location.File
	}
	return strings.Join([]string{
		f.Rule, file,
		f.Object.APIVersion, f.Object.Kind, f.Object.Namespace, f.Object.Name,
		f.Container, f.Path,
	}, "\x00")
}
