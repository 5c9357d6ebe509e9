#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on a loopback port for the test suite and prints its URL; `replica` then
# starts a streaming replica of it on the next port and prints that URL.
# Usage: scripts/pg-test-cluster.sh start|replica|stop   (MIZAN_PG_DIR, MIZAN_PG_PORT to override)
set -euo pipefail
dir=${MIZAN_PG_DIR:-/tmp/mizan-test-pg}
port=${MIZAN_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

# initdb refuses to run as root, so the cluster belongs to the postgres user when we are root.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    # A cluster (and its replica) left running by an earlier run is stopped before its folder goes.
    for old in "$dir/replica" "$dir/data"; do
      if [ -f "$old/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$old" -m immediate stop >/dev/null 2>&1 || true; fi
    done
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U mizan --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # Loopback only, trust auth: a disposable cluster for tests, never a deployment.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    echo "postgres://mizan@127.0.0.1:$port/postgres"
    ;;
  replica)
    replica_port=$((port + 1))
    if [ -f "$dir/replica/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/replica" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir/replica"
    # A copy of the running server that keeps following its write-ahead log (-R writes the standby settings).
    as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U mizan -D "$dir/replica" -R -X stream
    as_owner "$bin/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w \
      -o "-p $replica_port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c hot_standby=on" start >/dev/null
    echo "postgres://mizan@127.0.0.1:$replica_port/postgres"
    ;;
  stop)
    if [ -f "$dir/replica/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/replica" -m fast stop >/dev/null; fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    ;;
  *) echo "usage: $0 start|replica|stop" >&2; exit 2 ;;
esac
