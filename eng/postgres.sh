#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks (DEPENDENCIES.md "PostgreSQL for tests").
#
#   eng/postgres.sh run -- COMMAND...   start a cluster on a free port, export RELEASEGATE_TEST_POSTGRES (a connection string to
#                                       its 'postgres' database; tests create their own databases), run COMMAND, stop and delete
#                                       the cluster on exit; exits with COMMAND's status
#   eng/postgres.sh available           exit 0 when the PostgreSQL server binaries exist
#
# PGBIN overrides where the binaries are (default: the newest /usr/lib/postgresql/*/bin). As root, initdb runs as 'postgres'.
# The cluster runs with fsync=off: it is for tests only.
set -euo pipefail

find_pgbin() {
  if [ -n "${PGBIN:-}" ] && [ -x "$PGBIN/initdb" ]; then echo "$PGBIN"; return 0; fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

# Below the kernel's ephemeral range (32768-60999 here), so that no client socket of a test, still in TIME-WAIT, holds the
# port the cluster binds; a port that is busy anyway is skipped, and a failed start tries the next one.
free_port() {
  local port
  for port in $(seq "${1:-25432}" 25532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port between 25432 and 25532" >&2
  return 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  available)
    find_pgbin >/dev/null
    ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || { echo "usage: eng/postgres.sh run -- COMMAND..." >&2; exit 2; }
    pgbin=$(find_pgbin) || { echo "PostgreSQL server binaries not found (apt-get install -y postgresql-15)" >&2; exit 2; }
    pgdata=$(mktemp -d /tmp/releasegate-pg.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pgdata"; fi
    chmod 700 "$pgdata"
    stop() {
      as_owner "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
      rm -rf "$pgdata"
    }
    trap stop EXIT
    as_owner "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >/dev/null
    port=25431
    for attempt in 1 2 3 4 5; do
      port=$(free_port $((port + 1)))
      if as_owner "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdata -c fsync=off -c max_connections=200" start >/dev/null; then
        break
      fi
      if [ "$attempt" -eq 5 ]; then
        echo "PostgreSQL did not start; its log:" >&2; tail -n 20 "$pgdata/server.log" >&2; exit 2
      fi
    done
    export RELEASEGATE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    export RELEASEGATE_PG_BIN="$pgbin" RELEASEGATE_PG_PORT="$port"
    echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (RELEASEGATE_TEST_POSTGRES=$RELEASEGATE_TEST_POSTGRES)" >&2
    set +e
    "$@"
    status=$?
    set -e
    exit "$status"
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
