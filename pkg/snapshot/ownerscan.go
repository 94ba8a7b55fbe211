package snapshot

import (
	"errors"
	"reflect"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
)

// A sifted load strips each owner (stripOwner) of its pod template, labels
// and managed fields, most of its bytes, as soon as it is decoded. An
// owner's template is checked by typedScan instead of decoded, and the
// rest decoded by the same scan: what stripOwner then leaves is the same,
// and an owner the scan is unsure of is decoded in full as before.

// ownerStripped are the paths, per owner type, that stripOwner empties
// (annotations are read, then cut to the revision).
var ownerStripped = map[reflect.Type][]string{
	reflect.TypeFor[appsv1.ReplicaSet]():  {"metadata.managedFields", "metadata.labels", "spec.template"},
	reflect.TypeFor[appsv1.Deployment]():  {"metadata.managedFields", "metadata.labels", "spec.template"},
	reflect.TypeFor[appsv1.StatefulSet](): {"metadata.managedFields", "metadata.labels", "spec.template"},
	reflect.TypeFor[appsv1.DaemonSet]():   {"metadata.managedFields", "metadata.labels", "spec.template"},
	reflect.TypeFor[batchv1.Job]():        {"metadata.managedFields", "metadata.labels", "spec.template"},
	reflect.TypeFor[batchv1.CronJob]():    {"metadata.managedFields", "metadata.labels", "spec.jobTemplate.spec.template"},
}

// ownerPlans are the scan's plans for the owner types, built once.
var ownerPlans sync.Map // reflect.Type → *scanPlan

// errUnsure makes decodeKept fall back to the full decoder.
var errUnsure = errors.New("the scan is unsure")

// scanOwner reads an owner (v points to one) without what stripOwner
// drops, its strings interned in strings when that is not nil. It fails
// with errUnsure for any other type, or when the scan is unsure.
func scanOwner(data []byte, v any, strings *stringTable) error {
	t := reflect.TypeOf(v).Elem()
	paths, ok := ownerStripped[t]
	if !ok {
		return errUnsure
	}
	st := scanTypeOf(t)
	plan, ok := ownerPlans.Load(t)
	if !ok {
		plan, _ = ownerPlans.LoadOrStore(t, bindPlan(planAllBut(st, paths...), st))
	}
	if !scanTyped(data, st, plan.(*scanPlan), reflect.ValueOf(v).Elem(), strings) {
		return errUnsure
	}
	return nil
}

// planAllBut plans the whole of a value of type t but the given dotted
// paths.
func planAllBut(t *scanType, paths ...string) *scanPlan {
	plan := wholePlan
	for _, path := range paths {
		plan = withoutPath(plan, t, splitPath(path))
	}
	return plan
}

// withoutPath returns plan p of a value of type t without the member
// path parts; p is not changed.
func withoutPath(p *scanPlan, t *scanType, parts []string) *scanPlan {
	for t.kind == scanPointer || t.kind == scanSlice {
		t = t.elem
	}
	f := t.fields[parts[0]]
	if t.kind != scanStruct || f == nil || f.dropped {
		panic("snapshot: no member " + parts[0] + " in " + t.typ.String())
	}
	out := &scanPlan{members: map[string]*scanPlan{}}
	if p.whole {
		for name, field := range t.fields {
			if !field.dropped {
				out.members[name] = wholePlan
			}
		}
	} else {
		for name, sub := range p.members {
			out.members[name] = sub
		}
	}
	if len(parts) == 1 {
		delete(out.members, parts[0])
	} else if sub := out.members[parts[0]]; sub != nil {
		out.members[parts[0]] = withoutPath(sub, f.typ, parts[1:])
	}
	return out
}
