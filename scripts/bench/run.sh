#!/usr/bin/env bash
# The performance benchmark of docs/performance.md: fedc against `cp -r`, `diff -r` and
# `kubectl kustomize` on the same trees, in the same run. Prints a Markdown table; asserts nothing.
#
#   scripts/bench/run.sh [SIZE...]      SIZE: a mesh count (25 50 100 200) or `wide` (20 meshes x 2,000 services)
#
# Environment: FEDC (binary; default target/release/fedc, built if missing), BENCH_DIR (scratch
# directory on the disk to measure; default target/bench), REPEAT (runs per figure, median; default
# 3), KUSTOMIZE=0 skips the kustomize anchor. Needs GNU time at /usr/bin/time (apt-get install time).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
fedc="${FEDC:-$repo/target/release/fedc}"
work="${BENCH_DIR:-$repo/target/bench}"
repeat="${REPEAT:-3}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(25 50 100 200 wide)
[ -x "$fedc" ] || (cd "$repo" && cargo build --release --bin fedc)
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
mkdir -p "$work"

# measure NAME COMMAND...: runs COMMAND $repeat times (PREP, if set, before each run, untimed);
# sets $secs (median wall seconds) and $rss (max resident KiB over the runs).
measure() {
  local times=() max=0 i
  for ((i = 0; i < repeat; i++)); do
    [ -z "${PREP:-}" ] || eval "$PREP"
    sync
    /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr.out" || {
      local status=$?
      # diff -r and `fedc diff` exit 1 when they find a difference; anything else is a failure.
      if [ $status -ne 1 ] || { [ "$1" != diff ] && [ "$2" != diff ]; }; then
        echo "failed ($status): $*" >&2; cat "$work/stderr.out" >&2; exit 1
      fi
    }
    read -r t m < <(tail -1 "$work/time.out")
    times+=("$t"); ((m > max)) && max=$m
  done
  secs=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss=$max
}

row() { # op fedc_secs anchor_name anchor_secs rss_kib bytes
  local ratio mib per
  ratio=$(awk -v a="$2" -v b="$4" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  mib=$(awk -v k="$5" 'BEGIN { printf "%.0f", k / 1024 }')
  per=$(awk -v k="$5" -v b="$6" 'BEGIN { printf "%.2f", k * 1024 / b }')
  printf '| %s | %s | %s | %.3f | %s %.3f | %s | %s MiB (%s× output) |\n' \
    "$size" "$op_files" "$1" "$2" "$3" "$4" "$ratio" "$mib" "$per"
}

echo "| size | files / MB | operation | fedc s | anchor s | fedc / anchor | peak RSS |"
echo "|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  dir="$work/$size"
  rm -rf "$dir" && mkdir -p "$dir" && cp "$repo/examples/certs/red-root.pem" "$dir/root.pem"
  if [ "$size" = wide ]; then args=(--meshes 20 --services 2000); else args=(--meshes "$size"); fi
  python3 "$repo/scripts/bench/gen-topology.py" "${args[@]}" --root-cert root.pem >"$dir/federation.toml"
  topo="$dir/federation.toml" out="$dir/out"

  PREP="rm -rf '$out'" measure "$fedc" build "$topo" --out "$out"; build=$secs build_rss=$rss
  files=$(find "$out" -type f -not -name 'fedc.lock' | wc -l)
  bytes=$(find "$out" -type f -not -name 'fedc.lock' -printf '%s\n' | awk '{s+=$1} END {print s}')
  op_files="$files / $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
  PREP="rm -rf '$dir/copy'" measure cp -r "$out" "$dir/copy"; cp_secs=$secs
  PREP="" measure diff -r "$out" "$dir/copy"; diffr_secs=$secs
  kust_secs=0
  if [ "${KUSTOMIZE:-1}" != 0 ]; then
    PREP="" measure sh -c "for d in '$out'/clusters/*/; do kubectl kustomize \"\$d\" >/dev/null || exit 2; done"
    kust_secs=$secs
  fi
  PREP="" measure "$fedc" build "$topo" --out "$out"; rebuild=$secs rebuild_rss=$rss
  PREP="" measure "$fedc" check "$topo"; check=$secs check_rss=$rss
  PREP="" measure "$fedc" check "$topo" --out "$out"; checkout=$secs checkout_rss=$rss
  PREP="" measure "$fedc" diff "$topo" --out "$out"; fdiff=$secs diff_rss=$rss
  # One service more exported by one mesh (same file name: the name is in every file's header);
  # before each run the output is put back to the unchanged topology's, untimed.
  mkdir -p "$dir/changed" && cp "$dir/root.pem" "$topo" "$dir/changed/"
  printf '\n[[exports]]\nmesh = "m000"\n  [[exports.rules]]\n  service = "bookinfo/details"\n' >>"$dir/changed/federation.toml"
  PREP="'$fedc' build '$topo' --out '$out' >/dev/null 2>&1"
  measure "$fedc" build "$dir/changed/federation.toml" --out "$out"; one=$secs one_rss=$rss
  changed=$("$fedc" build "$topo" --out "$out" 2>&1 | grep -o '[0-9]* written, [0-9]* removed' || true)

  row "cold build" "$build" "cp -r" "$cp_secs" "$build_rss" "$bytes"
  [ "$kust_secs" = 0 ] || row "cold build vs kustomize (anchor/fedc: $(awk -v a="$kust_secs" -v b="$build" 'BEGIN{printf "%.1f", a/b}')×)" "$build" "kustomize" "$kust_secs" "$build_rss" "$bytes"
  row "rebuild, no change" "$rebuild" "cp -r" "$cp_secs" "$rebuild_rss" "$bytes"
  row "rebuild, one service more ($changed)" "$one" "cp -r" "$cp_secs" "$one_rss" "$bytes"
  row "check (topology only)" "$check" "diff -r" "$diffr_secs" "$check_rss" "$bytes"
  row "check --out, up to date" "$checkout" "diff -r" "$diffr_secs" "$checkout_rss" "$bytes"
  row "diff, no change" "$fdiff" "diff -r" "$diffr_secs" "$diff_rss" "$bytes"
  rm -rf "$dir/copy"
done
