#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + AddressSanitizer, see Docs/Fuzzing.md) and runs each
# for a short time on its seed corpus. Exits non-zero on a crash and prints the reproducer.
#
#   Scripts/fuzz.sh [--seconds N] [--target GRPCDeframing|ResponseHeaders|WatchStreamState|LeaseKeepAliveState|HTTP2Session|Snapshot|ResponseDecoding|ResponseConversion|EndpointParsing]... [--jobs N] [-- libFuzzer flags]
#   Scripts/fuzz.sh --target GRPCDeframing --reproduce fuzz-out/GRPCDeframing/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
targets=()
reproduce=""
jobs=1
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    --reproduce) reproduce="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(GRPCDeframing ResponseHeaders WatchStreamState LeaseKeepAliveState HTTP2Session Snapshot ResponseDecoding ResponseConversion EndpointParsing)

scratch=.build-fuzz
binary="$scratch/etcd3-fuzz"
out=fuzz-out

max_len() {
  case "$1" in
    GRPCDeframing) echo 4194304 ;;  # 4 MiB: the largest response body the tests care about
    ResponseHeaders) echo 16384 ;;
    WatchStreamState|LeaseKeepAliveState) echo 16384 ;;
    HTTP2Session) echo 65536 ;;
    Snapshot) echo 262144 ;;  # 256 KiB: several 32 KiB chunks
    ResponseDecoding|ResponseConversion) echo 65536 ;;
    EndpointParsing) echo 512 ;;
    *) echo "fuzz.sh: unknown target $1 (GRPCDeframing, ResponseHeaders, WatchStreamState, LeaseKeepAliveState, HTTP2Session, Snapshot, ResponseDecoding, ResponseConversion, EndpointParsing)" >&2; exit 2 ;;
  esac
}

# 1. Build the harness module and its dependencies with coverage instrumentation and ASan
#    (a separate scratch path, so the normal .build is untouched), then link one executable
#    with libFuzzer's main. The target is chosen at run time by ETCD3_FUZZ_TARGET.
#    -enable-testing lets ResponseConversion reach the client's internal conversions.
start=$(date +%s)
swift build -c release --scratch-path "$scratch" --target Etcd3Fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -warnings-as-errors \
  -Xswiftc -enable-testing -Xswiftc -DETCD3_FUZZ_TESTABLE
# Etcd3 also links swift-service-lifecycle (its `Service` conformance) and what that depends on.
objects=("$scratch"/release/{Etcd3Fuzz,Etcd3,Etcd3Messages,CEtcd3Protos,Etcd3Transport,Logging,ServiceLifecycle,UnixSignals,ConcurrencyHelpers,AsyncAlgorithms,DequeModule,OrderedCollections,InternalCollectionsUtilities}.build/*.o)
relink=0
[ -x "$binary" ] || relink=1
for o in "${objects[@]}"; do [ "$o" -nt "$binary" ] && relink=1; done
if [ "$relink" = 1 ]; then
  # ld.gold warns about every ASan helper symbol it cannot export; the warnings are harmless.
  swiftc -sanitize=fuzzer,address "${objects[@]}" $(pkg-config --libs libnghttp2 openssl libprotobuf-c) -o "$binary" \
    2> >(grep -v "Cannot export local symbol" >&2)
fi
echo "== fuzz build took $(( $(date +%s) - start ))s"

export SWIFT_BACKTRACE=enable=no   # libFuzzer prints the stack; skip Swift's slower backtracer
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"

if [ -n "$reproduce" ]; then
  [ ${#targets[@]} -eq 1 ] || { echo "fuzz.sh: --reproduce needs exactly one --target" >&2; exit 2; }
  ETCD3_FUZZ_TARGET="${targets[0]}" exec "$binary" -rss_limit_mb=2048 -malloc_limit_mb=64 "$reproduce"
fi

# 2. Run each target. New inputs go to a scratch corpus; the committed seeds are read only.
status=0
for target in "${targets[@]}"; do
  len=$(max_len "$target")
  work="$scratch/corpus/$target"
  artifacts="$out/$target/"
  mkdir -p "$work" "$artifacts"
  dict=()
  parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
  [ -f "Tests/Fuzz/Dictionaries/$target.dict" ] && dict=(-dict="Tests/Fuzz/Dictionaries/$target.dict")
  log="$out/$target.log"
  echo "== fuzz $target for ${seconds}s (max_len $len)"
  set +e
  ETCD3_FUZZ_TARGET="$target" "$binary" "$work" "Tests/Fuzz/Corpus/$target" \
    -max_total_time="$seconds" -max_len="$len" -rss_limit_mb=2048 -malloc_limit_mb=64 -timeout=10 \
    "${parallel[@]}" -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" "${extra[@]}" \
    >"$log" 2>&1
  rc=$?
  set -e
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$log" | sed 's/^/   /' || true
  if [ $rc -ne 0 ]; then
    status=1
    echo "!! fuzz target $target failed (exit $rc); log: $log" >&2
    grep -E "Fatal error|ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|SUMMARY" "$log" | head -5 >&2 || true
    for file in $(grep -o "Test unit written to .*" "$log" | sed 's/Test unit written to //'); do
      echo "!! reproducer: $file   (replay: Scripts/fuzz.sh --target $target --reproduce $file)" >&2
    done
  fi
done
echo "== fuzzing took $(( $(date +%s) - start ))s in total"
exit $status
