package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/redact"
)

// TestEveryFormatRedactsSecrets renders findings that quote secrets, known
// and credential-shaped, in every format and fails if any survives.
func TestEveryFormatRedactsSecrets(t *testing.T) {
	secrets := []string{"known-db-password-123", "hunter2hunter2", "AKIAIOSFODNN7EXAMPLE"}
	loc := &finding.Location{File: "deploy/app.yaml", Line: 12, Column: 9}
	findings := []finding.Finding{
		{
			Rule: "team-secret", Severity: finding.Error, Location: loc,
			Object:   finding.ObjectRef{Kind: "Deployment", Namespace: "shop", Name: "api"},
			Message:  "env DB_PASSWORD is set to known-db-password-123 in plain text",
			Remedy:   "move known-db-password-123 into a Secret",
			Fix:      &finding.Fix{Path: "spec", Value: "known-db-password-123"},
			Evidence: []string{"| connecting with password=hunter2hunter2", "| aws key AKIAIOSFODNN7EXAMPLE"},
		},
		{
			Rule: "crash-loop", Severity: finding.Error,
			Object:   finding.ObjectRef{Kind: "Pod", Namespace: "shop", Name: "api-1"},
			Message:  "container \"api\" is crash-looping",
			Evidence: []string{"| FATAL: cannot connect to postgres://app:hunter2hunter2@db:5432/shop"},
		},
	}
	opts := Options{Redactor: redact.New("known-db-password-123"), Suppressed: findings[:1], ShowSuppressed: true, Engine: "lint"}
	for _, format := range Formats() {
		var out bytes.Buffer
		if err := Render(&out, format, findings, opts); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		for _, s := range secrets {
			if strings.Contains(out.String(), s) {
				t.Errorf("%s output contains the secret %q", format, s)
			}
		}
		if !strings.Contains(out.String(), "REDACTED") {
			t.Errorf("%s output shows no redaction mark", format)
		}
	}
	if !strings.Contains(findings[0].Message, "known-db-password-123") {
		t.Error("Render changed the caller's findings")
	}
}
