#!/bin/sh
# concurrent.sh - N writers x M changes at once on one file, with a reader
# running 'list' and a writer of 60 KB notes meanwhile: counts lost updates (acknowledged but not
# stored), refused changes, raw SQLite "locked"/"busy" text and false
# "truncated" reports of a file being grown.
. "$top_srcdir/tests/stress/lib.sh"
WRITERS=${STRESS_WRITERS:-$([ "$LONG" = 1 ] && echo 4 || echo 2)}
CHANGES=${STRESS_CHANGES:-$([ "$LONG" = 1 ] && echo 500 || echo 25)}
ct new "$NAME" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new"
cat >"$S_DIR/writer.sh" <<'W'
w=$1 n=$2 k=0
# Large enough to grow the file by pages with each change.
pad=$(head -c 4000 /dev/zero | tr '\0' 'x')
while [ "$k" -lt "$n" ]; do
	k=$((k + 1))
	if "$CERTTRACK" collateral "$NAME" add "w$w-c$k" --type document --location "$pad" >/dev/null 2>>"$S_DIR/err.$w"; then
		echo "w$w-c$k" >>"$S_DIR/ack.$w"
	else
		echo "w$w-c$k" >>"$S_DIR/refused.$w"
	fi
done
W
cat >"$S_DIR/reader.sh" <<'R'
i=0
while [ ! -e "$S_DIR/done" ]; do
	i=$((i + 1))
	"$CERTTRACK" list >/dev/null 2>>"$S_DIR/err.reader" || echo "list $i" >>"$S_DIR/reader.failed"
	echo "$i" >"$S_DIR/reads"
done
R
# The issue's case of a false "truncated": a note of 60 KB rewritten again
# and again grows and shrinks the file under the reader.
cat >"$S_DIR/grower.sh" <<'G'
big=$(head -c 60000 /dev/zero | tr '\0' 'n')
i=0
while [ ! -e "$S_DIR/done" ]; do
	i=$((i + 1))
	"$CERTTRACK" item "$NAME" connect_registration in-progress --note "$i $big" >/dev/null 2>>"$S_DIR/err.grower" ||
		echo "$i" >>"$S_DIR/grower.failed"
done
G
export S_DIR NAME
pids=""
w=0
while [ "$w" -lt "$WRITERS" ]; do
	w=$((w + 1))
	: >"$S_DIR/ack.$w"
	sh "$S_DIR/writer.sh" "$w" "$CHANGES" &
	pids="$pids $!"
done
sh "$S_DIR/reader.sh" &
reader=$!
sh "$S_DIR/grower.sh" &
grower=$!
for p in $pids; do wait "$p"; done
: >"$S_DIR/done"
wait "$reader"
wait "$grower"
[ "$(integrity "$CERTTRACK_DB")" = ok ] || fail "integrity_check: $(integrity "$CERTTRACK_DB")"
cat "$S_DIR"/ack.* | sort >"$S_DIR/acked"
sqlite3 -cmd ".timeout 10000" "$CERTTRACK_DB" "SELECT title FROM collateral" | sort >"$S_DIR/present"
acked=$(wc -l <"$S_DIR/acked" | tr -d ' ')
refused=$(cat "$S_DIR"/refused.* 2>/dev/null | wc -l | tr -d ' ')
lost=$(comm -23 "$S_DIR/acked" "$S_DIR/present" | wc -l | tr -d ' ')
cat "$S_DIR"/err.* >"$S_DIR/errors" 2>/dev/null
raw=$(grep -c -i 'database is locked\|database table is locked\|SQLITE_BUSY\|SQLITE_LOCKED' "$S_DIR/errors" || true)
busy=$(grep -c 'is busy' "$S_DIR/errors" || true)
truncated=$(grep -c -i 'truncated\|damaged' "$S_DIR/errors" || true)
reads=$(cat "$S_DIR/reads" 2>/dev/null || echo 0)
readfail=0
[ -f "$S_DIR/reader.failed" ] && readfail=$(wc -l <"$S_DIR/reader.failed" | tr -d ' ')
[ -f "$S_DIR/grower.failed" ] && readfail=$((readfail + $(wc -l <"$S_DIR/grower.failed" | tr -d ' ')))
echo "$S_NAME: writers=$WRITERS changes=$((WRITERS * CHANGES)) acknowledged=$acked lost=$lost refused=$refused raw_locked_busy=$raw busy_messages=$busy reads=$reads failed_reads_or_notes=$readfail false_truncated=$truncated"
[ "$lost" = 0 ] || fail "$lost acknowledged changes lost"
[ "$refused" = 0 ] || fail "$refused changes refused: $(head -3 "$S_DIR/errors")"
[ "$raw" = 0 ] || fail "raw SQLite lock messages: $(grep -i locked "$S_DIR/errors" | head -3)"
[ "$truncated" = 0 ] || fail "false damage reports: $(grep -i 'truncated\|damaged' "$S_DIR/errors" | head -3)"
[ "$readfail" = 0 ] || fail "list or a note failed $readfail times: $(head -3 "$S_DIR/errors")"
exit 0
