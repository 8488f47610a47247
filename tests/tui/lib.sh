# lib.sh - helpers for the TUI tests: the real binary in a private tmux
# server at a fixed size, with a fixed clock and user, a temporary
# database and a temporary home. Sourced by tests/tui/*.sh.
set -u

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed: skipping"
	exit 77
fi
: "${CERTTRACK:?CERTTRACK must name the binary}"

TUI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/certtrack-tui.XXXXXX")
TUI_SOCK_BASE="ct-$$-$(basename "$0" .sh)"
TUI_RUN=0
TUI_SOCK="$TUI_SOCK_BASE-0"
export HOME="$TUI_TMP/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
export CERTTRACK_DB="$TUI_TMP/test.db"
# CERTTRACK_TEST_DB=pg: a fresh database of a PostgreSQL server instead
# (see tests/cli/lib.sh).
TUI_PG=0
if [ "${CERTTRACK_TEST_DB:-sqlite}" = pg ]; then
	TUI_PG=1
	: "${top_srcdir:?}"
	. "$top_srcdir/tests/pg/server.sh"
	if [ -n "${CERTTRACK_TEST_PG:-}" ]; then
		PG_SOCK=${CERTTRACK_TEST_PG%:*} PG_PORT=${CERTTRACK_TEST_PG##*:}
	else
		pg_server_start "$TUI_TMP/pg"
		tui_rc=$?
		if [ "$tui_rc" = 77 ]; then
			echo "SKIP: on PostgreSQL: $PG_SKIP"
			rm -rf "$TUI_TMP"
			exit 77
		fi
		[ "$tui_rc" = 0 ] || { echo "could not start PostgreSQL" >&2; exit 99; }
	fi
	CERTTRACK_DB=$(pg_createdb "ct_tui_$(basename "$0" .sh)_$$") || exit 99
fi

# tui_file_only REASON: false (and says so) on PostgreSQL, for a check
# that needs the database to be an SQLite file.
tui_file_only() {
	[ "$TUI_PG" = 0 ] && return 0
	echo "skipped on PostgreSQL: $*"
	return 1
}
export CERTTRACK_NOW=2026-11-27T10:00:00Z CERTTRACK_USER=alice
export LC_ALL=C.UTF-8 TERM=xterm-256color
unset NO_COLOR CERTTRACK_TEMPLATES
mkdir -p "$HOME" "$XDG_CONFIG_HOME/certtrack"
# A loaded machine is slow: every wait polls up to this many seconds.
TUI_WAIT=${TUI_WAIT:-15}

tmx() {
	tmux -L "$TUI_SOCK" -f /dev/null "$@"
}

cleanup() {
	tmx kill-server >/dev/null 2>&1
	[ "${TUI_PG:-0}" = 1 ] && [ -z "${CERTTRACK_TEST_PG:-}" ] && pg_server_stop
	rm -rf "$TUI_TMP"
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*" >&2
	echo "--- screen:" >&2
	tmx capture-pane -p >&2 2>/dev/null
	if [ -s "$TUI_TMP/stderr" ]; then
		echo "--- stderr:" >&2
		cat "$TUI_TMP/stderr" >&2
	fi
	exit 1
}

# tui_start COLS LINES [ARGS...]: runs certtrack in a fresh window; the
# exit status lands in $TUI_TMP/exit.
tui_start() {
	cols=$1 lines=$2
	shift 2
	rm -f "$TUI_TMP/exit"
	tmx kill-server >/dev/null 2>&1
	# A fresh server each time: a dying one could still hold the socket.
	TUI_RUN=$((TUI_RUN + 1))
	TUI_SOCK="$TUI_SOCK_BASE-$TUI_RUN"
	tmx new-session -d -x "$cols" -y "$lines" \
		"\"\$CERTTRACK\" $* 2>\"$TUI_TMP/stderr\"; echo \$? >\"$TUI_TMP/exit\"; sleep 600"
	tmx set-option -g status off >/dev/null
	tmx resize-window -x "$cols" -y "$lines" >/dev/null 2>&1
}

screen() {
	tmx capture-pane -p 2>/dev/null
}

# wait_for TEXT: polls the screen until TEXT (fixed string) shows.
wait_for() {
	i=0
	while [ "$i" -lt $((TUI_WAIT * 10)) ]; do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "\"$1\" did not appear"
}

# wait_gone TEXT: polls until TEXT is no longer on the screen.
wait_gone() {
	i=0
	while [ "$i" -lt $((TUI_WAIT * 10)) ]; do
		if ! screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "\"$1\" stayed on the screen"
}

# wait_exit: waits for certtrack to end and prints its exit status.
wait_exit() {
	i=0
	while [ ! -s "$TUI_TMP/exit" ] && [ "$i" -lt $((TUI_WAIT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$TUI_TMP/exit" ] || fail "certtrack did not exit"
	cat "$TUI_TMP/exit"
}

keys() {
	tmx send-keys "$@"
}

# type_text TEXT: literal text, UTF-8 included.
type_text() {
	tmx send-keys -l -- "$1"
}

# json_item PROJECT ITEM: the item's JSON object from certtrack show.
json_item() {
	"$CERTTRACK" --json show "$1" | grep -o "{\"key\":\"$2\"[^}]*}"
}
