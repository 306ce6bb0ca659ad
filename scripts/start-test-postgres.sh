#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the store tests (Debian's postgresql package, which
# scripts/install-system-deps.sh installs) and prints `export CUTOVER_TEST_DATABASE_URL=...` for eval.
# `scripts/start-test-postgres.sh stop <dir>` stops it. initdb refuses to run as root, so root runs it as `postgres`.
set -euo pipefail
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = stop ]; then
  as_pg "$bindir/pg_ctl" -D "$2/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$2"; exit 0
fi
port="${CUTOVER_TEST_PG_PORT:-55432}"
dir="$(mktemp -d /tmp/cutover-pg.XXXXXX)"
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$bindir/initdb" -D "$dir/data" -U cutover --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
echo "export CUTOVER_TEST_DATABASE_URL=postgres://cutover@127.0.0.1:$port/postgres CUTOVER_TEST_PG_DIR=$dir"
