#!/bin/sh
# run.sh - make check's PG_LOG_COMPILER: tests/cli/X_pg.pg (or tests/tui/X_pg.pg)
# is tests/cli/X.sh run with CERTTRACK_TEST_DB=pg, on a fresh database of
# a throwaway PostgreSQL server, so that every CLI and TUI test runs on
# both backends and shows as two results.
set -u
: "${top_srcdir:?}"
t=$1
dir=$(basename "$(dirname "$t")")
name=$(basename "$t" _pg.pg)
CERTTRACK_TEST_DB=pg
export CERTTRACK_TEST_DB
exec "${SHELL:-/bin/sh}" "$top_srcdir/tests/$dir/$name.sh"
