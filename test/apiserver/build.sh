#!/bin/sh
# build.sh builds Kubernetes binaries from the k8s.io/kubernetes version
# pinned in this directory's go.mod, once per version, and prints each
# binary's path on its own line of standard output, in the order asked; with
# no argument it builds kube-apiserver, whose path is then the last line.
# Progress goes to standard error.
#
#	build.sh                              kube-apiserver (internal/apiservertest)
#	build.sh kubelet kube-scheduler ...   any of the go.mod's tools:
#	                                      kube-apiserver kubelet kube-scheduler
#	                                      kube-controller-manager kubectl
#
#	build.sh --cached [NAME...]           prints the cached binaries' paths and
#	                                      builds nothing: exits 3 naming the
#	                                      first one not built yet
#
# Each binary is cached in $PODDOCTOR_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/poddoctor) as NAME-VERSION-OS-ARCH, so a
# rerun prints the path at once. A first build takes two to four minutes per
# binary on two cores after the module downloads. Concurrent runs (two test
# packages at once) wait for each other on one lock instead of building
# twice, and binaries are built one at a time.
#
# Plain `go test ./...` never builds: the integration tests ask with
# --cached and skip, naming this script, when a binary is missing.
# test/run.sh runs this script first (outside the test timeout) and then
# sets PODDOCTOR_REQUIRE_APISERVER, with which a test may build what is
# missing and fails rather than skips.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=$(cd "$here" && go list -m -f '{{.Version}}' k8s.io/kubernetes)
cache=${PODDOCTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/poddoctor}
platform="$(go env GOOS)-$(go env GOARCH)"

cached_only=
if [ "${1:-}" = --cached ]; then
	cached_only=1
	shift
fi
if [ $# -eq 0 ]; then
	set -- kube-apiserver
fi
for name in "$@"; do
	case $name in
	kube-apiserver | kubelet | kube-scheduler | kube-controller-manager | kubectl) ;;
	*)
		echo "build.sh: unknown binary $name (kube-apiserver, kubelet, kube-scheduler, kube-controller-manager, kubectl)" >&2
		exit 2
		;;
	esac
done

# gitVersion makes /version and --version report the real release rather
# than v0.0.0; gitMajor and gitMinor fill /version's major and minor, which
# clients (kubectl, the kubelet's version skew check) parse.
minor=${version#v*.}
minor=${minor%%.*}
major=${version#v}
major=${major%%.*}
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$version -X k8s.io/client-go/pkg/version.gitMajor=$major -X k8s.io/client-go/pkg/version.gitMinor=$minor"

locked=
tmp=
trap 'if [ -n "$tmp" ]; then rm -f "$tmp"; fi' EXIT
for name in "$@"; do
	bin="$cache/$name-$version-$platform"
	if [ -n "$cached_only" ] && [ ! -x "$bin" ]; then
		echo "build.sh: $name $version is not built ($bin is missing): run $here/build.sh $name (two to four minutes on 2 cores, once per version), or test/run.sh" >&2
		exit 3
	fi
	if [ ! -x "$bin" ]; then
		if [ -z "$locked" ]; then
			mkdir -p "$cache"
			exec 9>"$cache/.build.lock"
			if command -v flock >/dev/null 2>&1; then
				flock 9
			fi
			locked=1
		fi
	fi
	if [ ! -x "$bin" ]; then # not built by another run while this one waited
		echo "build.sh: building $name $version into $bin (two to four minutes on 2 cores, once per version)" >&2
		start=$(date +%s)
		tmp="$bin.tmp.$$"
		# The kubelet needs cgo for nothing here; CGO_ENABLED=0 keeps every
		# binary static and the build cache shared between them.
		(cd "$here" && CGO_ENABLED=0 go build -trimpath -buildvcs=false \
			-ldflags "$ldflags" -o "$tmp" "k8s.io/kubernetes/cmd/$name")
		mv "$tmp" "$bin"
		tmp=
		echo "build.sh: built $name in $(($(date +%s) - start))s" >&2
	fi
	echo "$bin"
done
