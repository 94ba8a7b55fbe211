package manifest

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"unique"
	"unsafe"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// TestNoStringSharesTheFile checks the memory rule of owned.go: no string
// this package gives out (object identity and data, annotations, labels,
// unknown fields, problems) points into the bytes of the file it read,
// which the fast parser cuts its scalars out of. Other packages keep such
// strings (findings, the inventory, caches) without copying them.
func TestNoStringSharesTheFile(t *testing.T) {
	inputs := repositoryYAML(t)
	for _, mix := range []string{corpus.MixMixed, corpus.MixReference} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 400, Mix: mix, Seed: 5})
		for _, f := range files {
			inputs[f.Path] = f.Data
		}
	}
	checked := 0
	for name, text := range inputs {
		data := bytes.Clone(text) // the file's bytes, as read
		start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
		end := start + uintptr(len(data))
		check := func(what, s string) {
			t.Helper()
			checked++
			if s == "" {
				return
			}
			if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= start && p < end {
				t.Errorf("%s: %s %q shares the file's bytes", name, what, s)
			}
		}
		objects, problems := parseOwned(name, data, Options{})
		for _, p := range problems {
			check("problem", p.Message)
		}
		for _, o := range objects {
			for what, s := range map[string]string{"apiVersion": o.APIVersion, "kind": o.Kind, "namespace": o.Namespace, "name": o.Name} {
				check(what, s)
			}
			walkStrings(o.Data, func(s string) { check("data", s) })
			for k, v := range o.Annotations() {
				check("annotation", k)
				check("annotation", v)
			}
			for k, v := range PodTemplateLabels(o) {
				check("label", k)
				check("label", v)
			}
			fields, _ := UnknownFields(o)
			for _, u := range fields {
				check("unknown field", u.Field)
				check("unknown field path", u.Path)
				check("suggestion", u.Suggestion)
			}
		}
	}
	if checked < 50000 {
		t.Fatalf("only %d strings checked", checked)
	}
}

// walkStrings calls f on every string of decoded data, keys included.
func walkStrings(v any, f func(string)) {
	switch x := v.(type) {
	case string:
		f(x)
	case map[string]any:
		for k, child := range x {
			f(k)
			walkStrings(child, f)
		}
	case []any:
		for _, child := range x {
			walkStrings(child, f)
		}
	}
}

// TestKeyCacheGivesTheCanonicalKey: the cache answers with the very string
// ownKey gives (so keys stay shared across objects and goroutines), never
// with the text it was asked with, and stays within its bound however
// many distinct keys it meets.
//
// unique drops a canonical copy once no Handle holds it (a string of it
// does not), and the next ownKey then makes a new one, equal to the copy
// the cache gives: an older copy, still shared, so not a fault. The test
// holds a Handle of every key it uses, so that the copies it compares stay
// the same whenever the collector runs. Without them it failed once on a
// clean-clone CI run, and fails every time with the collection between
// the cache's answer and ownKey's that the loop now makes.
func TestKeyCacheGivesTheCanonicalKey(t *testing.T) {
	handles := make([]unique.Handle[string], maxCachedKeys+100)
	for i := range handles {
		handles[i] = unique.Make(fmt.Sprintf("key-%d", i))
	}
	defer runtime.KeepAlive(handles)
	var c keyCache
	for i := range 3 * maxCachedKeys {
		text := []byte(fmt.Sprintf("key-%d", i%(maxCachedKeys+100)))
		key := unsafe.String(unsafe.SliceData(text), len(text)) // as the parser cuts it
		got := c.own(key)
		if i%512 == 0 {
			runtime.GC() // as a run's collector may, at any time
		}
		if want := ownKey(key); unsafe.StringData(got) != unsafe.StringData(want) || got != want {
			t.Fatalf("own(%q) = %q at %p, want ownKey's %q at %p", key, got, unsafe.StringData(got), want, unsafe.StringData(want))
		}
		if unsafe.StringData(got) == unsafe.SliceData(text) {
			t.Fatalf("own(%q) gave back the text it was asked with", key)
		}
		if len(c) > maxCachedKeys {
			t.Fatalf("the cache holds %d keys, more than %d", len(c), maxCachedKeys)
		}
	}
}
