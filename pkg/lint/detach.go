package lint

import (
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// The strings of a parsed object share memory with its document: the fast
// YAML parser takes every key and scalar as a piece of the text it reads
// instead of copying it (pkg/manifest/fastyaml.go), and policy results quote
// those strings in turn. Whatever outlives the evaluation of one object (its
// findings, its inventory entry, its secret values) is copied here, so that
// a document's text goes when its object goes: otherwise one kept object
// name would keep its whole file, and a run over 100,000 objects would hold
// its whole input to the end.

// detachStrings copies every string of a list.
func detachStrings(list []string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.Clone(s)
	}
	return out
}

func detachRef(r finding.ObjectRef) finding.ObjectRef {
	r.APIVersion, r.Kind, r.Namespace, r.Name, r.UID = strings.Clone(r.APIVersion), strings.Clone(r.Kind), strings.Clone(r.Namespace), strings.Clone(r.Name), strings.Clone(r.UID)
	return r
}

// detachFindings copies, in place, every string of the findings that can come
// from a document: all but the rule id (the registry's) and the file name.
func detachFindings(list []finding.Finding) {
	for i := range list {
		f := &list[i]
		f.Container, f.Path, f.Message, f.Remedy = strings.Clone(f.Container), strings.Clone(f.Path), strings.Clone(f.Message), strings.Clone(f.Remedy)
		f.Object = detachRef(f.Object)
		if f.Owner != nil {
			owner := detachRef(*f.Owner)
			f.Owner = &owner
		}
		f.Evidence = detachStrings(f.Evidence)
		if f.Fix != nil {
			fix := *f.Fix
			fix.Path, fix.Value = strings.Clone(fix.Path), strings.Clone(fix.Value)
			f.Fix = &fix
		}
	}
}
