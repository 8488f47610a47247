# lib.sh - helpers of the command-line tests, sourced by tests/cli/*.sh.
# POSIX sh. make check sets $CERTTRACK (the binary) and $top_srcdir.
#
# Each test script gets a private temporary folder with its own database,
# HOME and XDG_DATA_HOME, a fixed user and clock, and is cleaned up on
# exit. Cases print one line each; the first failure prints what was run,
# the expected and the actual value (as a diff where it helps), and exits 1.
#
#   t_case "what this case checks"
#   run ARGS...              run certtrack; sets RC, output in $OUT / $ERR
#   expect_rc N              exit code
#   expect_out_has TEXT      stdout contains TEXT (fixed string)
#   expect_err_has TEXT      stderr contains TEXT
#   expect_err_not_has TEXT
#   expect_one_line_err      stderr is exactly one line
#   expect_json FILTER WANT  jq -r FILTER on stdout prints WANT
#   expect_jq FILTER         jq -e FILTER on stdout is true
#   expect_same_bytes FILE WANTFILE
#   checksum FILE            prints a checksum (cksum) of FILE

set -u

: "${CERTTRACK:?set CERTTRACK to the certtrack binary (make check does)}"
: "${top_srcdir:?set top_srcdir to the source tree (make check does)}"

T_NAME=$(basename "$0" .sh)
T_CASE=""
T_CASES=0

if ! command -v jq >/dev/null 2>&1; then
	echo "SKIP: $T_NAME needs jq (Debian/Fedora package jq)"
	exit 77
fi

