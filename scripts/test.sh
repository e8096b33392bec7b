#!/usr/bin/env bash
# The project's test command. Installs (or reuses from the cache) every toolchain the tests
# compile generated SDKs with, proves each works, then runs the whole Rust test suite.
#
#   scripts/test.sh [--skip-toolchains] [-- <extra cargo test args>]
#
# --skip-toolchains (or TRACKPLAN_SKIP_TOOLCHAINS=1) is for quick local runs: nothing is
# installed and TRACKPLAN_SKIP_TOOLCHAINS=1 tells the toolchain tests to skip, loudly.
# CI must prove the generated code compiles, so under CI=true skipping is refused.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

usage() {
  echo "usage: $0 [--skip-toolchains] [-- <extra cargo test args>]" >&2
  exit 2
}

skip=0
[[ ${TRACKPLAN_SKIP_TOOLCHAINS:-} != 1 ]] || skip=1
cargo_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --skip-toolchains) skip=1 ;;
    --)
      cargo_args=("${@:2}")
      break
      ;;
    *) usage ;;
  esac
  shift
done

if [[ $skip == 1 && ${CI:-} == true ]]; then
  echo "test.sh: refusing to skip toolchain tests under CI=true:" \
    "CI must compile the generated SDKs" >&2
  exit 2
fi

# Runs one phase and reports its wall time.
phase() {
  local name=$1 start
  shift
  printf '==> %s\n' "$name"
  start=$EPOCHREALTIME
  "$@"
  printf '==> %s: %s\n' "$name" \
    "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }')"
}

if [[ $skip == 1 ]]; then
  export TRACKPLAN_SKIP_TOOLCHAINS=1
  cat >&2 <<'MSG'
##########################################################################
## TOOLCHAINS SKIPPED (--skip-toolchains / TRACKPLAN_SKIP_TOOLCHAINS=1)
## Generated TypeScript, Kotlin and Swift are NOT compiled in this run and
## no browser test runs. Run scripts/test.sh without it before pushing.
##########################################################################
MSG
else
  unset TRACKPLAN_SKIP_TOOLCHAINS
  phase "install toolchains" scripts/toolchains.sh install all
  exports=$(scripts/toolchains.sh env)
  eval "${exports}"
  phase "toolchain smoke test" tests/toolchains/smoke.sh
fi

phase "cargo test" cargo test --workspace --locked "${cargo_args[@]}"

# Repeated after the test output, where the banner above has long scrolled away.
[[ $skip == 0 ]] || echo "test.sh: TOOLCHAINS WERE SKIPPED: generated SDKs were not compiled" >&2
