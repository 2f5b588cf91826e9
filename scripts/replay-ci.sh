#!/usr/bin/env bash
# Replays fedc's CI recipe offline on a temporary git repository, the way a platform team meets it:
#   0. a newcomer's first hour: `fedc init`, `check`, `build`, commit, a change, its pull request:
#      CI passes and the pull-request comment says what changes, in words and per object;
#   1. the first pull request adopting fedc (the base branch has no output yet): CI passes and the
#      diff shows every object added;
#   2. a change (topology edited, output rebuilt): CI passes, the diff shows the change;
#   3. a hand edit of a generated file: CI fails ("edited"), and the commands it advises fix it;
#   4. a stale output (topology edited, not rebuilt): CI fails ("stale").
# "CI" is the `run:` steps of examples/ci/fedc.yml (its `uses:` install step stands for the fedc
# under test, put on PATH), run on what actions/checkout with fetch-depth: 0 gives a pull request: a clone of the
# repository with every branch, at the merge of the pull request into its base. Each case also runs
# the entries of .pre-commit-hooks.yaml in the pull request's working copy.
#
# Usage: scripts/replay-ci.sh            (builds fedc with cargo)
#        FEDC=path/to/fedc scripts/replay-ci.sh     (.ci/run: the release binary, installed as
#                                                     the GitHub Action installs it)
# Needs git, bash, python3 (standard library only); no network.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
workflow="$root/examples/ci/fedc.yml"
hooks="$root/.pre-commit-hooks.yaml"

if [ -z "${FEDC:-}" ]; then
  (cd "$root" && cargo build --locked -q)
  FEDC="$root/target/debug/fedc"
fi
FEDC="$(cd "$(dirname "$FEDC")" && pwd)/$(basename "$FEDC")"
[ -x "$FEDC" ] || { echo "replay: no fedc binary at $FEDC" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$FEDC" "$work/bin/fedc"
export PATH="$work/bin:$PATH"
# A repository of its own: no user or system git configuration, fixed identity.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=replay GIT_AUTHOR_EMAIL=replay@example.com
export GIT_COMMITTER_NAME=replay GIT_COMMITTER_EMAIL=replay@example.com

failures=0
fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "  ok: $*"; }

# The workflow's run steps, NUL-separated as `name<US>if<US>script` (US: the ASCII unit separator). A restricted reader of the
# file's block structure (steps are `- name/uses/if/run` items; `run: |` blocks), standard library only.
workflow_steps() {
  python3 - "$workflow" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
steps, current, block, block_indent = [], None, None, None
for line in lines:
    if block is not None:
        if line.strip() == "" or len(line) - len(line.lstrip()) >= block_indent:
            block.append(line[block_indent:] if line.strip() else "")
            continue
        current["run"] = "\n".join(block).rstrip() + "\n"
        block = None
    m = re.match(r"^(\s*)(- )?(name|uses|if|run):\s*(.*)$", line)
    if not m:
        continue
    if m.group(2):
        current = {}
        steps.append(current)
    if current is None:
        continue
    key, value = m.group(3), m.group(4)
    if key == "run" and value == "|":
        block, block_indent = [], len(m.group(1)) + (2 if m.group(2) else 0) + 2
    else:
        current[key] = value
if block is not None:
    current["run"] = "\n".join(block).rstrip() + "\n"
for step in steps:
    if "run" in step:
        sys.stdout.write("%s\x1f%s\x1f%s\0" % (step.get("name", ""), step.get("if", ""), step["run"]))
PY
}

# `entry args…` of each hook, one line per hook: `id<TAB>command`.
hook_commands() {
  python3 - "$hooks" <<'PY'
import re, shlex, sys
hooks, current = [], None
for line in open(sys.argv[1]):
    m = re.match(r"^(- )?\s*(id|entry|args):\s*(.*?)\s*$", line)
    if not m:
        continue
    if m.group(1):
        current = {}
        hooks.append(current)
    key, value = m.group(2), m.group(3)
    if key == "args":
        value = " ".join(shlex.quote(a.strip()) for a in value.strip("[]").split(",") if a.strip())
    current[key] = value
for hook in hooks:
    print("%s\t%s %s" % (hook["id"], hook["entry"], hook.get("args", "")))
PY
}

