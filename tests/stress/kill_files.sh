#!/bin/sh
# kill_files.sh - kill -9 during backup, report -o and import: the output
# is absent, or whole (a sound database, the complete report); an import
# lands whole or not at all; and no temporary stays once the next run of
# the same command has finished.
. "$top_srcdir/tests/stress/lib.sh"
RUNS=${STRESS_RUNS:-$([ "$LONG" = 1 ] && echo 40 || echo 4)}
# A database of some size, so that a copy takes a while.
ct new "$NAME" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new"
pad=$(head -c 4000 /dev/zero | tr '\0' 'x')
i=0
while [ "$i" -lt 60 ]; do
	i=$((i + 1))
	ct collateral "$NAME" add "doc $i" --type document --location "$pad" >/dev/null 2>&1 ||
		fail "set-up: collateral"
done
ct report --format json -o "$S_DIR/ref.json" >/dev/null 2>&1 || fail "set-up: report"
projects=$(sqlite3 "$CERTTRACK_DB" "SELECT count(*) FROM projects")
OUT="$S_DIR/out"
mkdir -p "$OUT"
runs=0 partial=0 stale=0 killed=0
# check_stale WHAT: no dot file left in $OUT.
check_stale() {
	left=$(hidden_files "$OUT")
	if [ -n "$left" ]; then
		stale=$((stale + 1))
		echo "$1: left behind: $left" >&2
	fi
}
run=0
while [ "$run" -lt "$RUNS" ]; do
	run=$((run + 1))
	# backup
	spawn "$CERTTRACK" backup "$OUT/copy.db" --force
	msleep "$(rand 150)"
	kill -0 "$SPAWNED" 2>/dev/null && killed=$((killed + 1))
	kill_group "$SPAWNED"
	runs=$((runs + 1))
	if [ -e "$OUT/copy.db" ] && [ "$(integrity "$OUT/copy.db")" != ok ]; then
		partial=$((partial + 1))
		echo "backup run $run: copy.db is not sound" >&2
	fi
	ct backup "$OUT/copy.db" --force >/dev/null 2>&1 || fail "backup after a killed one"
	check_stale "backup run $run"
	# report -o
	spawn "$CERTTRACK" report --format json -o "$OUT/r.json" --force
	msleep "$(rand 150)"
	kill -0 "$SPAWNED" 2>/dev/null && killed=$((killed + 1))
	kill_group "$SPAWNED"
	runs=$((runs + 1))
	if [ -e "$OUT/r.json" ] && ! cmp -s "$OUT/r.json" "$S_DIR/ref.json"; then
		partial=$((partial + 1))
		echo "report run $run: r.json is not the whole report" >&2
	fi
	ct report --format json -o "$OUT/r.json" --force >/dev/null 2>&1 || fail "report after a killed one"
	check_stale "report run $run"
	# import into an empty database
	rm -f "$OUT/imp.db"
	spawn env CERTTRACK_DB="$OUT/imp.db" "$CERTTRACK" import "$S_DIR/ref.json"
	msleep "$(rand 300)"
	kill -0 "$SPAWNED" 2>/dev/null && killed=$((killed + 1))
	kill_group "$SPAWNED"
	runs=$((runs + 1))
	if [ -s "$OUT/imp.db" ]; then
		ok=$(integrity "$OUT/imp.db")
		n=$(sqlite3 -cmd ".timeout 10000" "$OUT/imp.db" "SELECT count(*) FROM projects" 2>/dev/null || echo 0)
		c=$(sqlite3 -cmd ".timeout 10000" "$OUT/imp.db" "SELECT count(*) FROM collateral" 2>/dev/null || echo 0)
		if [ "$ok" != ok ] || { [ "$n" != 0 ] && [ "$n" != "$projects" ]; } ||
			{ [ "$n" != 0 ] && [ "$c" != 60 ]; }; then
			partial=$((partial + 1))
			echo "import run $run: integrity $ok, $n projects, $c collateral" >&2
		fi
	fi
	rm -f "$OUT/imp.db" "$OUT/imp.db-journal"
done
raw=$(grep -c -i 'locked\|busy\|SQLITE_\|truncated\|damaged' "$S_DIR/spawned.err" 2>/dev/null || true)
echo "$S_NAME: runs=$runs killed_while_running=$killed partial_outputs=$partial stale_temporaries=$stale raw_errors=$raw lost=$partial"
[ "$partial" = 0 ] || fail "$partial partial outputs"
[ "$stale" = 0 ] || fail "$stale runs left temporaries"
[ "$raw" = 0 ] || fail "messages of the killed commands: $(head -3 "$S_DIR/spawned.err")"
exit 0
