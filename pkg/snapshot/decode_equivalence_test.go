package snapshot

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// The loader decodes objects with the v2 JSON decoder configured as
// encoding/json (see objDecoder.unmarshal). These tests load the same inputs
// once that way and once with encoding/json alone, as poddoctor did before,
// and require the same Snapshot: the same objects (reflect.DeepEqual, every
// field: nothing is skipped), the same Kinds, Present, Logs, Notes (so the
// same messages for malformed input) and Sources, and the same error.

// equivalenceDirs are the saved snapshots of the repository, relative to this
// package: each file is loaded on its own and each directory as a whole.
var equivalenceDirs = []string{
	"../../testdata/diagnose",
	"../../testdata/examples",
	"../../test/e2e/testdata",
	"testdata",
}

// loadBoth loads paths with both decoders and fails t when they disagree.
func loadBoth(t *testing.T, paths []string, stdin []byte) *Snapshot {
	t.Helper()
	fast, fastErr := load(paths, bytes.NewReader(stdin), false, Options{})
	legacy, legacyErr := load(paths, bytes.NewReader(stdin), true, Options{})
	if errString(fastErr) != errString(legacyErr) {
		t.Fatalf("load %v: error %q, encoding/json: %q", paths, errString(fastErr), errString(legacyErr))
	}
	requireSameSnapshot(t, fast, legacy)
	return fast
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// requireSameSnapshot fails t when the snapshots differ in anything.
func requireSameSnapshot(t *testing.T, fast, legacy *Snapshot) {
	t.Helper()
	if reflect.DeepEqual(fast, legacy) {
		return
	}
	// cmp says where; reflect.DeepEqual is the rule.
	t.Fatalf("the v2 decoder loaded something else than encoding/json (-v2 +encoding/json):\n%s",
		cmp.Diff(fast, legacy, cmp.Exporter(func(reflect.Type) bool { return true })))
}

func TestDecodeEquivalenceSavedSnapshots(t *testing.T) {
	for _, dir := range equivalenceDirs {
		var paths []string
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if strings.HasPrefix(d.Name(), ".") && path != dir {
					return filepath.SkipDir
				}
				paths = append(paths, path)
				return nil
			}
			paths = append(paths, path)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) < 2 {
			t.Fatalf("%s: no snapshots found", dir)
		}
		for _, path := range paths {
			t.Run(path, func(t *testing.T) {
				loadBoth(t, []string{path}, nil)
			})
		}
	}
	// The inputs poddoctor's own tests use most: everything at once.
	t.Run("all", func(t *testing.T) {
		s := loadBoth(t, equivalenceDirs, nil)
		if len(s.Pods) == 0 || len(s.Events) == 0 {
			t.Fatalf("loaded %d pods and %d events: the saved snapshots moved?", len(s.Pods), len(s.Events))
		}
	})
}

func TestDecodeEquivalenceFuzzSeeds(t *testing.T) {
	files, err := filepath.Glob("testdata/fuzz/*/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fuzz seeds: %v", err)
	}
	for _, file := range files {
		data := readFuzzSeed(t, file)
		t.Run(file, func(t *testing.T) {
			compareBytes(t, data)
		})
	}
}

// readFuzzSeed reads the []byte of a "go test fuzz v1" corpus file.
func readFuzzSeed(t *testing.T, file string) []byte {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, value, ok := strings.Cut(string(raw), "\n")
	value = strings.TrimSpace(value)
	if !ok || !strings.HasPrefix(value, "[]byte(") || !strings.HasSuffix(value, ")") {
		t.Fatalf("%s: not a []byte fuzz seed", file)
	}
	s, err := strconv.Unquote(value[len("[]byte(") : len(value)-1])
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return []byte(s)
}

// compareBytes loads data as FuzzLoadBytes does, as a file of objects and as
// a logs.txt, with both decoders.
func compareBytes(t *testing.T, data []byte) {
	t.Helper()
	for _, name := range []string{"fuzz.json", "shop/web-1/logs.txt"} {
		fast, legacy := newLoaderWith(false), newLoaderWith(true)
		fast.addFile(name, data)
		legacy.addFile(name, data)
		requireSameSnapshot(t, fast.finish(), legacy.finish())
	}
}

func TestDecodeEquivalenceGenerated(t *testing.T) {
	pods := 2000
	if testing.Short() {
		pods = 300
	}
	for seed := range uint64(2) {
		s := loadBoth(t, []string{"-"}, generatedSnapshot(t, corpus.SnapshotOptions{Pods: pods, Seed: seed}))
		if len(s.Pods) != pods {
			t.Fatalf("seed %d: loaded %d pods, want %d", seed, len(s.Pods), pods)
		}
	}
}

