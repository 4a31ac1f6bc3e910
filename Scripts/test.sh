#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, checks the generated code, builds with
# warnings as errors, runs every test against real etcd 3.4 and 3.5 servers, and runs each
# fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-prerequisites.sh

echo "== generated code is up to date"
bash Codegen/check.sh

echo "== build (warnings are errors)"
swift build --build-tests -Xswiftc -warnings-as-errors

echo "== tests"
# The fault scenarios measure failover and detection times, so they run on their own after the
# rest, not next to the other suites on a small machine.
swift test --skip-build --skip FaultScenarios
echo "== fault scenarios"
swift test --skip-build --filter FaultScenarios
if [ -x Scripts/fuzz.sh ]; then
  echo "== fuzz targets (short runs)"
  bash Scripts/fuzz.sh --seconds "${ETCD3_FUZZ_SECONDS:-20}"
fi
