package lint

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/endpoints/deprecation"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// RuleDeprecatedAPI reports objects whose apiVersion is deprecated or no
// longer served by the target cluster version.
const RuleDeprecatedAPI = "deprecated-api"

// KubeVersion is a Kubernetes minor release, "1.29".
type KubeVersion struct{ Major, Minor int }

func (v KubeVersion) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

func (v KubeVersion) atLeast(major, minor int) bool {
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

// ParseKubeVersion reads "1.29", "v1.29" or "1.29.3".
func ParseKubeVersion(s string) (KubeVersion, error) {
	parts := strings.Split(strings.TrimPrefix(strings.TrimSpace(s), "v"), ".")
	if len(parts) < 2 {
		return KubeVersion{}, fmt.Errorf("kube version %q: want MAJOR.MINOR such as 1.29", s)
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || major < 1 || minor < 0 {
		return KubeVersion{}, fmt.Errorf("kube version %q: want MAJOR.MINOR such as 1.29", s)
	}
	return KubeVersion{major, minor}, nil
}

// fallbackKubeVersion is used when the binary carries no module build
// information (k8s.io/api v0.37 serves Kubernetes 1.37).
var fallbackKubeVersion = KubeVersion{1, 37}

// DefaultKubeVersion is the Kubernetes release of the k8s.io/api module
// poddoctor was built with: k8s.io/api v0.X.Y describes Kubernetes 1.X.
func DefaultKubeVersion() KubeVersion {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fallbackKubeVersion
	}
	for _, dep := range info.Deps {
		if dep.Path != "k8s.io/api" {
			continue
		}
		parts := strings.Split(strings.TrimPrefix(dep.Version, "v"), ".")
		if len(parts) >= 2 {
			if minor, err := strconv.Atoi(parts[1]); err == nil && parts[0] == "0" {
				return KubeVersion{1, minor}
			}
		}
	}
	return fallbackKubeVersion
}

// deletedAPI stands for an apiVersion and kind whose Go type k8s.io/api
// no longer has, with the lifecycle methods k8s.io/api generates for the
// types it keeps, so that the API server's own helpers
// (k8s.io/apiserver/pkg/endpoints/deprecation) read both alike.
type deletedAPI struct {
	metav1.TypeMeta
	deprecated, removed KubeVersion
	replacement         schema.GroupVersionKind // empty when nothing replaces it
}

// DeepCopyObject makes deletedAPI a runtime.Object.
func (d *deletedAPI) DeepCopyObject() runtime.Object { c := *d; return &c }

// APILifecycleDeprecated is the release that deprecated the API.
func (d *deletedAPI) APILifecycleDeprecated() (major, minor int) {
	return d.deprecated.Major, d.deprecated.Minor
}

// APILifecycleRemoved is the release that stopped serving the API.
func (d *deletedAPI) APILifecycleRemoved() (major, minor int) {
	return d.removed.Major, d.removed.Minor
}

// APILifecycleReplacement is what to use instead.
func (d *deletedAPI) APILifecycleReplacement() schema.GroupVersionKind { return d.replacement }

func gvk(group, version, kind string) schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: group, Version: version, Kind: kind}
}

