package lint

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/apiserver/pkg/endpoints/deprecation"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/poddoctor/poddoctor/internal/didyoumean"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// RuleUnknownKind reports an object whose apiVersion belongs to a
// Kubernetes API group but which no version of that group serves under
// its kind: `apiVersion: v1` with `kind: Deployment`, `kind: deployment`,
// `apps/v1beta3`. kubectl apply refuses it with "no matches for kind"; no
// other rule looks at it, because its fields have no type to check.
const RuleUnknownKind = "unknown-kind"

// unknownKindFindings checks that obj's apiVersion and kind are served by
// Kubernetes, when its group is one of Kubernetes' own (custom resources
// cannot use those groups: a CRD's group needs a dot, and the *.k8s.io
// groups are reserved). Removed apiVersions are deprecated-api's.
func (l *Linter) unknownKindFindings(obj *manifest.Object) []finding.Finding {
	if !unservedKubernetesKind(obj) {
		return nil
	}
	kinds := servedKinds()
	msg := fmt.Sprintf("Kubernetes serves no kind %q in apiVersion %s", obj.Kind, obj.APIVersion)
	remedy := "Correct apiVersion and kind; `kubectl api-resources` lists the kinds a cluster serves, with their group."
	var fix *finding.Fix
	if served, ok := servedAPIVersionOf(obj); ok {
		msg += fmt.Sprintf("; %s is %s", obj.Kind, served)
		remedy = fmt.Sprintf("Change apiVersion to %s.", served)
		fix = &finding.Fix{Path: "apiVersion", Value: served}
	} else if near := didyoumean.Nearest(obj.Kind, kinds.names); near != "" {
		msg += fmt.Sprintf("; did you mean %s (%s)?", near, kinds.byKind[near])
		remedy = fmt.Sprintf("Change kind to %s and apiVersion to %s if that is the object meant.", near, kinds.byKind[near])
	}
	loc := obj.Position("kind")
	f := finding.Finding{
		Rule: RuleUnknownKind, Severity: finding.Error, Object: obj.Ref(), Location: &loc, Path: "kind",
		Message:  msg,
		Evidence: []string{fmt.Sprintf("kubectl apply: no matches for kind %q in version %q", obj.Kind, obj.APIVersion)},
		Remedy:   remedy, Fix: fix,
	}
	return []finding.Finding{l.withFixEdit(obj, f)}
}

// unservedKubernetesKind reports whether obj's apiVersion is in one of
// Kubernetes' own API groups that serves no kind obj.Kind.
func unservedKubernetesKind(obj *manifest.Object) bool {
	gv, err := schema.ParseGroupVersion(obj.APIVersion)
	if err != nil || obj.Kind == "" || !scheme.Scheme.IsGroupRegistered(gv.Group) {
		return false
	}
	gvk := gv.WithKind(obj.Kind)
	if scheme.Scheme.Recognizes(gvk) {
		// The common case, answered without building the typed object
		// lifecycleObject makes: this runs for every object, twice (the
		// rule, and the policies' input, kind_recovery.go).
		return false
	}
	_, served := lifecycleObject(gvk) // removed APIs, unversioned kinds
	return !served
}

// servedAPIVersionOf is the apiVersion obj should have been written with
// when it is a kind Kubernetes serves under another of its own groups
// (apps/v1 for `apiVersion: v1` with `kind: Deployment`): the fix
// unknown-kind suggests. ok is false for every other object.
func servedAPIVersionOf(obj *manifest.Object) (apiVersion string, ok bool) {
	if !unservedKubernetesKind(obj) {
		return "", false
	}
	apiVersion, ok = servedKinds().byKind[obj.Kind]
	return apiVersion, ok
}

// kindIndex is, for each kind Kubernetes serves, the apiVersion to write
// it with: the highest version of its group that is not removed in the
// release k8s.io/api describes (apps/v1 for Deployment, autoscaling/v2 for
// HorizontalPodAutoscaler).
type kindIndex struct {
	byKind map[string]string
	names  []string // sorted
}

var servedKinds = sync.OnceValue(func() kindIndex {
	idx := kindIndex{byKind: map[string]string{}}
	best := map[string]schema.GroupVersion{}
	for gvk := range scheme.Scheme.AllKnownTypes() {
		if gvk.Version == "__internal" || strings.HasSuffix(gvk.Kind, "Options") || strings.HasSuffix(gvk.Kind, "List") || gvk.Kind == "WatchEvent" {
			continue // the machinery every group version registers
		}
		life, ok := lifecycleObject(gvk)
		if !ok || deprecation.RemovedRelease(life) != "" {
			continue
		}
		if cur, ok := best[gvk.Kind]; !ok || preferVersion(gvk.GroupVersion(), cur) {
			best[gvk.Kind] = gvk.GroupVersion()
		}
	}
	for kind, gv := range best {
		idx.byKind[kind] = gv.String()
		idx.names = append(idx.names, kind)
	}
	slices.Sort(idx.names)
	return idx
})

// preferVersion reports whether a is the better apiVersion to suggest than
// b: a stable version over a beta over an alpha, a later over an earlier
// (Kubernetes' own order of versions), then by group name.
func preferVersion(a, b schema.GroupVersion) bool {
	if c := version.CompareKubeAwareVersionStrings(a.Version, b.Version); c != 0 {
		return c > 0
	}
	return a.Group < b.Group
}
