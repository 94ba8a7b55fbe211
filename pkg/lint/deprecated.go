package lint

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"
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

// apiLifecycle is when an apiVersion of a kind was deprecated and removed,
// and what replaces it.
type apiLifecycle struct {
	deprecated  KubeVersion
	removed     KubeVersion
	replacement string // "apps/v1", or "" when nothing replaces it
}

// removedAPIs lists the apiVersions that k8s.io/api no longer carries, so
// their lifecycle cannot be read from the types: every API removed since
// 1.16 whose Go types were deleted with it. The others are read from the
// APILifecycle* methods that k8s.io/api generates for its beta and alpha
// types.
var removedAPIs = map[schema.GroupVersionKind]apiLifecycle{
	{Group: "autoscaling", Version: "v2beta1", Kind: "HorizontalPodAutoscaler"}:                      {KubeVersion{1, 22}, KubeVersion{1, 25}, "autoscaling/v2"},
	{Group: "autoscaling", Version: "v2beta2", Kind: "HorizontalPodAutoscaler"}:                      {KubeVersion{1, 23}, KubeVersion{1, 26}, "autoscaling/v2"},
	{Group: "apiextensions.k8s.io", Version: "v1beta1", Kind: "CustomResourceDefinition"}:            {KubeVersion{1, 16}, KubeVersion{1, 22}, "apiextensions.k8s.io/v1"},
	{Group: "apiregistration.k8s.io", Version: "v1beta1", Kind: "APIService"}:                        {KubeVersion{1, 19}, KubeVersion{1, 22}, "apiregistration.k8s.io/v1"},
	{Group: "batch", Version: "v2alpha1", Kind: "CronJob"}:                                           {KubeVersion{1, 8}, KubeVersion{1, 21}, "batch/v1"},
	{Group: "settings.k8s.io", Version: "v1alpha1", Kind: "PodPreset"}:                               {KubeVersion{1, 19}, KubeVersion{1, 20}, ""},
	{Group: "scheduling.k8s.io", Version: "v1alpha1", Kind: "PriorityClass"}:                         {KubeVersion{1, 14}, KubeVersion{1, 17}, "scheduling.k8s.io/v1"},
	{Group: "node.k8s.io", Version: "v1alpha1", Kind: "RuntimeClass"}:                                {KubeVersion{1, 20}, KubeVersion{1, 22}, "node.k8s.io/v1"},
	{Group: "discovery.k8s.io", Version: "v1alpha1", Kind: "EndpointSlice"}:                          {KubeVersion{1, 17}, KubeVersion{1, 21}, "discovery.k8s.io/v1"},
	{Group: "flowcontrol.apiserver.k8s.io", Version: "v1alpha1", Kind: "FlowSchema"}:                 {KubeVersion{1, 20}, KubeVersion{1, 21}, "flowcontrol.apiserver.k8s.io/v1"},
	{Group: "flowcontrol.apiserver.k8s.io", Version: "v1alpha1", Kind: "PriorityLevelConfiguration"}: {KubeVersion{1, 20}, KubeVersion{1, 21}, "flowcontrol.apiserver.k8s.io/v1"},
	{Group: "extensions", Version: "v1beta1", Kind: "PodSecurityPolicy"}:                             {KubeVersion{1, 11}, KubeVersion{1, 16}, "policy/v1beta1"},
	{Group: "extensions", Version: "v1beta1", Kind: "NetworkPolicy"}:                                 {KubeVersion{1, 9}, KubeVersion{1, 16}, "networking.k8s.io/v1"},
}

// lifecycleType is implemented by the k8s.io/api types that carry
// generated lifecycle information.
type lifecycleType interface {
	APILifecycleDeprecated() (major, minor int)
	APILifecycleRemoved() (major, minor int)
	APILifecycleReplacement() schema.GroupVersionKind
}

// lifecycleOf returns the lifecycle of an apiVersion and kind, if known.
func lifecycleOf(gvk schema.GroupVersionKind) (apiLifecycle, bool) {
	if l, ok := removedAPIs[gvk]; ok {
		return l, true
	}
	obj, err := scheme.Scheme.New(gvk)
	if err != nil {
		return apiLifecycle{}, false
	}
	lt, ok := obj.(lifecycleType)
	if !ok {
		return apiLifecycle{}, false
	}
	dMajor, dMinor := lt.APILifecycleDeprecated()
	rMajor, rMinor := lt.APILifecycleRemoved()
	l := apiLifecycle{deprecated: KubeVersion{dMajor, dMinor}, removed: KubeVersion{rMajor, rMinor}}
	if r := lt.APILifecycleReplacement(); r.Kind != "" {
		l.replacement = r.GroupVersion().String()
	}
	return l, true
}

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
	life, ok := lifecycleOf(gv.WithKind(obj.Kind))
	if !ok || (life.deprecated.Major == 0 && life.removed.Major == 0) {
		return nil
	}
	target := l.kubeVersion
	var sev finding.Severity
	var msg string
	switch {
	case life.removed.Major > 0 && target.atLeast(life.removed.Major, life.removed.Minor):
		sev = finding.Error
		msg = fmt.Sprintf("%s %s is no longer served since Kubernetes %s (target %s)", obj.APIVersion, obj.Kind, life.removed, target)
	case life.deprecated.Major > 0 && target.atLeast(life.deprecated.Major, life.deprecated.Minor):
		sev = finding.Warning
		msg = fmt.Sprintf("%s %s is deprecated since Kubernetes %s", obj.APIVersion, obj.Kind, life.deprecated)
		if life.removed.Major > 0 {
			msg += fmt.Sprintf(" and removed in %s", life.removed)
		}
	default:
		return nil
	}
	remedy := "Move to a served apiVersion; `kubectl convert` rewrites most manifests."
	var fix *finding.Fix
	if life.replacement != "" {
		msg += fmt.Sprintf("; use %s", life.replacement)
		remedy = fmt.Sprintf("Change apiVersion to %s and adapt the fields that changed (`kubectl convert -f FILE --output-version %s` rewrites it).", life.replacement, life.replacement)
		fix = &finding.Fix{Path: "apiVersion", Value: life.replacement}
	}
	loc := obj.Position("apiVersion")
	return []finding.Finding{{
		Rule: RuleDeprecatedAPI, Severity: sev, Object: obj.Ref(), Location: &loc, Path: "apiVersion",
		Message: msg, Remedy: remedy, Fix: fix,
	}}
}