// TestDecodeEquivalenceTakenBack loads lists whose items are handed to the
// decoders before the list's kind, printed after them, says how to read
// them: a typed list, whose items are all of its kind, and an object that is
// no list but has items. Enough items that the workers have started.
func TestDecodeEquivalenceTakenBack(t *testing.T) {
	list := generatedSnapshot(t, corpus.SnapshotOptions{Pods: 200})
	if !bytes.Contains(list, []byte(`"kind": "List"`)) {
		t.Fatal(`the generated cluster has no "kind": "List"`)
	}
	// Then a small List, so that what was taken back is followed by more.
	tail := []byte(` {"kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"after","uid":"after"}}]}`)
	for _, kind := range []string{"PodList", "EventList", "ConfigMapList", "Pod", "Mystery"} {
		t.Run(kind, func(t *testing.T) {
			data := bytes.Replace(list, []byte(`"kind": "List"`), []byte(`"kind": "`+kind+`"`), 1)
			s := loadBoth(t, []string{"-"}, append(data, tail...))
			if kind == "PodList" && len(s.Pods) < 1000 {
				t.Errorf("loaded %d pods from a PodList of over 1000 items", len(s.Pods))
			}
		})
	}
}

// trickyObjects are objects where encoding/json has rules of its own:
// names matched without regard to case (Unicode folding included), duplicate
// names merging, nulls, invalid UTF-8 and escapes, numbers and strings for
// quantities and int-or-strings, times that are not UTC, managedFields kept
// as raw JSON, and values of the wrong type, whose errors are quoted in the
// notes.
var trickyObjects = []string{
	// Duplicate names: the last wins, structs, pointers, slices and maps
	// merging as encoding/json merges them.
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","name":"b","labels":{"x":"1"},"labels":{"y":"2"},"uid":"u1"},
	  "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":1},{"containerPort":2}]}],"securityContext":{"runAsUser":1}},
	  "spec":{"nodeName":"n","containers":[{"name":"d","ports":[{"name":"p"}]}],"securityContext":{"runAsGroup":2}},
	  "status":{"containerStatuses":[{"name":"c","state":{"waiting":{"reason":"x"}},"state":{"running":{"startedAt":"2024-01-01T00:00:00Z"}}}]}}`,
	// Names in other cases; ſ and K (Kelvin sign) fold to s and k.
	`{"apiVersion":"v1","kind":"Pod","METADATA":{"Name":"a","NAMESPACE":"ns","creationtimestamp":"2024-01-01T00:00:00Z","ſelfLink":"/x",
	  "ownerReferences":[{"Kind":"ReplicaSet","name":"r","uid":"o","CONTROLLER":true}]},
	  "Spec":{"ſerviceAccountName":"sa","containers":[{"NAME":"c","Resources":{"Limits":{"cpu":"1"}}}]}}`,
	// Nulls, for pointers, slices, maps, times and plain values; a time set
	// then nulled.
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"n","creationTimestamp":"2024-01-01T00:00:00Z","creationTimestamp":null,
	  "deletionTimestamp":null,"labels":null,"annotations":{"a":null},"generation":null},
	  "spec":{"containers":null,"nodeName":null,"activeDeadlineSeconds":null,"terminationGracePeriodSeconds":30,"terminationGracePeriodSeconds":null},
	  "status":{"startTime":null,"conditions":[{"type":"Ready","lastTransitionTime":null,"lastProbeTime":"2024-01-01T00:00:00Z"}]}}`,
	// Invalid UTF-8, escapes, surrogates, lone surrogates.
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\xffb\",\"namespace\":\"\\u00e9\\ud83d\\ude00\\ud800x\",\"uid\":\"\xc3\x28\",\"labels\":{\"k\xfe\":\"v\\u0000\"}},\"spec\":{\"nodeName\":\"\\/n\\\"\"}}",
	// Times: escaped, offset, fractional, and not RFC 3339 at all.
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"t","creationTimestamp":"2024-01-01T00:00:00\u005a"},
	  "status":{"startTime":"2024-06-01T12:30:00+02:00","conditions":[{"type":"A","lastTransitionTime":"2024-01-01T00:00:00.123456789Z"}]}}`,
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad-time","creationTimestamp":"yesterday"}}`,
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"bad-time-utf8\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\xff\"}}",
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"num-time","creationTimestamp":1700000000}}`,
	// Quantities and int-or-strings as numbers and strings, and wrong.
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q"},"spec":{"containers":[{"name":"c",
	  "resources":{"limits":{"cpu":2,"memory":"1Gi","x":" 5 "},"requests":{"cpu":0.5e1}},
	  "livenessProbe":{"httpGet":{"port":8080}},"readinessProbe":{"httpGet":{"port":"http"}},"startupProbe":{"tcpSocket":{"port":null}}}]}}`,
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad-q"},"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"lots"}}}]}}`,
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad-port"},"spec":{"containers":[{"name":"c","livenessProbe":{"httpGet":{"port":[1]}}}]}}`,
	// managedFields: fieldsV1 is kept as it is written, compacted.
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"m","managedFields":[{"manager":"kubectl","operation":"Apply",
	  "fieldsType":"FieldsV1","fieldsV1":{ "f:metadata" : { "f:labels" : { "." : { } } , "f:x": [ 1 , "a b" ] } },
	  "time":"2024-01-01T00:00:00Z"},{"manager":"m2","FIELDSV1":null},{"manager":"m3","fieldsV1":"str"}]}}`,
	// Wrong types: the error message is encoding/json's.
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"w"},"spec":{"containers":[{"name":"c"}],"priority":"high"}}`,
	`{"apiVersion":"v1","kind":"Pod","metadata":[],"spec":{}}`,
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"f"},"status":{"containerStatuses":[{"name":"c","restartCount":1.5}]}}`,
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"big"},"status":{"containerStatuses":[{"name":"c","restartCount":99999999999}]}}`,
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"exp"},"spec":{"priority":1e2,"terminationGracePeriodSeconds":-0}}`,
	`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"},"spec":{"hostNetwork":"true","containers":[{"name":"c","stdin":1}]}}`,
	`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","uid":"d1"},"spec":{"replicas":"3","selector":{"matchLabels":{"a":"b"}}}}`,
	`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d2","uid":"d2"},"spec":{"replicas":3,"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}}}}`,
	// Unknown members, nested deep, and the kind and apiVersion repeated.
	`{"apiVersion":"v1","kind":"Pod","kind":"Pod","metadata":{"name":"u","unknown":{"a":[{"b":{}}]}},"future":[1,2,{"c":null}],"spec":{"x":true}}`,
	// Events of both APIs, with micro times.
	`{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e1","namespace":"ns","uid":"e1"},"eventTime":"2024-01-01T00:00:00.000001Z",
	  "regarding":{"kind":"Pod","name":"p","namespace":"ns","uid":"p1"},"reason":"BackOff","note":"n","type":"Warning","deprecatedCount":3,
	  "deprecatedFirstTimestamp":"2024-01-01T00:00:00Z","series":{"count":2,"lastObservedTime":"2024-01-01T00:01:00.5Z"}}`,
	`{"apiVersion":"v1","kind":"Event","metadata":{"name":"e2","namespace":"ns","uid":"e2"},"eventTime":null,"count":"2",
	  "involvedObject":{"kind":"Pod","name":"p"}}`,
	`{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e3","uid":"e3"},"eventTime":"not a time"}`,
	// Other kept kinds.
	`{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"cj","uid":"cj"},"spec":{"schedule":"* * * * *","jobTemplate":{"metadata":{"managedFields":[{"fieldsV1":{ }}]},
	  "spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"c"}]}}}}},"status":{"lastScheduleTime":"2024-01-01T00:00:00Z"}}`,
	`{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1","uid":"n1"},"status":{"capacity":{"cpu":"4","pods":110},"allocatable":{"memory":"8Gi"},
	  "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2024-01-01T00:00:00Z"}]}}`,
}

func TestDecodeEquivalenceTricky(t *testing.T) {
	for i, obj := range trickyObjects {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			compareBytes(t, []byte(obj))
			// As list items too, of a v1 List and of a typed one, and
			// indented as kubectl prints.
			compareBytes(t, []byte(`{"apiVersion":"v1","kind":"List","items":[`+obj+`,`+obj+`]}`))
			compareBytes(t, []byte(`{"apiVersion":"v1","items":[`+obj+`],"kind":"PodList"}`))
			compareBytes(t, []byte(strings.ReplaceAll(strings.ReplaceAll(obj, ",", ",\n    "), ":", ": ")))
		})
	}
	all := "[" + strings.Join(trickyObjects, ",") + "]"
	compareBytes(t, []byte(all))
}

// FuzzDecodeEquivalence loads arbitrary bytes with both decoders and
// requires the same Snapshot, notes included.
func FuzzDecodeEquivalence(f *testing.F) {
	for _, obj := range trickyObjects {
		f.Add([]byte(obj))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareBytes(t, data)
	})
}
