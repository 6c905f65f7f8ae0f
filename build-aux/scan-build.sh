#!/usr/bin/env bash
# Runs the clang static analyzer (scan-build) over a fresh build of
# everything in _build-scan and fails if it reports anything; the HTML
# reports go to _build-scan/reports/.
#   build-aux/scan-build.sh
# Installs clang-tools when missing (Debian/Ubuntu).
set -euo pipefail

cd "$(dirname "$0")/.."
. build-aux/deps.sh

waymark_deps build
if ! command -v scan-build >/dev/null 2>&1; then
  if [ -n "${WAYMARK_SKIP_DEPS:-}" ]; then
    echo "scan-build.sh: needs scan-build (clang-tools)" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang clang-tools
fi

rm -rf _build-scan
# The analyzer must see every compilation: configure through it, then build.
scan-build meson setup _build-scan -Dprofile=default -Dbuildtype=debug >/dev/null
# Two checkers are off: clang 14's analyzer does not model
# __attribute__((cleanup)), so unix.Malloc calls every g_autofree and
# g_autoptr a leak, and deadcode.DeadStores calls a value kept in one
# "never read" (the cleanup reads it). Leaks are LeakSanitizer's and
# valgrind's (build-aux/test.sh); -Wunused catches the rest.
scan-build -o _build-scan/reports --status-bugs \
  --exclude _build-scan --exclude /usr \
  -disable-checker unix.Malloc -disable-checker deadcode.DeadStores \
  ninja -C _build-scan
echo "scan-build.sh: no reports"
