#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, checks the generated code (messages and the
# documentation's code blocks, which the build compiles), builds with
# warnings as errors, runs every test against real etcd 3.4 and 3.5 servers, and runs each
# fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-prerequisites.sh

echo "== formatting (.swift-format, Scripts/format.sh --lint)"
bash Scripts/format.sh --lint

echo "== generated code is up to date"
bash Codegen/check.sh

echo "== documentation snippets are up to date (Docs/Codegen.md)"
bash Scripts/doc-snippets.sh --check

echo "== build (warnings are errors)"
swift build --build-tests -Xswiftc -warnings-as-errors

# Runs one phase under a time limit (every suite also has its own). A phase over its limit is
# stopped, and the tests it had started and not finished are named, so a hang fails the run
# with the name of what hung instead of running into CI's limit.
run_phase() {
  local name=$1 limit=$2
  shift 2
  local log status
  log=$(mktemp)
  set +e
  timeout --kill-after=30 "$limit" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "== $name: stopped after its limit of $limit. Started and never finished:" >&2
    bash Scripts/unfinished-tests.sh "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  return "$status"
}

echo "== tests"
# The fault scenarios measure failover and detection times, so they run on their own after the
# rest, not next to the other suites on a small machine.
run_phase tests 15m swift test --skip-build --skip FaultScenarios
echo "== fault scenarios"
run_phase "fault scenarios" "${ETCD3_FAULT_PHASE_LIMIT:-30m}" swift test --skip-build --filter FaultScenarios
if [ -x Scripts/fuzz.sh ]; then
  echo "== fuzz targets (short runs)"
  run_phase "fuzz targets" "${ETCD3_FUZZ_PHASE_LIMIT:-20m}" bash Scripts/fuzz.sh --seconds "${ETCD3_FUZZ_SECONDS:-20}"
fi
