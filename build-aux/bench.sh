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

# DuckDB's Node.js binding, for the metrics baseline only (not a dependency
# of Waymark): installed from the npm registry into the release build tree.
duckdb_command ()
{
  local dir="$PWD/_build-release/duckdb"

  command -v node >/dev/null && command -v npm >/dev/null || return 1
  mkdir -p "$dir"
  if [ ! -d "$dir/node_modules/@duckdb/node-api" ]; then
    (cd "$dir" && npm install --no-save --no-audit --no-fund --silent @duckdb/node-api@1.5.6-r.1 >&2) || return 1
  fi
  # ESM finds the package beside the script.
  cp build-aux/bench-duckdb.mjs "$dir/"
  echo "node $dir/bench-duckdb.mjs"
}

bench_metrics ()
{
  # NPS, CSAT, the CES mean and NPS of web answers per touchpoint by month
  # over a 1,000,000-row survey export (`metric refresh`: one pass for all
  # four), beside sqlite3's .import of the same file and the same SQL, and
  # beside DuckDB (2 threads) reading the file with the same SQL.
  local duckdb
  duckdb=$(duckdb_command) || { echo "bench.sh: no node/npm for the DuckDB baseline" >&2; duckdb=; }
  WAYMARK_BENCH_DUCKDB="$duckdb" _build-release/tests/bench/bench-metrics _build-release/src/cli/waymark-cli \
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
  # A 500-card map to a tiled A3 PDF, to SVG and to the shared web page (beside
  # the SVG it holds), with the files' sizes, beside
  # the size of Cairo's SVG surface drawing the same scene; a 20,000-card map
  # to an A3 poster at 5 % and the 500-card map to a 150 dpi PNG through the
  # CLI with their peak memory, beside plain Cairo drawing the same scenes.
  _build-release/tests/bench/bench-export "$runs" _build-release/src/cli/waymark-cli \
    _build-release/tests/bench/bench-rss "${BENCH_EXPORT_RUNS:-3}"
}

