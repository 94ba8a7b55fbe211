// Package workloads is the one table of the kinds that carry a pod spec:
// which API group defines each, where its pod spec lives, and whether its
// pods are meant to keep running. pkg/manifest reads it to find pod specs
// in Go; pkg/policy hands it to Rego as data.poddoctor.lib.workloads (see
// RegoModule), which rules/lib/k8s.rego reads, so Go and the policies
// cannot disagree on what a workload is.
//
// A kind is a workload only in its own API group: a custom resource named
// Deployment in example.com/v1 is not one.
package workloads

import "strings"

// Kind is one kind of object that carries a pod spec.
type Kind struct {
	// Group is the API group that defines the kind; "" is the core group.
	Group string
	// Kind is the object's kind.
	Kind string
	// PodSpec is the keys from the object to its pod spec.
	PodSpec []string
	// LongRunning is true when the pods are meant to keep running, false
	// when they are meant to finish (Jobs) or are only a template.
	LongRunning bool
}

var templateSpec = []string{"spec", "template", "spec"}

// Kinds are the kinds that carry a pod spec, each in every group that
// serves it (extensions/v1beta1 served Deployments, ReplicaSets and
// DaemonSets until Kubernetes 1.16).
var Kinds = []Kind{
	{Group: "", Kind: "Pod", PodSpec: []string{"spec"}, LongRunning: true},
	{Group: "", Kind: "PodTemplate", PodSpec: []string{"template", "spec"}},
	{Group: "", Kind: "ReplicationController", PodSpec: templateSpec, LongRunning: true},
	{Group: "apps", Kind: "Deployment", PodSpec: templateSpec, LongRunning: true},
	{Group: "apps", Kind: "ReplicaSet", PodSpec: templateSpec, LongRunning: true},
	{Group: "apps", Kind: "DaemonSet", PodSpec: templateSpec, LongRunning: true},
	{Group: "apps", Kind: "StatefulSet", PodSpec: templateSpec, LongRunning: true},
	{Group: "extensions", Kind: "Deployment", PodSpec: templateSpec, LongRunning: true},
	{Group: "extensions", Kind: "ReplicaSet", PodSpec: templateSpec, LongRunning: true},
	{Group: "extensions", Kind: "DaemonSet", PodSpec: templateSpec, LongRunning: true},
	{Group: "batch", Kind: "Job", PodSpec: templateSpec},
	{Group: "batch", Kind: "CronJob", PodSpec: []string{"spec", "jobTemplate", "spec", "template", "spec"}},
	// OpenShift's DeploymentConfig (apps.openshift.io/v1) keeps its pod
	// template where a Deployment does.
	{Group: "apps.openshift.io", Kind: "DeploymentConfig", PodSpec: templateSpec, LongRunning: true},
}

type groupKind struct{ group, kind string }

var byGroupKind = func() map[groupKind]*Kind {
	m := make(map[groupKind]*Kind, len(Kinds))
	for i := range Kinds {
		m[groupKind{Kinds[i].Group, Kinds[i].Kind}] = &Kinds[i]
	}
	return m
}()

// Lookup returns the workload kind of an object by its apiVersion
// ("apps/v1", "v1") and kind; ok is false for any other object.
func Lookup(apiVersion, kind string) (k *Kind, ok bool) {
	k, ok = byGroupKind[groupKind{Group(apiVersion), kind}]
	return k, ok
}

// Group is the API group of an apiVersion: "apps" for "apps/v1", "" for
// "v1".
func Group(apiVersion string) string {
	group, _, found := strings.Cut(apiVersion, "/")
	if !found {
		return ""
	}
	return group
}

// TemplateMetadata is the keys from the object to the metadata its pods
// get: the pod spec's sibling metadata (metadata itself for a Pod).
func (k *Kind) TemplateMetadata() []string {
	return append(k.PodSpec[:len(k.PodSpec)-1:len(k.PodSpec)-1], "metadata")
}
