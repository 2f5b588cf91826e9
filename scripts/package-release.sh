#!/usr/bin/env bash
# Builds and packages one release archive, exactly as .github/workflows/release.yml does on a tag
# (and .ci/run does locally, to replay the CI recipe with the binary a release would publish):
#   cargo build --locked --profile dist --target TARGET
#   OUTDIR/fedc-v<version>-<TARGET>.tar.gz       the `fedc` binary and README.md
#   OUTDIR/fedc-v<version>-<TARGET>.tar.gz.sha256
# Usage: scripts/package-release.sh TARGET [OUTDIR]      (OUTDIR defaults to dist/)
set -euo pipefail
target="${1:?usage: scripts/package-release.sh TARGET [OUTDIR]}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${2:-$root/dist}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$root"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)"
[ -n "$version" ] || { echo "package-release: no version in Cargo.toml" >&2; exit 2; }

cargo build --locked --profile dist --target "$target"

name="fedc-v$version-$target"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "${CARGO_TARGET_DIR:-target}/$target/dist/fedc" "$stage/fedc"
cp README.md "$stage/README.md"
# The same bytes for the same binary: fixed owner, order and times.
tar -C "$stage" --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - fedc README.md | gzip -n >"$out/$name.tar.gz"
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi; }
(cd "$out" && sha256 "$name.tar.gz" >"$name.tar.gz.sha256")
echo "$out/$name.tar.gz"
