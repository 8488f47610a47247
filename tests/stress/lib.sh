# lib.sh - helpers of the stress tests (tests/stress/*.sh), sourced. POSIX
# sh. make check runs each in a short version; make stress sets
# STRESS_LONG=1 for the figures of the issue (100 killed runs, 4 x 500
# concurrent changes). Each script ends with one line of figures.
set -u
: "${CERTTRACK:?set CERTTRACK to the certtrack binary (make check does)}"
S_NAME=$(basename "$0" .sh)
for t in sqlite3 jq setsid; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "SKIP: $S_NAME needs $t"
		exit 77
	fi
done
S_DIR=$(mktemp -d "${TMPDIR:-/tmp}/certtrack-$S_NAME.XXXXXX") || exit 99
trap 'rm -rf "$S_DIR"' EXIT
trap 'exit 130' INT TERM HUP
HOME="$S_DIR/home"
CERTTRACK_DB="$S_DIR/certtrack.db"
CERTTRACK_USER=stress
NO_COLOR=1
export HOME CERTTRACK_DB CERTTRACK_USER NO_COLOR
# A fixed clock: reports written twice are the same bytes.
CERTTRACK_NOW=2024-05-06T07:08:09Z
export CERTTRACK_NOW
unset CERTTRACK_TEMPLATES
mkdir -p "$HOME"
NAME=rhosp16-openstack-cinder-volume-stress
LONG=${STRESS_LONG:-0}

fail() {
	echo "FAIL: $S_NAME: $*" >&2
	exit 1
}

ct() {
	"$CERTTRACK" "$@"
}

# integrity DB: prints SQLite's integrity_check of DB (ok when sound).
integrity() {
	sqlite3 -cmd ".timeout 10000" "$1" "PRAGMA integrity_check" 2>&1 | tr '\n' ' ' | sed 's/ $//'
}

# rand N: a pseudo-random number in 0..N-1 (awk; seeded per call).
rand() {
	awk -v n="$1" -v s="$$$(date +%N 2>/dev/null)" 'BEGIN { srand(s % 2147483647); print int(rand() * n) }'
}

# msleep MS: sleeps MS milliseconds.
msleep() {
	sleep "$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')"
}

# spawn CMD...: runs CMD in a session of its own (killable as a group),
# output to $S_DIR/spawned.out and .err; its pid in $SPAWNED.
spawn() {
	setsid "$@" >>"$S_DIR/spawned.out" 2>>"$S_DIR/spawned.err" &
	SPAWNED=$!
}

# kill_group PID: kill -9 of the whole session.
kill_group() {
	kill -9 -- "-$1" 2>/dev/null || kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# hidden_files DIR: the dot files of DIR, one line.
hidden_files() {
	(cd "$1" && ls -A | grep '^\.' | tr '\n' ' ')
}