# Runs the workflow for pull request branch $1 into main, as GitHub would; prints the step summary
# to $work/summary-$1.md and the steps' output to $work/ci-$1.log. Returns the job's status.
run_ci() {
  local branch="$1" checkout="$work/ci-$1" summary="$work/summary-$1.md" log="$work/ci-$1.log"
  rm -rf "$checkout" "$work/base"
  git clone -q "$origin" "$checkout"
  git -C "$checkout" checkout -q --detach origin/main
  git -C "$checkout" merge -q --no-ff --no-edit "origin/$branch"
  : >"$summary"
  local status=0 name condition script
  while IFS=$'\x1f' read -r -d '' name condition script; do
    case "$script" in *"cargo install"*) continue ;; esac # the fedc under test is on PATH
    case "$condition" in "" | "github.event_name == 'pull_request'") ;; *)
      echo "replay: unknown step condition: $condition" >&2
      return 2
      ;;
    esac
    script="${script//\$\{\{ github.base_ref \}\}/main}"
    if ! (cd "$checkout" && GITHUB_STEP_SUMMARY="$summary" bash --noprofile --norc -eo pipefail -c "$script") >>"$log" 2>&1; then
      echo "  step failed: $name" >>"$log"
      status=1
      break
    fi
  done < <(workflow_steps)
  (cd "$checkout" && git worktree prune)
  return "$status"
}

# Runs CI for branch $1 and expects job status $2 (0 passes, 1 fails).
ci_status() {
  local status=0
  run_ci "$1" || status=$?
  case "$status:$2" in
    0:0) pass "CI passes" ;;
    1:1) pass "CI fails" ;;
    *) fail "CI status $status, expected $2: $(tail -5 "$work/ci-$1.log" 2>/dev/null)" ;;
  esac
}

# Runs every hook in working copy $1; prints `id:status` pairs.
run_hooks() {
  local id command
  while IFS=$'\t' read -r id command; do
    if (cd "$1" && eval "$command") >/dev/null 2>&1; then echo "$id:0"; else echo "$id:1"; fi
  done < <(hook_commands)
}

# Pushes branch $1 of the developer's clone ($dev, whose origin is $origin).
push() { git -C "$dev" push -q origin "$1"; }
merge() { git -C "$dev" checkout -q main && git -C "$dev" merge -q --ff-only "$1" && push main; }

# A fleet repository before fedc (a README on main): the bare $origin and the developer's $dev.
new_fleet() {
  origin="$work/$1.git" dev="$work/$1"
  git init -q --bare -b main "$origin"
  git init -q -b main "$dev"
  echo "# fleet" >"$dev/README.md"
  git -C "$dev" add README.md
  git -C "$dev" commit -q -m "fleet repository"
  git -C "$dev" remote add origin "$origin"
  push main
}

echo "replaying examples/ci/fedc.yml and .pre-commit-hooks.yaml with $("$FEDC" --version 2>/dev/null || echo fedc) ($FEDC)"
[ "$(workflow_steps | tr -cd '\0' | wc -c)" -ge 2 ] || { echo "replay: no run steps read from $workflow" >&2; exit 2; }

echo "0. a newcomer's first hour: init, check, build, commit, a change, its pull request"
new_fleet newcomer
(cd "$dev" && fedc init >/dev/null && fedc check federation.toml >"$work/first-check.txt" 2>&1) &&
  grep -qx "federation.toml: no findings" "$work/first-check.txt" && pass "init, then check: no findings" ||
  fail "init/check: $(cat "$work/first-check.txt")"
(cd "$dev" && fedc build federation.toml --out rendered >/dev/null 2>&1)
[ -f "$dev/rendered/argocd/applicationset-starter.yaml" ] && [ -f "$dev/rendered/flux/east/kustomization-starter.yaml" ] &&
  pass "the first build has argocd/ and flux/" || fail "no argocd/ or flux/ output: $(cd "$dev/rendered" && ls)"
git -C "$dev" add -A && git -C "$dev" commit -q -m "fedc init and build" && push main
git -C "$dev" checkout -q -b tune-payments
sed -i 's/consecutive_5xx_errors = 5/consecutive_5xx_errors = 7/' "$dev/federation.toml"
(cd "$dev" && fedc diff federation.toml --out rendered >"$work/newcomer-diff.txt" 2>&1) || true
grep -q "0 to add, 1 to change, 0 to remove in 1 cluster" "$work/newcomer-diff.txt" && pass "diff before the rebuild: 1 object changes" ||
  fail "diff: $(head -3 "$work/newcomer-diff.txt")"
(cd "$dev" && fedc build federation.toml --out rendered >/dev/null 2>&1)
git -C "$dev" commit -q -am "payments fail over after 7 errors" && push tune-payments
ci_status tune-payments 0
head -3 "$work/summary-tune-payments.md" | sed 's/^/    comment: /'
grep -q "failover of \`shop/payments\` in \`blue\`: outlier detection consecutive 5xx errors 5 → 7" "$work/summary-tune-payments.md" &&
  pass "the pull-request comment says what changes in words" || fail "comment: $(head -8 "$work/summary-tune-payments.md")"
grep -q "### fedc diff: 0 to add, 1 to change, 0 to remove in 1 cluster" "$work/summary-tune-payments.md" &&
  pass "the pull-request comment's headline" || fail "headline: $(head -3 "$work/summary-tune-payments.md")"

