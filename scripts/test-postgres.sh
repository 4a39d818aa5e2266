#!/usr/bin/env bash
# Run the web tests against a throwaway PostgreSQL server: the same code, DATABASE_URL set.
# Usage: scripts/test-postgres.sh [pytest args]   (needs Debian's postgresql package)
# NLC_PG_TESTS chooses the test files (default: tests/web), e.g.
#   NLC_PG_TESTS="tests/web/test_audit.py tests/web/test_backup.py" scripts/test-postgres.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ]; then
    echo "PostgreSQL server not installed (apt-get install postgresql)" >&2
    exit 1
fi
PGDATA=$(mktemp -d /tmp/nlc-pg.XXXXXX)
PORT=${NLC_PG_PORT:-54329}
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
    chown postgres "$PGDATA"
    RUN_AS=(runuser -u postgres --)
fi
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$PGDATA" -A trust -U nlc >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/log" -w \
    -o "-p $PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
trap '"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null; rm -rf "$PGDATA"' EXIT
DATABASE_URL="postgres://nlc@127.0.0.1:$PORT/postgres" \
    "$PYTHON" -m pytest ${NLC_PG_TESTS:-tests/web} -p no:cacheprovider -q -k "not browser" "$@"
