package report

import (
	"slices"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// prepare is the first step of every renderer, so that calling one
// directly (report.Text, report.JSON, ...) is as safe as Render: secrets
// are redacted from the findings and the suppressed findings, and for the
// formats people read (human), every text that came from the input is
// escaped (Escape, EscapeLines). Machine formats keep the exact strings;
// their encoders escape what JSON and XML must. The caller's findings are
// not changed.
func prepare(findings []finding.Finding, opts Options, human bool) ([]finding.Finding, Options) {
	findings = opts.Redactor.Findings(findings)
	opts.Suppressed = opts.Redactor.Findings(opts.Suppressed)
	if !human {
		return findings, opts
	}
	findings = escapeFindings(findings)
	opts.Suppressed = escapeFindings(opts.Suppressed)
	if opts.OwnerPods != nil {
		// Keys are owner names, looked up by the escaped owner.
		owners := make(map[string]int, len(opts.OwnerPods))
		for k, v := range opts.OwnerPods {
			owners[Escape(k)] = v
		}
		opts.OwnerPods = owners
	}
	rules := make([]finding.Rule, len(opts.Rules))
	for i, r := range opts.Rules {
		r.ID, r.Description, r.Remedy = Escape(r.ID), Escape(r.Description), EscapeLines(r.Remedy)
		rules[i] = r
	}
	opts.Rules = rules
	return findings, opts
}

// escapeFindings escapes every text of the findings in place: names,
// paths and evidence lines to one line each, messages and remedies line by
// line. The slice is the renderer's own copy (redact.Redactor.Findings
// returns one); what its findings point to (location, owner, fix,
// evidence) is shared with the caller, so it is copied only when escaping
// changes it, which for most input is never.
func escapeFindings(findings []finding.Finding) []finding.Finding {
	for i := range findings {
		f := &findings[i]
		f.Rule = Escape(f.Rule)
		f.Object = escapeObject(f.Object)
		if f.Owner != nil {
			if owner := escapeObject(*f.Owner); owner != *f.Owner {
				changed := owner
				f.Owner = &changed
			}
		}
		f.Container = Escape(f.Container)
		f.Path = Escape(f.Path)
		if f.Location != nil {
			if file := Escape(f.Location.File); file != f.Location.File {
				loc := *f.Location
				loc.File = file
				f.Location = &loc
			}
		}
		f.Message = EscapeLines(f.Message)
		f.Remedy = EscapeLines(f.Remedy)
		cloned := false
		for j, line := range f.Evidence {
			if escaped := Escape(line); escaped != line {
				if !cloned {
					f.Evidence, cloned = slices.Clone(f.Evidence), true
				}
				f.Evidence[j] = escaped
			}
		}
		if f.Fix != nil {
			path, value := Escape(f.Fix.Path), Escape(f.Fix.Value)
			// An edit is applied as written, so one whose file or text
			// would need escaping is dropped rather than changed.
			editChanged := f.Fix.Edit != nil && (Escape(f.Fix.Edit.File) != f.Fix.Edit.File || Escape(f.Fix.Edit.Text) != f.Fix.Edit.Text)
			if path != f.Fix.Path || value != f.Fix.Value || editChanged {
				fix := *f.Fix
				fix.Path, fix.Value = path, value
				if value != f.Fix.Value || editChanged {
					fix.Edit = nil
				}
				f.Fix = &fix
			}
		}
	}
	return findings
}

func escapeObject(r finding.ObjectRef) finding.ObjectRef {
	r.APIVersion, r.Kind = Escape(r.APIVersion), Escape(r.Kind)
	r.Namespace, r.Name, r.UID = Escape(r.Namespace), Escape(r.Name), Escape(r.UID)
	return r
}
