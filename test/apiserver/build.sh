#!/bin/sh
# build.sh builds kube-apiserver from the k8s.io/kubernetes version pinned in
# this directory's go.mod, once per version, and prints the binary's path on
# its last line of standard output. Progress goes to standard error.
#
# The binary is cached in $PODDOCTOR_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/poddoctor) as kube-apiserver-VERSION-OS-ARCH,
# so a rerun prints the path at once. The first build takes about four
# minutes on two cores after the module downloads. Concurrent runs (two test
# packages at once) wait for each other on a lock instead of building twice.
#
# The integration tests (internal/apiservertest) run this script themselves
# when the binary is missing; CI may run it first to build outside the test
# timeout.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=$(cd "$here" && go list -m -f '{{.Version}}' k8s.io/kubernetes)
cache=${PODDOCTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/poddoctor}
bin="$cache/kube-apiserver-$version-$(go env GOOS)-$(go env GOARCH)"

if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.build.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
fi
if [ -x "$bin" ]; then # built by another run while this one waited
	echo "$bin"
	exit 0
fi

echo "build.sh: building kube-apiserver $version into $bin (about 4 minutes on 2 cores, once per version)" >&2
start=$(date +%s)
tmp="$bin.tmp.$$"
trap 'rm -f "$tmp"' EXIT
cd "$here"
# gitVersion makes /version report the real release rather than v0.0.0.
CGO_ENABLED=0 go build -trimpath -buildvcs=false \
	-ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/client-go/pkg/version.gitVersion=$version" \
	-o "$tmp" k8s.io/kubernetes/cmd/kube-apiserver
mv "$tmp" "$bin"
echo "build.sh: built in $(($(date +%s) - start))s" >&2
echo "$bin"
