#!/usr/bin/env bash
# Builds a release configuration in _build-release and runs the benchmarks,
# each side by side with its baseline, printing lines
#   BENCH <name> <value> <unit>
#   build-aux/bench.sh            every benchmark
#   build-aux/bench.sh startup    only those named
# Environment: BENCH_RUNS (default 11) samples per measurement; the median is reported.
set -euo pipefail

cd "$(dirname "$0")/.."
. build-aux/deps.sh

waymark_deps bench
waymark_configure _build-release -Dbuildtype=release -Dprofile=default
meson compile -C _build-release >&2

runs="${BENCH_RUNS:-11}"
export GSETTINGS_SCHEMA_DIR="$PWD/_build-release/data"
export GTK_A11Y=none

bench_startup ()
{
  # Start-up to the first painted frame: Waymark's start page, Waymark with the
  # sample map, and an empty libadwaita window as the baseline.
  dbus-run-session -- xvfb-run -a -s "-screen 0 1600x900x24 -nolisten tcp" \
    _build-release/tests/bench/bench-startup \
      _build-release/src/app/waymark \
      _build-release/tests/bench/bench-baseline-window \
      _build-release/data/samples/online-purchase.waymark \
      "$runs"
}

bench_document ()
{
  # Open and save of a 10,000-card document beside `sqlite3 FILE .dump`,
  # generate, and the memory of `waymark-cli info` on it.
  _build-release/tests/bench/bench-document _build-release/src/cli/waymark-cli \
    _build-release/tests/bench/bench-rss "$runs"
}

bench_import ()
{
  # Raw CSV parsing throughput, and importing a 1,000,000-row survey export
  # beside sqlite3's .import of the same file, with the import's peak memory.
  _build-release/tests/bench/bench-import _build-release/src/cli/waymark-cli \
    _build-release/tests/bench/bench-rss "${BENCH_IMPORT_RUNS:-3}"
}

bench_metrics ()
{
  # NPS, CSAT, the CES mean and NPS of web answers per touchpoint by month
  # over a 1,000,000-row survey export (`metric refresh`: one pass for all
  # four), beside sqlite3's .import of the same file and the same SQL.
  _build-release/tests/bench/bench-metrics _build-release/src/cli/waymark-cli \
    _build-release/tests/bench/bench-rss "${BENCH_METRICS_RUNS:-3}"
}

bench_xlsx ()
{
  # Reading a 100,000-row, 10-column workbook through the table reader.
  _build-release/tests/bench/bench-xlsx "$(( runs < 3 ? 3 : runs ))"
}

bench_canvas ()
{
  # The canvas at 1920×1080 drawn on the CPU (gsk_render_node_draw into a
  # Cairo image surface): panning 5,000 cards beside plain Cairo + Pango,
  # 20,000 cards zoomed to fit, typing into a card, and a full layout.
  GSK_RENDERER=cairo GDK_DEBUG=gl-disable xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
    _build-release/tests/bench/bench-canvas "$runs"
}

bench_export ()
{
  # A 500-card map to a tiled A3 PDF and to SVG, with the files' sizes, beside
  # the size of Cairo's SVG surface drawing the same scene; a 20,000-card map
  # to an A3 poster at 5 % and the 500-card map to a 150 dpi PNG through the
  # CLI with their peak memory, beside plain Cairo drawing the same scenes.
  _build-release/tests/bench/bench-export "$runs" _build-release/src/cli/waymark-cli \
    _build-release/tests/bench/bench-rss "${BENCH_EXPORT_RUNS:-3}"
}

all=(startup document import metrics xlsx canvas export)
[ $# -gt 0 ] || set -- "${all[@]}"

for name in "$@"; do
  if declare -F "bench_$name" >/dev/null; then
    "bench_$name"
  else
    echo "bench.sh: no benchmark named “$name” (benchmarks: ${all[*]})" >&2
    exit 2
  fi
done
