#!/usr/bin/env bash
# Two fedc binaries alternated on one tree, so that a shared machine's load falls on both alike
# (docs/performance.md, "Issue 22, second pass"). Prints, per command and binary, the median wall
# and CPU (user + system) seconds and the peak RSS, and `diff -r`'s median as the anchor.
# Asserts nothing.
#
#   scripts/bench/paired.sh BEFORE AFTER [MESHES] [RUNS]     (defaults: 100 meshes, 5 runs)
#
# Environment: BENCH_DIR (scratch directory on the disk to measure; default target/bench).
set -euo pipefail

[ $# -ge 2 ] || { sed -n 6p "$0" >&2; exit 2; }
repo="$(cd "$(dirname "$0")/../.." && pwd)"
before="$1" after="$2" meshes="${3:-100}" runs="${4:-5}"
dir="${BENCH_DIR:-$repo/target/bench}/paired-$meshes"
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
rm -rf "$dir" && mkdir -p "$dir" && cp "$repo/examples/certs/red-root.pem" "$dir/root.pem"
python3 "$repo/scripts/bench/gen-topology.py" --meshes "$meshes" --root-cert root.pem >"$dir/federation.toml"
cd "$dir"
# Each binary checks, diffs and rebuilds the output it built itself: the lock records the
# templates' text, so a change to a template would otherwise make one side's runs not no-change.
"$after" build federation.toml --out out >/dev/null 2>&1
"$before" build federation.toml --out out.before >/dev/null 2>&1
cp -r out copy

# Each line: label wall user system max-RSS-KiB. `diff` exits 1 on a difference; nothing else may fail.
timed() {
  local label="$1"; shift
  /usr/bin/time -f "$label %e %U %S %M" -o time.out "$@" >/dev/null 2>stderr.out || {
    local status=$?
    [ $status -eq 1 ] && [ "$1" = diff ] || { echo "failed ($status): $*" >&2; cat stderr.out >&2; exit 1; }
  }
  tail -1 time.out
}

{
  for ((i = 0; i < runs; i++)); do timed "diff-r|-" diff -r out copy; done
  for command in "check federation.toml" "check federation.toml --out out" "diff federation.toml --out out" \
    "build federation.toml --out out"; do
    for ((i = 0; i < runs; i++)); do
      # shellcheck disable=SC2086 # the command's words
      timed "$command|before" "$before" ${command/--out out/--out out.before}
      # shellcheck disable=SC2086
      timed "$command|after" "$after" $command
    done
  done
} | python3 -c '
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in sys.stdin:
    label, wall, user, system, rss = line.rsplit(" ", 4)
    runs[label].append((float(wall), float(user) + float(system), int(rss)))
print("| command | binary | wall s (median) | CPU s (median) | peak RSS |")
print("|---|---|---|---|---|")
for label, values in runs.items():
    command, binary = label.split("|")
    wall = statistics.median(v[0] for v in values)
    cpu = statistics.median(v[1] for v in values)
    print(f"| {command} | {binary} | {wall:.2f} | {cpu:.2f} | {max(v[2] for v in values) // 1024} MiB |")
'