new_fleet fleet
echo "1. first pull request adopting fedc"
git -C "$dev" checkout -q -b adopt-fedc
cp "$root/examples/federation.toml" "$dev/federation.toml"
cp -r "$root/examples/certs" "$dev/certs"
(cd "$dev" && fedc build federation.toml --out rendered >/dev/null 2>&1)
git -C "$dev" add -A
git -C "$dev" commit -q -m "adopt fedc"
ignored="$(git -C "$dev" ls-files rendered | grep -c '\.fedc-' || true)"
[ "$ignored" = 0 ] && pass "no .fedc-* file committed (rendered/.gitignore)" || fail ".fedc-* files were committed"
push adopt-fedc
ci_status adopt-fedc 0
head -3 "$work/summary-adopt-fedc.md" | sed 's/^/    summary: /'
grep -q "to add, 0 to change, 0 to remove" "$work/summary-adopt-fedc.md" && pass "diff: every object added" ||
  fail "diff summary: $(head -3 "$work/summary-adopt-fedc.md")"
[ "$(run_hooks "$dev" | tr '\n' ' ')" = "fedc-check:0 fedc-check-out:0 fedc-check-source:0 fedc-check-out-source:0 " ] && pass "hooks pass" || fail "hooks: $(run_hooks "$dev")"
merge adopt-fedc

echo "2. a change: topology edited, output rebuilt"
git -C "$dev" checkout -q -b tune-failover
sed -i 's/consecutive_5xx_errors = 3/consecutive_5xx_errors = 5/' "$dev/federation.toml"
(cd "$dev" && fedc build federation.toml --out rendered >/dev/null 2>&1)
git -C "$dev" commit -q -am "failover after 5 errors"
push tune-failover
ci_status tune-failover 0
grep -q "0 to add, 1 to change, 0 to remove" "$work/summary-tune-failover.md" && pass "diff: 1 object changed" ||
  fail "diff summary: $(head -3 "$work/summary-tune-failover.md")"
grep -q "consecutive5xxErrors: 5" "$work/summary-tune-failover.md" && pass "diff shows the new value" || fail "diff lacks the new value"
grep -q "failover of \`bookinfo/ratings\` in \`green\`: outlier detection consecutive 5xx errors 3 → 5" "$work/summary-tune-failover.md" &&
  pass "diff says what changes in the federation" || fail "diff lacks the federation summary"
merge tune-failover

echo "3. a hand edit of a generated file"
git -C "$dev" checkout -q -b hand-edit
rule="$(cd "$dev" && ls rendered/clusters/west/bookinfo/destinationrule-*.yaml)"
sed -i 's/consecutive5xxErrors: 5/consecutive5xxErrors: 7/' "$dev/$rule"
git -C "$dev" commit -q -am "quick fix in the cluster's YAML"
push hand-edit
ci_status hand-edit 1
grep "file=$rule" "$work/ci-hand-edit.log" | grep -q "edited" && pass "reported: edited $rule" || fail "no 'edited' finding: $(tail -5 "$work/ci-hand-edit.log")"
[ "$(run_hooks "$dev" | tr '\n' ' ')" = "fedc-check:0 fedc-check-out:1 fedc-check-source:0 fedc-check-out-source:1 " ] && pass "hook fedc-check-out fails" || fail "hooks: $(run_hooks "$dev")"
# The hook prints what to run; running it makes the check pass (a plain build would refuse).
advice="$(cd "$dev" && { fedc check federation.toml --out rendered 2>/dev/null || true; } | sed -n '/to fix, run:$/,$p' | sed '1d; s/    #.*$//; s/^  //')"
[ "$advice" = "fedc build federation.toml --out rendered --force" ] && pass "advice: $advice" || fail "advice: $advice"
(cd "$dev" && eval "$advice" >/dev/null 2>&1 && fedc check federation.toml --out rendered >/dev/null 2>&1) &&
  pass "the advised command fixes it" || fail "after the advice, check --out still fails"
git -C "$dev" checkout -q -- .

echo "4. a stale output: topology edited, not rebuilt"
git -C "$dev" checkout -q main
git -C "$dev" checkout -q -b stale
sed -i 's/consecutive_5xx_errors = 5/consecutive_5xx_errors = 9/' "$dev/federation.toml"
git -C "$dev" commit -q -am "failover after 9 errors (forgot to rebuild)"
push stale
ci_status stale 1
grep -q "stale" "$work/ci-stale.log" && pass "reported: stale" || fail "no 'stale' finding: $(tail -5 "$work/ci-stale.log")"
[ "$(run_hooks "$dev" | tr '\n' ' ')" = "fedc-check:0 fedc-check-out:1 fedc-check-source:0 fedc-check-out-source:1 " ] && pass "hook fedc-check-out fails" || fail "hooks: $(run_hooks "$dev")"

if [ "$failures" -gt 0 ]; then
  echo "replay: $failures expectation(s) failed"
  exit 1
fi
echo "replay ok: first PR, change, hand edit and stale output behave as documented"