# median MS… — the median of some milliseconds.
median ()
{
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# ms COMMAND… — runs COMMAND (quietly) and prints how many milliseconds it took.
ms ()
{
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

bench_warehouse ()
{
  # NPS, CSAT and CES per touchpoint and month over a 10,000,000-row table in
  # a throw-away PostgreSQL server: `metric refresh` (the server computes,
  # only aggregates travel) beside the same query typed into psql, and beside
  # exporting the table to CSV and refreshing from the file; and the rows
  # the server sent back during a refresh (pg_stat_statements).
  local dir cli="$PWD/_build-release/src/cli/waymark-cli" n="${BENCH_WAREHOUSE_ROWS:-10000000}"
  local wruns="${BENCH_WAREHOUSE_RUNS:-3}" i samples psql_bin uri
  dir="$(mktemp -d "${TMPDIR:-/tmp}/waymark-bench-pg.XXXXXX")"
  # The server runs as another user (pg-cluster.sh): it must reach its folder.
  chmod 755 "$dir"
  trap 'build-aux/pg-cluster.sh stop "$dir/pg"; rm -rf "$dir"' RETURN
  eval "$(build-aux/pg-cluster.sh start "$dir/pg")"
  psql_bin="$WAYMARK_TEST_PG_BIN/psql"
  export PGHOST="$WAYMARK_TEST_PGHOST" PGDATABASE="$WAYMARK_TEST_PGDATABASE"

  PGUSER=admin PGPASSWORD="$WAYMARK_TEST_PG_ADMIN_PASSWORD" "$psql_bin" -qX -v ON_ERROR_STOP=1 >/dev/null <<SQL
CREATE TABLE survey AS
  SELECT i AS id,
         date '2025-01-01' + (abs(hashint4(i)) % 730) AS answered,
         'Touchpoint ' || (abs(hashint4(i + 1)) % 40) AS touchpoint,
         CASE WHEN i % 50 = 0 THEN NULL ELSE abs(hashint4(i + 2)) % 11 END AS nps,
         1 + abs(hashint4(i + 3)) % 5 AS csat,
         1 + abs(hashint4(i + 4)) % 7 AS ces,
         CASE WHEN i % 3 = 0 THEN 'app' ELSE 'web' END AS channel
  FROM generate_series(1, $n) AS i;
VACUUM ANALYZE survey;
SQL
  echo "BENCH warehouse-table-rows $n rows"

  export PGUSER=analyst PGPASSWORD="$WAYMARK_TEST_PG_ANALYST_PASSWORD"
  uri="postgresql://analyst@/$PGDATABASE?host=$PGHOST"
  "$cli" new "$dir/map.waymark" >/dev/null
  "$cli" data import "$dir/map.waymark" "$uri" --table survey --key touchpoint --create-cards --name survey >/dev/null
  "$cli" metric add "$dir/map.waymark" --dataset survey --name NPS --kind nps --column nps --period month >/dev/null
  "$cli" metric add "$dir/map.waymark" --dataset survey --name CSAT --kind csat --column csat --period month >/dev/null
  "$cli" metric add "$dir/map.waymark" --dataset survey --name CES --kind ces --column ces --period month >/dev/null

  samples=()
  for ((i = 0; i < wruns; i++)); do samples+=("$(ms "$cli" metric refresh "$dir/map.waymark")"); done
  echo "BENCH warehouse-nps-10m $(median "${samples[@]}") ms"

  # The same question typed into psql by an analyst: one GROUP BY touchpoint
  # and month, which the server may run in parallel (Waymark adds up the
  # whole time per touchpoint from the months itself).
  samples=()
  for ((i = 0; i < wruns; i++)); do
    samples+=("$(ms "$psql_bin" -qX -c "SELECT touchpoint, date_trunc('month', answered) AS month,
        100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / nullif(count(nps), 0) AS nps,
        100.0 * count(*) FILTER (WHERE csat >= 4) / nullif(count(csat), 0) AS csat, avg(ces) AS ces
      FROM survey GROUP BY touchpoint, month")")
  done
  echo "BENCH warehouse-nps-10m-psql $(median "${samples[@]}") ms"

  # The other way: the table to a CSV file, and the metrics from the file.
  samples=()
  for ((i = 0; i < wruns; i++)); do
    samples+=("$(ms "$psql_bin" -qX -c "\\copy survey TO '$dir/survey.csv' WITH (FORMAT csv, HEADER true)")")
  done
  echo "BENCH warehouse-export-csv-10m $(median "${samples[@]}") ms"
  "$cli" new "$dir/file.waymark" >/dev/null
  "$cli" data import "$dir/file.waymark" "$dir/survey.csv" --key touchpoint --create-cards --name survey >/dev/null
  "$cli" metric add "$dir/file.waymark" --dataset survey --name NPS --kind nps --column nps --period month >/dev/null
  "$cli" metric add "$dir/file.waymark" --dataset survey --name CSAT --kind csat --column csat --period month >/dev/null
  "$cli" metric add "$dir/file.waymark" --dataset survey --name CES --kind ces --column ces --period month >/dev/null
  samples=()
  for ((i = 0; i < wruns; i++)); do samples+=("$(ms "$cli" metric refresh "$dir/file.waymark")"); done
  echo "BENCH warehouse-nps-10m-from-csv $(median "${samples[@]}") ms"

  # What travelled during one refresh: aggregate rows only.
  PGUSER=admin PGPASSWORD="$WAYMARK_TEST_PG_ADMIN_PASSWORD" "$psql_bin" -qXAt -c "SELECT pg_stat_statements_reset()" >/dev/null
  "$cli" metric refresh "$dir/map.waymark" >/dev/null
  echo "BENCH warehouse-rows-transferred $(PGUSER=admin PGPASSWORD="$WAYMARK_TEST_PG_ADMIN_PASSWORD" "$psql_bin" -qXAt -c \
    "SELECT sum(s.rows) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'analyst'") rows"
  unset PGHOST PGDATABASE PGUSER PGPASSWORD
}

all=(startup document import metrics xlsx canvas export warehouse)
[ $# -gt 0 ] || set -- "${all[@]}"

for name in "$@"; do
  if declare -F "bench_$name" >/dev/null; then
    "bench_$name"
  else
    echo "bench.sh: no benchmark named “$name” (benchmarks: ${all[*]})" >&2
    exit 2
  fi
done
