#!/usr/bin/env bash
# Prints the Swift Testing tests (and test cases) that a log shows started and never finished:
# what a test phase was running when it was stopped.
# Usage: Scripts/unfinished-tests.sh LOG
set -euo pipefail
log=$1
started=$(sed -n 's/^◇ Test "\(.*\)" started\.$/\1/p' "$log" | sort | uniq)
finished=$(sed -n -E 's/^(✔|✘|➜) Test "(.*)" (with [0-9]+ test cases? )?(passed|failed|skipped).*$/\2/p' "$log" | sort | uniq)
unfinished=$(comm -23 <(printf '%s\n' "$started") <(printf '%s\n' "$finished") | sed '/^$/d')
if [ -z "$unfinished" ]; then
  echo "  (no Swift Testing test was open: the hang was outside a test, or in a non-test step)"
else
  printf '  %s\n' "$unfinished"
fi
