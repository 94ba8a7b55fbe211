package report

import (
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

// escapeFindings returns copies of the findings with every text escaped:
// names, paths and evidence lines to one line each, messages and remedies
// line by line.
func escapeFindings(findings []finding.Finding) []finding.Finding {
	if findings == nil {
		return nil
	}
	out := make([]finding.Finding, len(findings))
	for i, f := range findings {
		f.Rule = Escape(f.Rule)
		f.Object = escapeObject(f.Object)
		if f.Owner != nil {
			owner := escapeObject(*f.Owner)
			f.Owner = &owner
		}
		f.Container = Escape(f.Container)
		f.Path = Escape(f.Path)
		if f.Location != nil {
			loc := *f.Location
			loc.File = Escape(loc.File)
			f.Location = &loc
		}
		f.Message = EscapeLines(f.Message)
		f.Remedy = EscapeLines(f.Remedy)
		if f.Evidence != nil {
			ev := make([]string, len(f.Evidence))
			for j, line := range f.Evidence {
				ev[j] = Escape(line)
			}
			f.Evidence = ev
		}
		if f.Fix != nil {
			fix := *f.Fix
			fix.Path, fix.Value = Escape(fix.Path), Escape(fix.Value)
			f.Fix = &fix
		}
		out[i] = f
	}
	return out
}

func escapeObject(r finding.ObjectRef) finding.ObjectRef {
	r.APIVersion, r.Kind = Escape(r.APIVersion), Escape(r.Kind)
	r.Namespace, r.Name, r.UID = Escape(r.Namespace), Escape(r.Name), Escape(r.UID)
	return r
}
