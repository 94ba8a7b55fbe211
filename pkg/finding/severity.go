// Package finding holds the one result type both poddoctor engines produce:
// lint (manifests before apply) and diagnose (pods after apply). It depends
// on the standard library only, so any program can import it cheaply.
package finding

import (
	"fmt"
	"strings"
)

// Severity orders findings: Error is what the API rejects or what will
// certainly fail, Warning is a real risk, Info is hygiene.
type Severity int

// The zero value is Info so that a forgotten severity never escalates a gate.
const (
	Info Severity = iota
	Warning
	Error
)

// None is a gate threshold above every severity: "--fail-on none".
const None Severity = Error + 1

// String returns the lower-case name used in every output format.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	case None:
		return "none"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "info" (any case).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return Info, fmt.Errorf("unknown severity %q: want error, warning or info", s)
}

// ParseThreshold reads a --fail-on or --min-severity value: a severity or "none".
func ParseThreshold(s string) (Severity, error) {
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		return None, nil
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return Info, fmt.Errorf("unknown threshold %q: want error, warning, info or none", s)
	}
	return sev, nil
}

// MarshalText writes the severity as its name, so JSON shows "warning", not 1.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