T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/certtrack-$T_NAME.XXXXXX") || exit 99
t_cleanup() {
	[ "${T_PG:-0}" = 1 ] && [ -z "${CERTTRACK_TEST_PG:-}" ] && pg_server_stop
	# Read-only files and folders the tests made.
	chmod -R u+rwX "$T_DIR" 2>/dev/null
	rm -rf "$T_DIR"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM HUP

OUT="$T_DIR/stdout"
ERR="$T_DIR/stderr"
RC=0

HOME="$T_DIR/home"
XDG_DATA_HOME="$T_DIR/home/.local/share"
CERTTRACK_DB="$T_DIR/certtrack.db"
# CERTTRACK_TEST_DB=pg: the same cases on a fresh database of a PostgreSQL
# server, started for this script (tests/pg/server.sh) or, with
# CERTTRACK_TEST_PG=SOCKET_DIR:PORT, one that runs already.
T_PG=0
if [ "${CERTTRACK_TEST_DB:-sqlite}" = pg ]; then
	T_PG=1
	. "$top_srcdir/tests/pg/server.sh"
	if [ -n "${CERTTRACK_TEST_PG:-}" ]; then
		PG_SOCK=${CERTTRACK_TEST_PG%:*} PG_PORT=${CERTTRACK_TEST_PG##*:}
	else
		pg_server_start "$T_DIR/pg"
		t_rc=$?
		if [ "$t_rc" = 77 ]; then
			echo "SKIP: $T_NAME on PostgreSQL: $PG_SKIP"
			exit 77
		fi
		[ "$t_rc" = 0 ] || { echo "could not start PostgreSQL" >&2; exit 99; }
	fi
	CERTTRACK_DB=$(pg_createdb "ct_$(echo "$T_NAME" | tr -c 'a-z0-9_\n' _)_$$") || exit 99
fi
CERTTRACK_USER=tester
CERTTRACK_NOW=2024-05-06T07:08:09Z
NOW=$CERTTRACK_NOW
NO_COLOR=1
LC_ALL=${LC_ALL:-C.UTF-8}
export HOME XDG_DATA_HOME CERTTRACK_DB CERTTRACK_USER CERTTRACK_NOW NO_COLOR LC_ALL
unset CERTTRACK_TEMPLATES
mkdir -p "$HOME"

# The test templates (tests/templates).
TEMPLATES="$top_srcdir/tests/templates"

# A sanitizer report must fail the case, not pass for exit code 1.
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}abort_on_error=1"
export UBSAN_OPTIONS

# make check-valgrind: run the binary under valgrind (not with sanitizers).
T_WRAP=""
if [ "${CERTTRACK_VALGRIND:-0}" = 1 ]; then
	T_WRAP="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
fi

# The example project of the guide.
NAME=rhosp16-openstack-cinder-volume-myplugin

t_case() {
	T_CASE=$*
	T_CASES=$((T_CASES + 1))
	printf '%s: %s\n' "$T_NAME" "$T_CASE"
}

t_skip() {
	printf '%s:   skipped: %s\n' "$T_NAME" "$*"
}

# t_file_only REASON: true when the database is an SQLite file; on
# PostgreSQL the current case is reported skipped with REASON. Use as
#   if t_file_only "runs sqlite3 on the file"; then ...; fi
t_file_only() {
	[ "$T_PG" = 0 ] && return 0
	t_skip "PostgreSQL: $*"
	return 1
}

T_LAST=""

# Prints the last command and its output, then exits 1.
fail() {
	{
		printf '\nFAIL: %s: %s\n' "$T_NAME" "$T_CASE"
		printf '  %s\n' "$*"
		if [ -n "$T_LAST" ]; then
			printf '  command: %s\n' "$T_LAST"
			printf '  exit code: %s\n' "$RC"
			printf '  stdout (first 40 lines):\n'
			sed -n '1,40s/^/    | /p' "$OUT" 2>/dev/null | cut -c1-300
			printf '  stderr (first 40 lines):\n'
			sed -n '1,40s/^/    | /p' "$ERR" 2>/dev/null | cut -c1-300
		fi
	} >&2
	exit 1
}

# run ARGS...: the binary with stdin from /dev/null.
run() {
	T_LAST="certtrack $*"
	# shellcheck disable=SC2086
	$T_WRAP "$CERTTRACK" "$@" <"/dev/null" >"$OUT" 2>"$ERR"
	RC=$?
	t_check_crash
}

t_check_crash() {
	if [ "$RC" -ge 99 ]; then
		fail "crashed or sanitizer/valgrind error (exit $RC)"
	fi
	if grep -E -q 'Sanitizer|runtime error:' "$ERR"; then
		fail "sanitizer report on stderr"
	fi
	return 0
}

# run_env VAR=VALUE... -- ARGS...: run with extra environment.
run_env() {
	t_env=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		t_env="$t_env $1"
		shift
	done
	[ $# -gt 0 ] && shift
	T_LAST="env$t_env certtrack $*"
	# shellcheck disable=SC2086
	env $t_env $T_WRAP "$CERTTRACK" "$@" <"/dev/null" >"$OUT" 2>"$ERR"
	RC=$?
	t_check_crash
}

expect_rc() {
	[ "$RC" = "$1" ] || fail "exit code: expected $1, got $RC"
}

expect_out_has() {
	grep -F -q -e "$1" "$OUT" || fail "stdout does not contain: $1"
}

expect_out_not_has() {
	if grep -F -q -e "$1" "$OUT"; then fail "stdout contains: $1"; fi
}

expect_err_has() {
	grep -F -q -e "$1" "$ERR" || fail "stderr does not contain: $1"
}

expect_err_not_has() {
	if grep -F -q -e "$1" "$ERR"; then fail "stderr contains: $1"; fi
}

expect_out_empty() {
	[ ! -s "$OUT" ] || fail "stdout is not empty"
}

# One line of message on stderr, naming the problem.
expect_one_line_err() {
	t_n=$(wc -l <"$ERR" | tr -d ' ')
	[ "$t_n" = 1 ] || fail "stderr: expected exactly one line, got $t_n"
}

# The first line of stderr contains TEXT (a message followed by usage).
expect_first_err_line_has() {
	head -n 1 "$ERR" | grep -F -q -e "$1" || fail "first line of stderr does not contain: $1"
}

# stdout is one valid JSON document.
expect_valid_json() {
	jq -e . "$OUT" >/dev/null 2>&1 || fail "stdout is not valid JSON"
}

# expect_json FILTER WANT: jq -r FILTER on stdout prints exactly WANT.
expect_json() {
	t_got=$(jq -r "$1" "$OUT" 2>&1) || fail "jq $1 failed: $t_got"
	if [ "$t_got" != "$2" ]; then
		printf '%s\n' "$2" >"$T_DIR/want"
		printf '%s\n' "$t_got" >"$T_DIR/got"
		t_diff=$(diff -u "$T_DIR/want" "$T_DIR/got" | sed '1,2d')
		fail "jq '$1': expected (-) vs actual (+):
$t_diff"
	fi
}

# expect_jq FILTER: jq -e FILTER on stdout is true.
expect_jq() {
	jq -e "$1" "$OUT" >/dev/null 2>&1 || fail "JSON check failed: $1
  value: $(jq -c . "$OUT" 2>/dev/null | cut -c1-400)"
}

# expect_json_value FILTER FILE: jq -j FILTER on stdout equals FILE's bytes.
expect_json_bytes() {
	jq -j "$1" "$OUT" >"$T_DIR/got" 2>/dev/null || fail "jq $1 failed"
	if ! cmp -s "$2" "$T_DIR/got"; then
		fail "jq '$1': stored value differs from what was given
  expected: $(od -c "$2" | head -n 5)
  actual:   $(od -c "$T_DIR/got" | head -n 5)"
	fi
}

checksum() {
	cksum <"$1"
}

expect_same_bytes() {
	cmp -s "$1" "$2" || fail "$1 changed (differs from $2)"
}

# Mode bits of a file as octal, e.g. 600.
file_mode() {
	stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"
}

# t_done: the summary line.
t_done() {
	printf '%s: %d cases passed\n' "$T_NAME" "$T_CASES"
	exit 0
}
