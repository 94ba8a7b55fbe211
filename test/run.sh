#!/usr/bin/env bash
# test/run.sh sets up what the tests need on a fresh machine, then runs
# every test: `go test ./...`. It is the README's test command and what
# .ci/run runs.
#
# The live-mode integration tests need a real etcd and kube-apiserver:
# etcd comes from Debian's etcd-server package, kube-apiserver is built from
# the k8s.io/kubernetes module by test/apiserver/build.sh (about 4 minutes
# on 2 cores, once; then cached in ~/.cache/poddoctor). When this script
# could set both up, a missing binary fails the tests instead of skipping
# them.
#
# The end-to-end test (test/e2e, docs/e2e.md) runs a real single-node
# cluster: it also needs containerd, runc, the CNI plugins, a static
# busybox, docker-registry and iproute2 (Debian packages, installed here when
# root), and kubelet, kube-scheduler, kube-controller-manager and kubectl
# (built by test/apiserver/build.sh, one at a time, about 2 minutes each
# once the modules are cached). When this script could set all of it up as
# root, it sets PODDOCTOR_E2E=1 and PODDOCTOR_REQUIRE_E2E=1, so the e2e runs
# and fails rather than skips. Extra arguments go to go test (for example
# -run or -count=1).
set -euo pipefail
cd "$(dirname "$0")/.."

is_root() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v etcd >/dev/null 2>&1; then
  if is_root; then
    echo "test/run.sh: installing etcd-server for the live-mode integration tests" >&2
    apt_install etcd-server
  else
    echo "test/run.sh: etcd is not installed and this user cannot apt-get install etcd-server;" >&2
    echo "test/run.sh: the live-mode integration tests will be skipped" >&2
  fi
fi

# The e2e node's packages. docker-registry's package starts a registry on
# :5000 where an init system runs services; the e2e runs its own on
# 127.0.0.1:5000, so the package's service is stopped again.
e2e_packages_ok() {
  command -v containerd >/dev/null 2>&1 && command -v runc >/dev/null 2>&1 &&
    command -v docker-registry >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
    [ -x /usr/lib/cni/bridge ] && [ -x /usr/lib/cni/host-local ] && [ -x /usr/lib/cni/loopback ] &&
    [ -x /bin/busybox ] && ! file -L /bin/busybox 2>/dev/null | grep -q 'dynamically linked'
}
if ! e2e_packages_ok && is_root; then
  echo "test/run.sh: installing containerd, runc, CNI plugins, busybox-static, docker-registry for the e2e node" >&2
  had_registry=$(command -v docker-registry || true)
  apt_install containerd runc containernetworking-plugins busybox-static docker-registry iproute2 file
  if [ -z "$had_registry" ] && [ -d /run/systemd/system ]; then
    systemctl stop docker-registry.service >/dev/null 2>&1 || true
    systemctl disable docker-registry.service >/dev/null 2>&1 || true
  fi
fi

# Build the Kubernetes binaries before go test starts, one at a time, so
# their builds do not count against go test's per-package timeout.
if command -v etcd >/dev/null 2>&1 && test/apiserver/build.sh >/dev/null; then
  export PODDOCTOR_REQUIRE_APISERVER=1
  if [ "$(id -u)" = 0 ] && e2e_packages_ok &&
    test/apiserver/build.sh kubelet kube-scheduler kube-controller-manager kubectl >/dev/null; then
    export PODDOCTOR_E2E=1 PODDOCTOR_REQUIRE_E2E=1
  else
    echo "test/run.sh: the e2e test (test/e2e) will be skipped: it needs root and the node's packages" >&2
  fi
fi

go test "$@" ./...
