# lib.sh - helpers of the PostgreSQL tests (tests/pg/*.sh): the CLI
# tests' helpers (tests/cli/lib.sh) on a throwaway server started for the
# script, CERTTRACK_DB naming a fresh database of it. POSIX sh.
CERTTRACK_TEST_DB=pg
export CERTTRACK_TEST_DB
# shellcheck source=../cli/lib.sh
. "$top_srcdir/tests/cli/lib.sh"

# The server on 127.0.0.1 (TCP) instead of the socket, for database NAME.
pg_tcp() {
	printf 'host=127.0.0.1 port=%s user=%s dbname=%s' "$PG_PORT" "${2:-$PG_USER}" "$1"
}

# The database of CERTTRACK_DB: its dbname= word.
pg_dbname() {
	printf '%s\n' "$CERTTRACK_DB" | sed 's/.*dbname=\([^ ]*\).*/\1/'
}
