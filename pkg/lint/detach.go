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

// detacher copies strings.
type detacher struct{}

func (detacher) str(s string) string { return strings.Clone(s) }

func (d detacher) strs(list []string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = d.str(s)
	}
	return out
}

func (d detacher) ref(r finding.ObjectRef) finding.ObjectRef {
	r.APIVersion, r.Kind, r.Namespace, r.Name, r.UID = d.str(r.APIVersion), d.str(r.Kind), d.str(r.Namespace), d.str(r.Name), d.str(r.UID)
	return r
}

// findings copies, in place, every string of the findings that can come
// from a document: all but the rule id (the registry's) and the file name.
func (d detacher) findings(list []finding.Finding) {
	for i := range list {
		f := &list[i]
		f.Container, f.Path, f.Message, f.Remedy = d.str(f.Container), d.str(f.Path), d.str(f.Message), d.str(f.Remedy)
		f.Object = d.ref(f.Object)
		if f.Owner != nil {
			owner := d.ref(*f.Owner)
			f.Owner = &owner
		}
		f.Evidence = d.strs(f.Evidence)
		if f.Fix != nil {
			fix := *f.Fix
			fix.Path, fix.Value = d.str(fix.Path), d.str(fix.Value)
			f.Fix = &fix
		}
	}
}

// entry copies every string of an inventory entry.
func (d detacher) entry(e inventoryEntry) inventoryEntry {
	e.kind = d.str(e.kind)
	if e.named != nil {
		e.named = &namedObject{Namespace: d.str(e.named.Namespace), Name: d.str(e.named.Name)}
	}
	if e.template != nil {
		t := *e.template
		t.Kind, t.Namespace, t.Name = d.str(t.Kind), d.str(t.Namespace), d.str(t.Name)
		labels := make(map[string]string, len(t.Labels))
		for k, v := range t.Labels {
			labels[d.str(k)] = d.str(v)
		}
		t.Labels = labels
		ports := make([]templatePort, len(t.Ports))
		for i, p := range t.Ports {
			ports[i] = templatePort{Name: d.str(p.Name), ContainerPort: p.ContainerPort}
		}
		t.Ports = ports
		e.template = &t
	}
	return e
}
