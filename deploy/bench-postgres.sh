#!/bin/sh
# Starts a throwaway PostgreSQL cluster sized as one sizes a database server
# for this machine (shared_buffers a quarter of memory, effective_cache_size
# three quarters), for benchmarks that should not depend on a shared server's
# stock settings or change them. Prints the URL to give the benchmarks:
#
#   eval "$(deploy/bench-postgres.sh)"   # sets ONEFUNNEL_TEST_DATABASE_URL
#   make bench-reports
#   deploy/bench-postgres.sh stop
#
# DIR (default /tmp/onefunnel-bench-pg) holds the cluster, PORT (5433) is
# its port on 127.0.0.1. Run as root, it runs PostgreSQL as the postgres user.
set -eu
DIR=${DIR:-/tmp/onefunnel-bench-pg}
PORT=${PORT:-5433}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || BIN=$(dirname "$(command -v initdb)")
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "${1:-}" = stop ]; then
	as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop
	rm -rf "$DIR"
	exit 0
fi
mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
if [ ! -d "$DIR/data" ]; then
	mkdir -p "$DIR"
	[ "$(id -u)" != 0 ] || chown postgres "$DIR"
	as_pg "$BIN/initdb" -D "$DIR/data" -U postgres -A trust --no-sync >/dev/null
fi
as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1 ||
	as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w start -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 \
		-c shared_buffers=$((mem_kb / 4))kB -c effective_cache_size=$((mem_kb * 3 / 4))kB \
		-c max_wal_size=8GB -c checkpoint_timeout=30min" >/dev/null
echo "export ONEFUNNEL_TEST_DATABASE_URL='postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable'"
