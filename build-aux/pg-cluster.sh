#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and the warehouse benchmark.
#
#   build-aux/pg-cluster.sh start DIR   creates DIR, starts a server in it and
#                                       prints the environment the tests read
#                                       (source it: eval "$(… start DIR)")
#   build-aux/pg-cluster.sh stop DIR    stops it and removes DIR
#
# The server listens on a Unix socket in DIR only (no TCP), runs as an
# unprivileged user (nobody, when started by root: initdb refuses root), asks
# every client for a scram-sha-256 password, and loads pg_stat_statements so
# that the tests can see what each query returned. Two roles: an
# administrator that sets up the tests' tables, and "analyst", who may only
# read them — the role Waymark connects as.
set -euo pipefail

command="${1:-}"
dir="${2:-}"
if [ -z "$command" ] || [ -z "$dir" ]; then
  echo "usage: build-aux/pg-cluster.sh start|stop DIR" >&2
  exit 2
fi

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bindir="$candidate"
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
  bindir="$(dirname "$(command -v initdb)")"
fi
if [ -z "$bindir" ]; then
  echo "pg-cluster.sh: no PostgreSQL server (apt-get install postgresql)" >&2
  exit 1
fi

# as_owner COMMAND… — runs COMMAND as the cluster's owner.
as_owner ()
{
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    chmod 755 "$dir"
    admin_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    analyst_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    mkdir -p "$dir/data" "$dir/socket" "$dir/log"
    printf '%s\n' "$admin_password" >"$dir/admin.pw"
    if [ "$(id -u)" -eq 0 ]; then
      chown nobody "$dir/data" "$dir/socket" "$dir/log" "$dir/admin.pw"
    fi
    chmod 700 "$dir/data"
    chmod 755 "$dir/socket"
    as_owner "$bindir/initdb" -D "$dir/data" -U admin --pwfile="$dir/admin.pw" \
      --auth-local=scram-sha-256 --auth-host=reject -E UTF8 --locale=C.UTF-8 >"$dir/log/initdb.log" 2>&1 || {
      cat "$dir/log/initdb.log" >&2
      exit 1
    }
    rm -f "$dir/admin.pw"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir/socket' -c fsync=off \
          -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all \
          -c max_parallel_workers_per_gather=2" >/dev/null || {
      cat "$dir/log/server.log" >&2
      exit 1
    }
    PGHOST="$dir/socket" PGUSER=admin PGPASSWORD="$admin_password" PGDATABASE=postgres \
      "$bindir/psql" -q -v ON_ERROR_STOP=1 -X >/dev/null <<SQL
CREATE DATABASE waymark_test;
\c waymark_test
CREATE EXTENSION pg_stat_statements;
CREATE ROLE analyst LOGIN PASSWORD '$analyst_password';
GRANT pg_read_all_data TO analyst;
GRANT pg_read_all_stats TO analyst;
SQL
    cat <<ENV
export WAYMARK_TEST_PG_DIR='$dir'
export WAYMARK_TEST_PG_BIN='$bindir'
export WAYMARK_TEST_PGHOST='$dir/socket'
export WAYMARK_TEST_PGDATABASE=waymark_test
export WAYMARK_TEST_PG_ADMIN_PASSWORD='$admin_password'
export WAYMARK_TEST_PG_ANALYST_PASSWORD='$analyst_password'
ENV
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: build-aux/pg-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
