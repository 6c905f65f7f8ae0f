#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in _build-fuzz (clang,
# -Dfuzzing=true, AddressSanitizer and UndefinedBehaviorSanitizer) and runs
# each for SECONDS (default 60) on a scratch copy of its seed corpus, so the
# corpus in the repository only grows by regression inputs committed on
# purpose. Prints one line per target:
#   FUZZ fuzz-csv 60 s: 123456 runs, 2057 exec/s, no findings
# and exits non-zero if any target found a crash, leak, timeout, memory
# blow-up or sanitizer report; the input that did it is under
# _build-fuzz/fuzz-artifacts/ and its path is printed.
#
#   build-aux/fuzz.sh [SECONDS]
#
# Reproduce a finding: _build-fuzz/tests/fuzz/fuzz-csv FILE
set -uo pipefail

cd "$(dirname "$0")/.."
. build-aux/deps.sh

waymark_deps fuzz || exit 1

seconds="${1:-60}"
case "$seconds" in
  ''|*[!0-9]*) echo "Usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

dir=_build-fuzz
# target corpus max_len
targets=(
  "fuzz-csv csv 65536"
  "fuzz-xlsx xlsx 262144"
  "fuzz-ods ods 262144"
  "fuzz-document document 262144"
  "fuzz-svg-export svg-export 262144"
)

if [ -f "$dir/build.ninja" ] && ! meson introspect "$dir" --buildoptions 2>/dev/null |
     python3 -c 'import json,sys; sys.exit(0 if any(o["name"] == "fuzzing" and o["value"] for o in json.load(sys.stdin)) else 1)'; then
  echo "fuzz.sh: $dir exists but is not a fuzzing build; remove it" >&2
  exit 1
fi
CC=clang waymark_configure "$dir" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
  -Dbuildtype=debugoptimized || exit 1
names=()
for t in "${targets[@]}"; do
  set -- $t
  names+=("$1")
done
# Regenerate first when meson.build changed: a new target is unknown until then.
ninja -C "$dir" build.ninja >/dev/null || exit 1
meson compile -C "$dir" "${names[@]}" || exit 1

export ASAN_OPTIONS="detect_leaks=1:detect_odr_violation=0:allocator_may_return_null=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
export LC_ALL=C.UTF-8

scratch="$dir/fuzz-scratch"
artifacts="$dir/fuzz-artifacts"
rm -rf "$scratch"
mkdir -p "$scratch" "$artifacts"
export TMPDIR="$PWD/$scratch"

status=0
for t in "${targets[@]}"; do
  set -- $t
  name="$1" corpus="$2" max_len="$3"
  log="$scratch/$name.log"

  cp -r "tests/fuzz/corpus/$corpus" "$scratch/corpus-$corpus"
  chmod -R u+w "$scratch/corpus-$corpus"

  "$dir/tests/fuzz/$name" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=600 \
    -print_final_stats=1 -artifact_prefix="$PWD/$artifacts/$name-" \
    "$scratch/corpus-$corpus" >"$log" 2>&1
  rc=$?

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  found=$(sed -n 's/.*Test unit written to //p' "$log")

  if [ $rc -eq 0 ] && [ -z "$found" ]; then
    echo "FUZZ $name $seconds s: ${runs:-?} runs, ${speed:-?} exec/s, no findings"
  else
    status=1
    echo "FUZZ $name $seconds s: ${runs:-?} runs, ${speed:-?} exec/s, FINDING (exit $rc)"
    grep -E '^==[0-9]+==ERROR|SUMMARY:|runtime error:|^fuzz: |ERROR: libFuzzer' "$log" | head -5 | sed 's/^/  /'
    [ -n "$found" ] && echo "  input: $found"
    echo "  log: $log"
  fi
done

exit $status
