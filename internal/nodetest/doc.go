// Package nodetest is the real-node test environment: it brings up a
// single-node Kubernetes cluster on this machine (etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler, containerd with runc, the
// kubelet and a local image registry) from the configuration in test/node,
// builds the busybox images its pods run, and takes everything down again,
// checking that nothing is left. test/e2e uses it to make real pods fail
// in the ways poddoctor diagnoses; internal/apiservertest is its lighter
// sibling, an API server alone.
//
// It runs on Linux as root with cgroups (CannotRunNode says why not) and
// finds its programs with FindTools, which builds the Kubernetes binaries
// only through test/apiserver/build.sh.
package nodetest
