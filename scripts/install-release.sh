#!/usr/bin/env bash
# Installs a fedc release binary, verified against its SHA-256, into a directory. Used by the
# GitHub Action (action.yml) and replayed by .ci/run against a release packaged locally.
# Environment:
#   FEDC_VERSION   release version, without the `v` (required)
#   FEDC_TARGET    target triple of the archive, e.g. x86_64-unknown-linux-musl (required)
#   FEDC_DEST      directory to put `fedc` in (required)
#   FEDC_BASE_URL  where the releases are: <base>/v<version>/<archive> (required)
#   FEDC_SHA256    the archive's expected SHA-256; when empty, the release's `.sha256` file is
#                  read instead (it guards against a corrupted or swapped download, not against
#                  a compromised release: pin the checksum for that)
set -euo pipefail
: "${FEDC_VERSION:?}" "${FEDC_TARGET:?}" "${FEDC_DEST:?}" "${FEDC_BASE_URL:?}"
case "$FEDC_VERSION" in *[!0-9A-Za-z.+-]*) echo "install-release: bad version: $FEDC_VERSION" >&2; exit 2 ;; esac
case "$FEDC_TARGET" in *[!0-9a-z_-]*) echo "install-release: bad target: $FEDC_TARGET" >&2; exit 2 ;; esac

name="fedc-v$FEDC_VERSION-$FEDC_TARGET.tar.gz"
url="$FEDC_BASE_URL/v$FEDC_VERSION/$name"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fetch() { curl --fail --silent --show-error --location --proto '=https,file' --max-filesize 209715200 -o "$2" "$1"; }
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }

fetch "$url" "$work/$name"
expected="${FEDC_SHA256:-}"
if [ -z "$expected" ]; then
  fetch "$url.sha256" "$work/$name.sha256"
  expected="$(cut -d' ' -f1 "$work/$name.sha256")"
fi
actual="$(sha256 "$work/$name")"
if [ "$actual" != "$expected" ]; then
  echo "install-release: $name: SHA-256 $actual, expected $expected: not installed" >&2
  exit 1
fi
mkdir -p "$work/unpacked" "$FEDC_DEST"
tar -xzf "$work/$name" -C "$work/unpacked" fedc
install -m 0755 "$work/unpacked/fedc" "$FEDC_DEST/fedc"
"$FEDC_DEST/fedc" --version
