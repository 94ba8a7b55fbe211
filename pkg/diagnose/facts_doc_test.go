package diagnose

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/diagnose/classify"
)

// documentedTypes maps each table of docs/facts.md to its Go type.
var documentedTypes = map[string]reflect.Type{
	"Facts":             reflect.TypeFor[Facts](),
	"PodFacts":          reflect.TypeFor[PodFacts](),
	"WorkloadFacts":     reflect.TypeFor[WorkloadFacts](),
	"Ref":               reflect.TypeFor[Ref](),
	"ClusterFacts":      reflect.TypeFor[ClusterFacts](),
	"Condition":         reflect.TypeFor[Condition](),
	"Deletion":          reflect.TypeFor[Deletion](),
	"NodeFacts":         reflect.TypeFor[NodeFacts](),
	"ContainerFacts":    reflect.TypeFor[ContainerFacts](),
	"State":             reflect.TypeFor[State](),
	"ExitCode":          reflect.TypeFor[classify.ExitCode](),
	"Resources":         reflect.TypeFor[Resources](),
	"Probe":             reflect.TypeFor[Probe](),
	"ProbeFailure":      reflect.TypeFor[ProbeFailure](),
	"MountFailure":      reflect.TypeFor[MountFailure](),
	"EnvRef":            reflect.TypeFor[EnvRef](),
	"Volume":            reflect.TypeFor[Volume](),
	"ClaimFacts":        reflect.TypeFor[ClaimFacts](),
	"Event":             reflect.TypeFor[Event](),
	"PullFailure":       reflect.TypeFor[classify.PullFailure](),
	"ContainerError":    reflect.TypeFor[classify.ContainerError](),
	"SchedulingFailure": reflect.TypeFor[classify.SchedulingFailure](),
	"SchedulingReason":  reflect.TypeFor[classify.SchedulingReason](),
	"SandboxFailure":    reflect.TypeFor[classify.SandboxFailure](),
	"EvictionInfo":      reflect.TypeFor[classify.EvictionInfo](),
	"ContainerUsage":    reflect.TypeFor[classify.ContainerUsage](),
	"CreateFailure":     reflect.TypeFor[CreateFailure](),
	"Rollout":           reflect.TypeFor[Rollout](),
	"PodProblem":        reflect.TypeFor[PodProblem](),
	"JobFacts":          reflect.TypeFor[JobFacts](),
	"JobPodFailure":     reflect.TypeFor[JobPodFailure](),
	"Port":              reflect.TypeFor[Port](),
	"Mount":             reflect.TypeFor[Mount](),
	"LogCause":          reflect.TypeFor[classify.LogCause](),
}

// jsonFields lists the JSON names of a struct's fields, embedded structs
// flattened, as encoding/json writes them.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	return out
}

var (
	tableHeading = regexp.MustCompile("(?m)^### (\\w+)$")
	tableField   = regexp.MustCompile("(?m)^\\| `([A-Za-z]+)` \\|")
)

// TestFactsDocMatchesTypes fails when docs/facts.md and the Go types that
// make the facts documents drift apart: a field added, renamed or removed
// on one side only.
func TestFactsDocMatchesTypes(t *testing.T) {
	doc, err := os.ReadFile("../../docs/facts.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	if !strings.Contains(text, SchemaVersion) {
		t.Errorf("docs/facts.md does not name the schema version %s", SchemaVersion)
	}
	headings := tableHeading.FindAllStringSubmatchIndex(text, -1)
	documented := map[string]bool{}
	for i, h := range headings {
		name := text[h[2]:h[3]]
		end := len(text)
		if i+1 < len(headings) {
			end = headings[i+1][0]
		}
		var fields []string
		for _, m := range tableField.FindAllStringSubmatch(text[h[1]:end], -1) {
			fields = append(fields, m[1])
		}
		typ, ok := documentedTypes[name]
		if !ok {
			t.Errorf("docs/facts.md documents %s, which is not a facts type", name)
			continue
		}
		documented[name] = true
		want := jsonFields(typ)
		slices.Sort(want)
		slices.Sort(fields)
		if !slices.Equal(fields, want) {
			t.Errorf("docs/facts.md table %s has fields %v, the Go type has %v", name, fields, want)
		}
	}
	for name := range documentedTypes {
		if !documented[name] {
			t.Errorf("docs/facts.md has no table for %s", name)
		}
	}
}
