// Package e2e brings up a real single-node Kubernetes cluster on this
// machine (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
// containerd with runc, the kubelet, and a local image registry), makes
// real pods fail in the ways poddoctor diagnoses, and checks poddoctor
// against what the real components wrote: live, as a kubectl plugin, and
// offline from `kubectl get -o json` and `kubectl cluster-info dump`.
//
// The node runs on Linux as root with cgroups; elsewhere the test skips
// with one line saying why. docs/e2e.md says how to run it and what it
// covers; test/node holds the node's configuration files.
package e2e
