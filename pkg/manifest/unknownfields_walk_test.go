package manifest

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// sameAsDecoder checks that UnknownFields, which walks the data when it
// can, answers exactly what the strict decoder answers. It reports whether
// the walk answered.
func sameAsDecoder(t *testing.T, o *Object, what string) bool {
	t.Helper()
	typ, err := goTypeOf(o.APIVersion, o.Kind)
	if err != nil {
		return false
	}
	got, gotErr := UnknownFields(o)
	want, wantErr := unknownFieldsByDecoder(o, typ)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("%s %s: error %v, the decoder says %v", what, refString(o), gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s %s: unknown fields\n%+v\nthe decoder says\n%+v", what, refString(o), got, want)
	}
	_, walked := walkStrict(typ, o.Data)
	return walked
}

// repositoryObjects reads every manifest under the repository's testdata
// directories, and a generated corpus of every kind it writes.
func repositoryObjects(t *testing.T) []*Object {
	t.Helper()
	var objects []*Object
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		ext := filepath.Ext(path)
		if d.IsDir() || !strings.Contains(path, "testdata") || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			return nil
		}
		objs, _, err := ReadFile(path, nil)
		if err == nil {
			objects = append(objects, objs...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, mix := range []string{corpus.MixMixed, corpus.MixReference} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 400, Mix: mix})
		for _, f := range files {
			objs, _ := Parse(f.Path, f.Data)
			objects = append(objects, objs...)
		}
	}
	return objects
}

func TestUnknownFieldsWalkMatchesDecoder(t *testing.T) {
	objects := repositoryObjects(t)
	walked := 0
	for _, o := range objects {
		if sameAsDecoder(t, o, "as written") {
			walked++
		}
	}
	t.Logf("%d objects, %d answered by the walk", len(objects), walked)
	if walked < len(objects)/2 {
		t.Errorf("the walk answered only %d of %d objects", walked, len(objects))
	}
}

// TestUnknownFieldsWalkMatchesDecoderOnMutations changes manifests the way
// people get them wrong (misspelled and misplaced keys, values of the wrong
// type, numbers out of range, broken quantities) and checks the walk and
// the decoder still agree.
func TestUnknownFieldsWalkMatchesDecoderOnMutations(t *testing.T) {
	objects := repositoryObjects(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	rounds := 4000
	if testing.Short() {
		rounds = 500
	}
	walked := 0
	for i := range rounds {
		o := objects[rnd.IntN(len(objects))]
		m := &Object{APIVersion: o.APIVersion, Kind: o.Kind, Name: o.Name, Namespace: o.Namespace, Data: deepCopy(o.Data).(map[string]any)}
		for range 1 + rnd.IntN(3) {
			mutate(rnd, m.Data)
		}
		if sameAsDecoder(t, m, "mutation "+string(rune('0'+i%10))) {
			walked++
		}
	}
	t.Logf("%d mutated objects, %d answered by the walk", rounds, walked)
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// mutate changes one randomly chosen place of data.
func mutate(rnd *rand.Rand, data map[string]any) {
	// Pick a container (map or list) and a key or index in it.
	var containers []any
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			containers = append(containers, v)
			for _, k := range sortedKeys(v) {
				walk(v[k])
			}
		case []any:
			containers = append(containers, v)
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(data)
	replacements := []any{nil, "3", int64(3), int64(-1), int64(1) << 40, 2.5, 3.0, true, "128mb", "500Mi", "not base64!",
		"2026-03-14T10:00:00Z", "yesterday", map[string]any{}, map[string]any{"x": int64(1)}, []any{}, []any{"a"}, "http", int64(8080)}
	switch c := containers[rnd.IntN(len(containers))].(type) {
	case map[string]any:
		keys := sortedKeys(c)
		if len(keys) == 0 || rnd.IntN(5) == 0 {
			c[[]string{"imagePullPolcy", "replica", "Image", "a.b", "selector", "labels", "extra[0]"}[rnd.IntN(7)]] = replacements[rnd.IntN(len(replacements))]
			return
		}
		k := keys[rnd.IntN(len(keys))]
		switch rnd.IntN(3) {
		case 0: // misspell the key
			v := c[k]
			delete(c, k)
			c[typo(rnd, k)] = v
		default: // change the value
			c[k] = replacements[rnd.IntN(len(replacements))]
		}
	case []any:
		if len(c) > 0 {
			c[rnd.IntN(len(c))] = replacements[rnd.IntN(len(replacements))]
		}
	}
}

func typo(rnd *rand.Rand, s string) string {
	if len(s) < 2 {
		return s + "x"
	}
	b := []byte(s)
	i := rnd.IntN(len(b) - 1)
	switch rnd.IntN(3) {
	case 0:
		b[i], b[i+1] = b[i+1], b[i]
	case 1:
		b = slices.Delete(b, i, i+1)
	default:
		b = []byte(strings.ToUpper(s[:1]) + s[1:])
	}
	return string(b)
}

// TestSelfUnmarshalAnswersAreBounded checks that remembered answers give
// the same verdicts as asking UnmarshalJSON, and stop growing at their
// bound however many distinct values a hostile input holds.
func TestSelfUnmarshalAnswersAreBounded(t *testing.T) {
	quantity := reflect.TypeFor[resource.Quantity]()
	for _, tt := range []struct {
		v    any
		want bool
	}{{"100m", true}, {"128Mi", true}, {"lots", false}, {int64(2), true}, {1.5, true}, {"", false}} {
		for range 2 { // asked, then remembered
			if got := unmarshalsItself(quantity, tt.v); got != tt.want {
				t.Errorf("unmarshalsItself(Quantity, %#v) = %v, want %v", tt.v, got, tt.want)
			}
		}
	}
	for i := range maxSelfUnmarshalAnswers + 100 {
		unmarshalsItself(quantity, fmt.Sprintf("%dMi", i))
	}
	if n := selfUnmarshalCount.Load(); n > maxSelfUnmarshalAnswers {
		t.Errorf("%d answers remembered, bound %d", n, maxSelfUnmarshalAnswers)
	}
}
