#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the store's tests and print its URL.
#
#   eval "$(bash .ci/postgres.sh [PORT])"   # exports LINNEDATA_TEST_PG_URL (default: a free port)
#
# Uses Debian's postgresql binaries (/usr/lib/postgresql/<version>/bin). The cluster lives in
# a fresh temporary folder owned by the `postgres` user (initdb refuses to run as root), listens
# on 127.0.0.1 only, trusts local connections, and is stopped by `pg_ctl -D <dir> stop`
# (the folder is printed as LINNEDATA_TEST_PG_DIR).
set -euo pipefail
PORT="${1:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
[ -x "$BIN/initdb" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
DIR="$(mktemp -d /tmp/linnedata-pg.XXXXXX)"
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi
as_pg "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null \
    || { cat "$DIR/server.log" >&2; exit 1; }
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres linnedata_test
echo "export LINNEDATA_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/linnedata_test"
echo "export LINNEDATA_TEST_PG_DIR=$DIR/data"
