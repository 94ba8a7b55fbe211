package manifest

import (
	"sort"
	"strings"
	"testing"
)

// checkPodSpec checks a podspec, container or annotations expectation.
func checkPodSpec(t *testing.T, objects []*Object, w want) {
	t.Helper()
	o := objectNamed(t, objects, w, w.args[0])
	if o == nil {
		return
	}
	ps, ok := PodSpecOf(o)
	switch w.verb {
	case "podspec":
		if w.args[1] == "none" {
			if ok {
				t.Errorf("want line %d: PodSpecOf(%s) = %s, want none", w.line, w.args[0], ps.Path)
			}
			return
		}
		if !ok || ps.Path != w.args[1] || ps.Spec == nil {
			t.Errorf("want line %d: PodSpecOf(%s) = %q, %v; want %s", w.line, w.args[0], ps.Path, ok, w.args[1])
		}
	case "container":
		for _, c := range Containers(ps) {
			if c.Path == w.args[1] {
				if c.Kind != w.args[2] || c.Name != w.args[3] || c.Spec["name"] != c.Name {
					t.Errorf("want line %d: container %s = %s %q, want %s %s", w.line, c.Path, c.Kind, c.Name, w.args[2], w.args[3])
				}
				return
			}
		}
		t.Errorf("want line %d: no container at %s in %+v", w.line, w.args[1], Containers(ps))
	case "annotations":
		var got []string
		for k, v := range PodTemplateAnnotations(o) {
			got = append(got, k+"="+v)
		}
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(w.args[1:], " ") {
			t.Errorf("want line %d: PodTemplateAnnotations(%s) = %v, want %v", w.line, w.args[0], got, w.args[1:])
		}
	}
}

func TestContainersCount(t *testing.T) {
	objects, problems, err := ReadFile("testdata/workloads.yaml", nil)
	if err != nil || len(problems) > 0 {
		t.Fatalf("ReadFile: %v %v", err, problems)
	}
	counts := make(map[string]int)
	for _, o := range objects {
		if ps, ok := PodSpecOf(o); ok {
			counts[refString(o)] = len(Containers(ps))
		}
	}
	// The Deployment's "not a container" item is skipped, its index kept.
	want := map[string]int{"Pod/pod": 3, "Deployment/deploy": 2, "CronJob/cron": 1}
	for ref, n := range want {
		if counts[ref] != n {
			t.Errorf("%s has %d containers, want %d", ref, counts[ref], n)
		}
	}
}

func TestAnnotations(t *testing.T) {
	objects, _, err := ReadFile("testdata/workloads.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objects {
		if refString(o) == "Deployment/deploy" {
			if got := o.Annotations(); len(got) != 1 || got["level"] != "object" {
				t.Errorf("Annotations() = %v, want level=object", got)
			}
			return
		}
	}
	t.Fatal("no Deployment/deploy")
}
