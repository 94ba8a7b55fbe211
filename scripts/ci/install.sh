#!/bin/sh
# install.sh: install one pinned poddoctor release for a CI job, checked
# against the release's checksums.txt. POSIX sh, so it runs on GitHub's
# runners (Linux, macOS, Windows' Git Bash) and in alpine or busybox images.
#
# Environment:
#   PODDOCTOR_VERSION        the release tag to install, e.g. v0.5.0 (required);
#                            "source" builds the checkout at PODDOCTOR_SOURCE_DIR
#                            with Go instead
#   PODDOCTOR_INSTALL_DIR    where the binary goes (default: $RUNNER_TEMP/poddoctor
#                            or /usr/local/bin)
#   PODDOCTOR_DOWNLOAD_BASE  release download base URL (default: GitHub releases)
#   PODDOCTOR_SOURCE_DIR     the checkout to build from with "source"
#
# Prints the installed binary's path last, and adds its directory to
# $GITHUB_PATH when that is set.
set -eu

version=${PODDOCTOR_VERSION:?set PODDOCTOR_VERSION to a release tag such as v0.5.0, or to source}
base=${PODDOCTOR_DOWNLOAD_BASE:-https://github.com/poddoctor/poddoctor/releases/download}
if [ -n "${PODDOCTOR_INSTALL_DIR:-}" ]; then
  dest=$PODDOCTOR_INSTALL_DIR
elif [ -n "${RUNNER_TEMP:-}" ]; then
  dest=$RUNNER_TEMP/poddoctor
else
  dest=/usr/local/bin
fi

case $(uname -s) in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT) os=windows ;;
  *) echo "install.sh: no poddoctor release for $(uname -s)" >&2; exit 1 ;;
esac
case $(uname -m) in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "install.sh: no poddoctor release for $(uname -m)" >&2; exit 1 ;;
esac
exe=poddoctor
[ "$os" = windows ] && exe=poddoctor.exe

mkdir -p "$dest"
if [ "$version" = source ]; then
  src=${PODDOCTOR_SOURCE_DIR:?set PODDOCTOR_SOURCE_DIR to the checkout to build}
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$dest/$exe" ./cmd/poddoctor)
else
  case $version in
    v[0-9]*) ;;
    *) echo "install.sh: PODDOCTOR_VERSION $version is not a release tag (v1.2.3) or source" >&2; exit 1 ;;
  esac
  archive=poddoctor_${version#v}_${os}_${arch}.tar.gz
  [ "$os" = windows ] && archive=poddoctor_${version#v}_${os}_${arch}.zip
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  fetch() {
    if command -v curl >/dev/null 2>&1; then
      curl -fsSL --retry 3 -o "$2" "$1"
    else
      wget -q -O "$2" "$1"
    fi
  }
  fetch "$base/$version/$archive" "$tmp/$archive"
  fetch "$base/$version/checksums.txt" "$tmp/checksums.txt"
  want=$(awk -v f="$archive" '$2 == f { print $1 }' "$tmp/checksums.txt")
  if [ -z "$want" ]; then
    echo "install.sh: $archive is not listed in the release's checksums.txt" >&2
    exit 1
  fi
  if command -v sha256sum >/dev/null 2>&1; then
    got=$(sha256sum "$tmp/$archive" | awk '{ print $1 }')
  else
    got=$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')
  fi
  if [ "$got" != "$want" ]; then
    echo "install.sh: checksum mismatch for $archive: got $got, want $want" >&2
    exit 1
  fi
  case $archive in
    *.zip) (cd "$tmp" && unzip -q "$archive" "$exe") ;;
    *) tar -xzf "$tmp/$archive" -C "$tmp" "$exe" ;;
  esac
  mv "$tmp/$exe" "$dest/$exe"
  chmod +x "$dest/$exe"
fi

if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dest" >>"$GITHUB_PATH"
fi
echo "$dest/$exe"
