#!/usr/bin/env bash
# Runs the demo: installs what is missing, builds, starts a local etcd on a free port, and runs
# a few KV calls (put, get, prefix read, transaction) against it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-prerequisites.sh
swift build --product etcd3-demo
exec .build/debug/etcd3-demo "$@"
