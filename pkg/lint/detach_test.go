package lint

import (
	"context"
	"testing"
	"unsafe"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// TestKeptStringsDoNotShareTheDocument checks that nothing an object leaves
// behind after its evaluation (findings, suppressed findings, its inventory
// entry, its secret values) points into the memory of its parsed data, which
// shares memory with the file it was read from.
func TestKeptStringsDoNotShareTheDocument(t *testing.T) {
	files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 300, Seed: 3})
	l, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var checked int
	for _, f := range files {
		objects, _ := manifest.Parse(f.Path, f.Data)
		for _, o := range objects {
			var spans [][2]uintptr
			collectSpans(o.Data, &spans)
			check := func(what, s string) {
				t.Helper()
				checked++
				if s == "" {
					return
				}
				p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
				for _, span := range spans {
					if p >= span[0] && p < span[1] {
						t.Errorf("%s %s: %s %q shares memory with the parsed document", o.Kind, o.Name, what, s)
						return
					}
				}
			}
			res := l.lintObject(context.Background(), o, nil)
			for _, list := range [][]finding.Finding{res.Findings, res.Suppressed} {
				for _, f := range list {
					check("object name", f.Object.Name)
					check("object namespace", f.Object.Namespace)
					check("object kind", f.Object.Kind)
					check("container", f.Container)
					check("path", f.Path)
					check("message", f.Message)
					check("remedy", f.Remedy)
					for _, e := range f.Evidence {
						check("evidence", e)
					}
					if f.Fix != nil {
						check("fix value", f.Fix.Value)
					}
				}
			}
			e := inventoryEntryOf(o)
			check("inventory kind", e.kind)
			if e.named != nil {
				check("inventory name", e.named.Name)
				check("inventory namespace", e.named.Namespace)
				for _, k := range e.named.Keys {
					check("inventory key", k)
				}
			}
			if e.related != nil {
				checkValue(e.related.data, func(s string) { check("related", s) })
			}
			if e.template != nil {
				check("template name", e.template.Name)
				for k, v := range e.template.Labels {
					check("label key", k)
					check("label value", v)
				}
				for _, p := range e.template.Ports {
					check("port name", p.Name)
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d strings checked", checked)
	}
}

// checkValue calls check on every string of a decoded value, keys included.
func checkValue(v any, check func(string)) {
	switch x := v.(type) {
	case string:
		check(x)
	case map[string]any:
		for k, child := range x {
			check(k)
			checkValue(child, check)
		}
	case []any:
		for _, child := range x {
			checkValue(child, check)
		}
	}
}

// collectSpans records the memory of every string in a decoded document.
func collectSpans(v any, spans *[][2]uintptr) {
	add := func(s string) {
		if s != "" {
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			*spans = append(*spans, [2]uintptr{p, p + uintptr(len(s))})
		}
	}
	switch x := v.(type) {
	case string:
		add(x)
	case map[string]any:
		for k, child := range x {
			add(k)
			collectSpans(child, spans)
		}
	case []any:
		for _, child := range x {
			collectSpans(child, spans)
		}
	}
}
