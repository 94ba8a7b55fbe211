package finding

import "fmt"

// ObjectRef names the Kubernetes object a finding is about.
type ObjectRef struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name"`
	UID        string `json:"uid,omitempty"`
}

// String renders "Kind namespace/name", or "Kind name" for cluster-scoped objects.
func (r ObjectRef) String() string {
	if r.Namespace == "" {
		return fmt.Sprintf("%s %s", r.Kind, r.Name)
	}
	return fmt.Sprintf("%s %s/%s", r.Kind, r.Namespace, r.Name)
}

// Location is a position in an input file. Line and Column count from 1;
// zero means unknown.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// String renders "file:line:col", dropping the parts that are unknown.
func (l Location) String() string {
	switch {
	case l.Line == 0:
		return l.File
	case l.Column == 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
}

// Fix is a machine-applicable suggestion: set the field at Path to Value.
type Fix struct {
	Path  string `json:"path"`
	Value string `json:"value"`
	// Edit is the same fix as a change to the file's text, when the field
	// is a one-line scalar written in the file itself (not in a template
	// or a values file that produced it). SARIF writes it as `fixes`.
	Edit *TextEdit `json:"edit,omitempty"`
}

// TextEdit replaces the text of one line from Column up to, not including,
// EndColumn with Text. Columns count Unicode code points from 1, as
// Location's do (and as SARIF's columnKind "unicodeCodePoints" says).
type TextEdit struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndColumn int    `json:"endColumn"`
	Text      string `json:"text"`
}

// Finding is one thing poddoctor has to say about one object. Findings are
// data, not errors: a manifest that does not parse is a finding too.
type Finding struct {
	Rule      string     `json:"rule"`
	Severity  Severity   `json:"severity"`
	Object    ObjectRef  `json:"object"`
	Owner     *ObjectRef `json:"owner,omitempty"`
	Container string     `json:"container,omitempty"`
	Location  *Location  `json:"location,omitempty"`
	Path      string     `json:"path,omitempty"`
	Message   string     `json:"message"`
	Evidence  []string   `json:"evidence,omitempty"`
	Remedy    string     `json:"remedy,omitempty"`
	Fix       *Fix       `json:"fix,omitempty"`
	// Related are other places that explain the finding, such as the
	// values.yaml line a Helm template took the field's value from.
	Related []RelatedLocation `json:"related,omitempty"`
}

// RelatedLocation is a place in an input that bears on a finding, with
// what it has to do with it.
type RelatedLocation struct {
	Location
	Message string `json:"message,omitempty"`
}
