#!/usr/bin/env bash
# Run a command with LINNEDATA_TEST_PG_URL set: the server it names when already set, else a
# throw-away PostgreSQL on loopback (.ci/postgres.sh), stopped when the command ends.
#
#   bash .ci/with-postgres.sh .venv/bin/python -m pytest
set -euo pipefail
if [ -n "${LINNEDATA_TEST_PG_URL:-}" ]; then
    exec "$@"
fi
eval "$(bash "$(dirname "$0")/postgres.sh")"
stop_postgres() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$bin/pg_ctl" -D "$LINNEDATA_TEST_PG_DIR" -m fast stop >/dev/null 2>&1 || true
    else
        "$bin/pg_ctl" -D "$LINNEDATA_TEST_PG_DIR" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$(dirname "$LINNEDATA_TEST_PG_DIR")"
}
trap stop_postgres EXIT
"$@"