// deletedAPIs are the removed apiVersions whose Go types were deleted from
// k8s.io/api (or never were in it: CustomResourceDefinition and APIService
// live in the apiextensions and kube-aggregator modules), with their
// lifecycle from the Kubernetes deprecated API migration guide; and
// node.k8s.io/v1alpha1, whose type is still there but says nothing of its
// lifecycle. Every other apiVersion's lifecycle is read from its type;
// TestRemovedAPIsAreReported checks that no entry here shadows a type that
// says when it was removed.
var deletedAPIs = map[schema.GroupVersionKind]*deletedAPI{
	gvk("autoscaling", "v2beta1", "HorizontalPodAutoscaler"):                      {deprecated: KubeVersion{1, 22}, removed: KubeVersion{1, 25}, replacement: gvk("autoscaling", "v2", "HorizontalPodAutoscaler")},
	gvk("autoscaling", "v2beta2", "HorizontalPodAutoscaler"):                      {deprecated: KubeVersion{1, 23}, removed: KubeVersion{1, 26}, replacement: gvk("autoscaling", "v2", "HorizontalPodAutoscaler")},
	gvk("apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition"):            {deprecated: KubeVersion{1, 16}, removed: KubeVersion{1, 22}, replacement: gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition")},
	gvk("apiregistration.k8s.io", "v1beta1", "APIService"):                        {deprecated: KubeVersion{1, 19}, removed: KubeVersion{1, 22}, replacement: gvk("apiregistration.k8s.io", "v1", "APIService")},
	gvk("batch", "v2alpha1", "CronJob"):                                           {deprecated: KubeVersion{1, 8}, removed: KubeVersion{1, 21}, replacement: gvk("batch", "v1", "CronJob")},
	gvk("settings.k8s.io", "v1alpha1", "PodPreset"):                               {deprecated: KubeVersion{1, 19}, removed: KubeVersion{1, 20}},
	gvk("scheduling.k8s.io", "v1alpha1", "PriorityClass"):                         {deprecated: KubeVersion{1, 14}, removed: KubeVersion{1, 17}, replacement: gvk("scheduling.k8s.io", "v1", "PriorityClass")},
	gvk("node.k8s.io", "v1alpha1", "RuntimeClass"):                                {deprecated: KubeVersion{1, 20}, removed: KubeVersion{1, 22}, replacement: gvk("node.k8s.io", "v1", "RuntimeClass")},
	gvk("discovery.k8s.io", "v1alpha1", "EndpointSlice"):                          {deprecated: KubeVersion{1, 17}, removed: KubeVersion{1, 21}, replacement: gvk("discovery.k8s.io", "v1", "EndpointSlice")},
	gvk("flowcontrol.apiserver.k8s.io", "v1alpha1", "FlowSchema"):                 {deprecated: KubeVersion{1, 20}, removed: KubeVersion{1, 21}, replacement: gvk("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema")},
	gvk("flowcontrol.apiserver.k8s.io", "v1alpha1", "PriorityLevelConfiguration"): {deprecated: KubeVersion{1, 20}, removed: KubeVersion{1, 21}, replacement: gvk("flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration")},
	gvk("extensions", "v1beta1", "PodSecurityPolicy"):                             {deprecated: KubeVersion{1, 11}, removed: KubeVersion{1, 16}, replacement: gvk("policy", "v1beta1", "PodSecurityPolicy")},
	// PodSecurityPolicy was removed without a replacement API: Pod
	// Security Admission (namespace labels) replaces it.
	gvk("policy", "v1beta1", "PodSecurityPolicy"): {deprecated: KubeVersion{1, 21}, removed: KubeVersion{1, 25}},
	// An alpha API, removed in 1.29 without having been deprecated
	// (kubernetes/kubernetes#121229, "remove the networking alpha API
	// ClusterCIDR").
	gvk("networking.k8s.io", "v1alpha1", "ClusterCIDR"): {removed: KubeVersion{1, 29}},
}

// lifecycleObject returns an object of an apiVersion and kind that carries
// its lifecycle methods: a deletedAPI, or a new value of the k8s.io/api type
// client-go registers. ok is false for kinds neither knows (custom
// resources).
func lifecycleObject(gvk schema.GroupVersionKind) (runtime.Object, bool) {
	var obj runtime.Object
	if d, ok := deletedAPIs[gvk]; ok {
		obj = d.DeepCopyObject()
	} else {
		var err error
		if obj, err = scheme.Scheme.New(gvk); err != nil {
			return nil, false
		}
	}
	obj.GetObjectKind().SetGroupVersionKind(gvk) // WarningMessage needs it
	return obj, true
}

// The lifecycle methods are read one at a time, as the API server does: a
// type may have some without the others (events.k8s.io/v1beta1 Event has
// no replacement method).
type (
	deprecatedIn interface{ APILifecycleDeprecated() (major, minor int) }
	replacedBy   interface {
		APILifecycleReplacement() schema.GroupVersionKind
	}
)

// deprecatedAPIFindings checks one object's apiVersion against the target
// Kubernetes version: removed there is an error, deprecated a warning.
func (l *Linter) deprecatedAPIFindings(obj *manifest.Object) []finding.Finding {
	if l.disabled[RuleDeprecatedAPI] {
		return nil
	}
	gv, err := schema.ParseGroupVersion(obj.APIVersion)
	if err != nil {
		return nil
	}
	life, ok := lifecycleObject(gv.WithKind(obj.Kind))
	if !ok {
		return nil
	}
	target := l.kubeVersion
	var sev finding.Severity
	var msg string
	removed, err := ParseKubeVersion(deprecation.RemovedRelease(life))
	switch {
	case err == nil && target.atLeast(removed.Major, removed.Minor):
		sev = finding.Error
		msg = fmt.Sprintf("%s %s is no longer served since Kubernetes %s (target %s)", obj.APIVersion, obj.Kind, removed, target)
	case deprecation.IsDeprecated(life, target.Major, target.Minor):
		sev = finding.Warning
		major, minor := life.(deprecatedIn).APILifecycleDeprecated()
		msg = fmt.Sprintf("%s %s is deprecated since Kubernetes %d.%d", obj.APIVersion, obj.Kind, major, minor)
		if err == nil {
			msg += fmt.Sprintf(" and removed in %s", removed)
		}
	default:
		return nil
	}
	remedy := "Move to a served apiVersion; `kubectl convert` rewrites most manifests."
	var fix *finding.Fix
	if r, ok := life.(replacedBy); ok && !r.APILifecycleReplacement().Empty() {
		replacement := r.APILifecycleReplacement().GroupVersion().String()
		msg += fmt.Sprintf("; use %s", replacement)
		remedy = fmt.Sprintf("Change apiVersion to %s and adapt the fields that changed (`kubectl convert -f FILE --output-version %s` rewrites it).", replacement, replacement)
		fix = &finding.Fix{Path: "apiVersion", Value: replacement}
	}
	loc := obj.Position("apiVersion")
	return []finding.Finding{{
		Rule: RuleDeprecatedAPI, Severity: sev, Object: obj.Ref(), Location: &loc, Path: "apiVersion",
		Message: msg, Remedy: remedy, Fix: fix,
	}}
}
