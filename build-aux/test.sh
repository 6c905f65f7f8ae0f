#!/usr/bin/env bash
# Builds Waymark and runs every test suite twice: in _build, and in
# _build-asan with AddressSanitizer and UndefinedBehaviorSanitizer.
# The core and packaging suites run without a display; the ui suite runs
# under dbus-run-session and xvfb-run. The last line printed is
#   N passed, N failed, N skipped
# and the exit status is non-zero if anything failed.
#
#   build-aux/test.sh --valgrind
# instead runs only the core suite in _build under valgrind's memcheck
# (tests/valgrind.supp names third-party noise only), with ten times the
# usual timeouts, and prints the same last line.
# Installs missing dependencies first (Debian/Ubuntu; apt-get as root or via sudo,
# Chromium among them for the web page's tests), and starts a throw-away PostgreSQL
# server for the data tests (build-aux/pg-cluster.sh).
set -uo pipefail

cd "$(dirname "$0")/.."
. build-aux/deps.sh

valgrind=0
case "${1:-}" in
  --valgrind) valgrind=1 ;;
  "") ;;
  *) echo "usage: build-aux/test.sh [--valgrind]" >&2; exit 2 ;;
esac

waymark_deps test || exit 1

if [ $valgrind -eq 1 ] && ! command -v valgrind >/dev/null 2>&1; then
  echo "test.sh: --valgrind needs valgrind (apt-get install valgrind)" >&2
  exit 1
fi

status=0
logs=()

# A throw-away PostgreSQL server for the data tests, stopped at the end,
# pass or fail. Required: without it those tests fail rather than skip.
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/waymark-pg.XXXXXX")"
trap 'build-aux/pg-cluster.sh stop "$pg_dir"' EXIT
if pg_env="$(build-aux/pg-cluster.sh start "$pg_dir")"; then
  eval "$pg_env"
else
  echo "test.sh: could not start the PostgreSQL server for the tests" >&2
fi
export WAYMARK_TEST_PG_REQUIRED=1
# The shared web page is tested in Chromium (installed above): fail rather than skip.
export WAYMARK_TEST_BROWSER_REQUIRED=1

# run_suites BUILDDIR NAME — runs the three suites in BUILDDIR.
run_suites ()
{
  local dir="$1" name="$2"

  echo "== $name: core, slow and packaging (no display)"
  env -u DISPLAY -u WAYLAND_DISPLAY \
    meson test -C "$dir" --no-rebuild --print-errorlogs --suite core --suite slow --suite packaging \
      --logbase "$name-core" || status=1
  logs+=("$dir/meson-logs/$name-core.json")

  echo "== $name: ui (Xvfb)"
  # One at a time: windows of two test programs on one display take the
  # focus from each other, which GTK 4.8 answers with objects it leaks.
  # GLib and GTK are built without frame pointers: only the slow unwinder
  # reaches the frames that tests/lsan.supp names for GTK's own leaks.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1600x900x24 -nolisten tcp" \
    meson test -C "$dir" --no-rebuild --print-errorlogs --suite ui --num-processes 1 \
      --logbase "$name-ui" || status=1
  logs+=("$dir/meson-logs/$name-ui.json")
}

build ()
{
  local dir="$1"; shift
  rm -f "$dir"/meson-logs/*.json
  waymark_configure "$dir" "$@" && meson compile -C "$dir"
}

# run_valgrind BUILDDIR — the core suite under memcheck. Definite leaks
# are errors; GLib's slice allocator is bypassed so that they show.
run_valgrind ()
{
  local dir="$1"

  echo "== valgrind: core (no display)"
  G_SLICE=always-malloc env -u DISPLAY -u WAYLAND_DISPLAY \
    meson test -C "$dir" --no-rebuild --print-errorlogs --suite core --suite slow -t 10 \
      --wrapper "valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --suppressions=$PWD/tests/valgrind.supp -q" \
      --logbase valgrind-core || status=1
  # meson names the log after the wrapper too.
  logs+=("$dir/meson-logs/valgrind-core-valgrind.json")
}

# Warnings are errors here, as in CI: a warning is a defect to fix, not to read past.
if build _build -Dprofile=development -Dwerror=true; then
  if [ $valgrind -eq 1 ]; then
    run_valgrind _build
  else
    run_suites _build plain
  fi
else
  echo "test.sh: the build in _build failed" >&2
  status=1
fi

if [ $valgrind -eq 0 ]; then
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_odr_violation=0"
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  # GLib 2.74 still has the slice allocator, which hides GObject leaks from LeakSanitizer.
  export G_SLICE=always-malloc
  if build _build-asan -Dprofile=default -Db_sanitize=address,undefined -Dbuildtype=debug -Dwerror=true; then
    run_suites _build-asan sanitized
  else
    echo "test.sh: the sanitizer build in _build-asan failed" >&2
    status=1
  fi
fi

# Count meson's results over every run.
python3 - "${logs[@]}" <<'PY'
import json, sys, os
passed = failed = skipped = 0
for path in sys.argv[1:]:
    if not os.path.exists(path):
        failed += 1
        continue
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
[ $? -eq 0 ] || status=1

exit $status
