#!/bin/sh
# kill_writes.sh - kill -9 at random points of a write loop: every change
# the loop saw acknowledged (exit 0) must be in the database afterwards,
# and PRAGMA integrity_check must be ok, after every kill.
. "$top_srcdir/tests/stress/lib.sh"
RUNS=${STRESS_RUNS:-$([ "$LONG" = 1 ] && echo 100 || echo 8)}
ct new "$NAME" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new"
ACK="$S_DIR/ack"
: >"$ACK"
# The writer: collateral (one row each) and item notes (updates in place,
# growing the file), until killed.
cat >"$S_DIR/writer.sh" <<'W'
r=$1 k=0
pad=$(head -c 3000 /dev/zero | tr '\0' 'x')
while :; do
	k=$((k + 1))
	if "$CERTTRACK" collateral "$NAME" add "r$r-c$k" --type document --location "$pad" >/dev/null 2>>"$ERRS"; then
		echo "r$r-c$k" >>"$ACK"
	fi
	if "$CERTTRACK" item "$NAME" connect_registration in-progress --note "r$r-n$k $pad" >/dev/null 2>>"$ERRS"; then
		echo "note r$r-n$k" >>"$ACK.notes"
	fi
done
W
ERRS="$S_DIR/errors"
export ACK ERRS NAME
: >"$ERRS"
run=0 bad=0
while [ "$run" -lt "$RUNS" ]; do
	run=$((run + 1))
	spawn sh "$S_DIR/writer.sh" "$run"
	msleep $((50 + $(rand 600)))
	kill_group "$SPAWNED"
	ok=$(integrity "$CERTTRACK_DB")
	[ "$ok" = ok ] || fail "run $run: integrity_check: $ok"
	# The last acknowledged note of this run must be the stored one, or
	# a later one that was not yet acknowledged.
	last=$(grep "^note r$run-n" "$ACK.notes" 2>/dev/null | tail -n 1 | sed 's/^note //')
	if [ -n "$last" ]; then
		stored=$(sqlite3 -cmd ".timeout 10000" "$CERTTRACK_DB" "SELECT substr(note, 1, instr(note, ' ') - 1) FROM item_states WHERE key = 'connect_registration'" 2>/dev/null)
		n_last=${last##*-n} n_stored=${stored##*-n}
		case $n_stored in '' | *[!0-9]*) n_stored=0 ;; esac
		if [ "${stored%-n*}" != "r$run" ] || [ "$n_stored" -lt "$n_last" ]; then
			bad=$((bad + 1))
			echo "run $run: note $last acknowledged, stored: $stored" >&2
		fi
	fi
done
sqlite3 -cmd ".timeout 10000" "$CERTTRACK_DB" "SELECT title FROM collateral" | sort >"$S_DIR/present"
sort "$ACK" >"$S_DIR/acked"
acked=$(wc -l <"$S_DIR/acked" | tr -d ' ')
notes=$(wc -l <"$ACK.notes" 2>/dev/null | tr -d ' ')
lost=$(comm -23 "$S_DIR/acked" "$S_DIR/present" | wc -l | tr -d ' ')
lost=$((lost + bad))
raw=$(grep -c -i 'database is locked\|database disk image\|truncated\|SQLITE_' "$ERRS" || true)
[ "$acked" -gt 0 ] || fail "no change was acknowledged in $RUNS runs"
echo "$S_NAME: runs=$RUNS acknowledged=$((acked + notes)) lost=$lost raw_errors=$raw integrity=ok"
[ "$lost" = 0 ] || fail "$lost acknowledged changes lost"
[ "$raw" = 0 ] || fail "raw SQLite errors or false damage reports: $(grep -i 'locked\|disk image\|truncated\|SQLITE_' "$ERRS" | head -3)"
exit 0
