#!/usr/bin/env bash
# test/release.sh: check the release and CI-integration files with the real
# tools, as far as a machine without a registry or Docker engine allows.
#
#   test/release.sh            all checks
#   test/release.sh goreleaser the goreleaser checks only (also: image, pre-commit)
#
# 1. goreleaser (installed with `go install ...@v2.17.0` when missing):
#    `goreleaser check`, then `goreleaser release --snapshot --clean` with
#    docker, publishing and signing skipped; every archive and the checksums
#    must be there, and the linux binary must report the snapshot version
#    and the commit it was built from.
# 2. image: the release image's layout (static binary, CA certificates,
#    non-root user) built FROM scratch with podman or buildah (no registry
#    is reachable, so distroless cannot be pulled), and run.
# 3. pre-commit: `pre-commit try-repo` runs this checkout's poddoctor-lint
#    hook (language golang) on a manifest that must fail and one that must
#    pass.
# Needs: Go, git; root to apt-get install pre-commit and podman when missing.
# These checks are slow (goreleaser cross-compiles six binaries), so they
# are not part of test/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
checks=${1:-all}
goreleaser_version=v2.17.0

need_apt() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "release.sh: installing Debian's $2" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "release.sh: $1 is missing (Debian package $2)" >&2; return 1; }
}

check_goreleaser() {
  local gr
  gr=$(command -v goreleaser || true)
  if [ -z "$gr" ]; then
    echo "release.sh: installing goreleaser $goreleaser_version" >&2
    GOBIN="$HOME/.cache/poddoctor/bin" go install "github.com/goreleaser/goreleaser/v2@$goreleaser_version"
    gr=$HOME/.cache/poddoctor/bin/goreleaser
  fi
  "$gr" check
  "$gr" release --snapshot --clean --skip=docker,publish,sign
  local version
  version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' dist/metadata.json | head -1)
  for target in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64; do
    test -s "dist/poddoctor_${version}_${target}.tar.gz" || { echo "release.sh: no archive for $target" >&2; exit 1; }
  done
  for target in windows_amd64 windows_arm64; do
    test -s "dist/poddoctor_${version}_${target}.zip" || { echo "release.sh: no archive for $target" >&2; exit 1; }
  done
  (cd dist && sha256sum -c checksums.txt)
  local tmp
  tmp=$(mktemp -d)
  tar -xzf "dist/poddoctor_${version}_linux_amd64.tar.gz" -C "$tmp"
  "$tmp/poddoctor" version -o json | tee "$tmp/version.json"
  grep -q "\"commit\": \"$(git rev-parse HEAD)\"" "$tmp/version.json" ||
    { echo "release.sh: the binary does not report commit $(git rev-parse HEAD)" >&2; exit 1; }
  grep -qF "\"version\": \"v$version\"" "$tmp/version.json" ||
    { echo "release.sh: the binary does not report the release's version v$version" >&2; exit 1; }
  test -s dist/krew/poddoctor.yaml || { echo "release.sh: no krew manifest in dist/krew" >&2; exit 1; }
  rm -rf "$tmp"
  echo "release.sh: goreleaser check and snapshot release passed ($version)"
}

check_image() {
  local engine
  if command -v podman >/dev/null 2>&1 || need_apt podman podman; then engine=podman; else engine=buildah; need_apt buildah buildah; fi
  local ctx
  ctx=$(mktemp -d)
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$ctx/poddoctor" ./cmd/poddoctor
  mkdir -p "$ctx/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/etc/ssl/certs/"
  # The nonroot user of distroless images, uid and gid 65532.
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$ctx/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$ctx/etc/group"
  cat >"$ctx/Containerfile" <<'CONTAINERFILE'
FROM scratch
COPY etc/ /etc/
COPY poddoctor /usr/local/bin/poddoctor
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/poddoctor"]
CMD ["--help"]
CONTAINERFILE
  local tag=localhost/poddoctor:release-check
  if [ "$engine" = podman ]; then
    podman build --quiet -t "$tag" "$ctx" >/dev/null
    [ "$(podman image inspect --format '{{.Config.User}}' "$tag")" = 65532:65532 ]
    if podman run --rm --network=none -v "$root/testdata/examples:/work:ro" "$tag" lint --fail-on none /work/typo.yaml >"$ctx/run.log" 2>&1; then
      tail -1 "$ctx/run.log"
    else
      # Some sandboxes (this project's development machines among them)
      # refuse the setrlimit calls runc makes for every container. Run the
      # image's own file system instead: exported, chrooted, as its user.
      echo "release.sh: podman run refused here ($(tail -1 "$ctx/run.log" | cut -c1-120)); running the image's files with chroot" >&2
      local rootfs="$ctx/rootfs" cid
      mkdir -p "$rootfs"
      cid=$(podman create "$tag")
      podman export "$cid" | tar -x -C "$rootfs"
      podman rm "$cid" >/dev/null
      mkdir -p "$rootfs/work"
      cp testdata/examples/typo.yaml "$rootfs/work/"
      chroot --userspec=65532:65532 "$rootfs" /usr/local/bin/poddoctor version -o json | grep -q '"version"'
      chroot --userspec=65532:65532 "$rootfs" /usr/local/bin/poddoctor lint --fail-on none /work/typo.yaml | tail -1
    fi
    podman rmi -f "$tag" >/dev/null
  else
    buildah bud --quiet -t "$tag" "$ctx" >/dev/null
    buildah rmi -f "$tag" >/dev/null
  fi
  rm -rf "$ctx"
  echo "release.sh: image built FROM scratch with $engine; its binary ran as uid 65532"
}

check_precommit() {
  need_apt pre-commit pre-commit
  local work
  work=$(mktemp -d)
  git -C "$work" init -q
  # Two containers of one name: an error (duplicate-container-name), which
  # the hook's --fail-on error gate must stop.
  cat >"$work/bad.yaml" <<'MANIFEST'
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
    - name: shell
      image: busybox:1.36
MANIFEST
  cat >"$work/good.yaml" <<'MANIFEST'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: production
MANIFEST
  git -C "$work" add bad.yaml good.yaml
  # try-repo uses the checkout's HEAD plus its uncommitted changes, and
  # builds the hook's environment anew each time (minutes: it compiles
  # poddoctor), so both files go through one run: it must fail, and name
  # the duplicate container in bad.yaml and nothing in good.yaml.
  if (cd "$work" && pre-commit try-repo "$root" poddoctor-lint --files good.yaml bad.yaml >"$work/hook.log" 2>&1); then
    cat "$work/hook.log" >&2; echo "release.sh: the lint hook passed a Pod the API server rejects" >&2; exit 1
  fi
  if ! grep -q "bad.yaml" "$work/hook.log" || ! grep -q "duplicate-container-name" "$work/hook.log" || grep -q "good.yaml" "$work/hook.log"; then
    cat "$work/hook.log" >&2; echo "release.sh: the hook's output should name bad.yaml's duplicate container and nothing in good.yaml" >&2; exit 1
  fi
  rm -rf "$work"
  echo "release.sh: pre-commit try-repo ran the poddoctor-lint hook: it failed on the duplicate container and said nothing of the clean file"
}

case $checks in
  all) check_goreleaser; check_image; check_precommit ;;
  goreleaser) check_goreleaser ;;
  image) check_image ;;
  pre-commit) check_precommit ;;
  *) echo "usage: test/release.sh [all|goreleaser|image|pre-commit]" >&2; exit 2 ;;
esac
