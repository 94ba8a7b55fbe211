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
# them. Extra arguments go to go test (for example -run or -count=1).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v etcd >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test/run.sh: installing etcd-server for the live-mode integration tests" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null
  else
    echo "test/run.sh: etcd is not installed and this user cannot apt-get install etcd-server;" >&2
    echo "test/run.sh: the live-mode integration tests will be skipped" >&2
  fi
fi

# Build kube-apiserver before go test starts, so its build does not count
# against go test's per-package timeout.
if command -v etcd >/dev/null 2>&1 && test/apiserver/build.sh >/dev/null; then
  export PODDOCTOR_REQUIRE_APISERVER=1
fi

go test "$@" ./...
