#!/usr/bin/env bash
# A/B of benches: two commits checked out side by side, each bench run in turns (base, after, base, after, ...),
# so that a slower machine moves both alike. Prints one line per run: bench, side, round and its BENCH line.
#   infrastructure/testing/bench_ab.sh BASE AFTER BENCH[:ROUNDS] ...     (ROUNDS defaults to 3)
# The benches install their modules' SNAPSHOT jars into ~/.m2: build your checkout again afterwards.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 BASE AFTER BENCH[:ROUNDS] ..." >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
declare -A commit=([base]=$(git -C "$root" rev-parse --verify "$1^{commit}") [after]=$(git -C "$root" rev-parse --verify "$2^{commit}"))
shift 2
cleanup() { for side in base after; do git -C "$root" worktree remove --force "$work/$side" 2>/dev/null || true; done; }
trap cleanup EXIT
for side in base after; do git -C "$root" worktree add -q --detach "$work/$side" "${commit[$side]}"; done
for spec in "$@"; do
  bench=${spec%%:*}
  rounds=3
  [[ $spec == *:* ]] && rounds=${spec#*:}
  [[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "$spec: ROUNDS must be a positive whole number" >&2; exit 2; }
  for round in $(seq 1 "$rounds"); do
    for side in base after; do
      line=$(cd "$work/$side" && ./citypulse bench "$bench" 2>&1 | grep '^BENCH' | tail -1) || true
      echo "$bench $side $round ${line:-FAILED (no BENCH line)}"
    done
  done
done
