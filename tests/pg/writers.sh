#!/bin/sh
# writers.sh - PostgreSQL: 8 processes each make 250 changes to one
# project at once (each its own item's note); nothing is lost (the final
# values and every history row, each change's old value the one before)
# and no raw database error reaches stderr.
. "$top_srcdir/tests/pg/lib.sh"

WRITERS=${PG_WRITERS:-8}
CHANGES=${PG_CHANGES:-250}
ITEMS="connect_registration zone_access product_created git_repository project_created
	plugin_status_confirmed company_profile product_profile"

run init
expect_rc 0
run new "$NAME"
expect_rc 0

t_case "$WRITERS writers x $CHANGES changes on one project, at once"
w=0
for item in $ITEMS; do
	w=$((w + 1))
	[ "$w" -le "$WRITERS" ] || break
	(
		j=0
		while [ "$j" -lt "$CHANGES" ]; do
			j=$((j + 1))
			$T_WRAP "$CERTTRACK" item "$NAME" "$item" in-progress --note "w$w-$j" \
				>/dev/null 2>>"$T_DIR/writer$w.err" </dev/null ||
				echo "w$w change $j: exit $?" >>"$T_DIR/writer$w.err"
		done
	) &
done
wait
for f in "$T_DIR"/writer*.err; do
	[ -s "$f" ] && fail "$(basename "$f"): $(head -n 5 "$f")"
done

t_case "every writer's last value is there"
run --json show "$NAME"
expect_rc 0
w=0
for item in $ITEMS; do
	w=$((w + 1))
	[ "$w" -le "$WRITERS" ] || break
	expect_json ".items[] | select(.key == \"$item\") | .note" "w$w-$CHANGES"
done

t_case "no change lost: every one in history, each after the one before"
run --json history "$NAME" --limit 1000000
expect_rc 0
w=0
for item in $ITEMS; do
	w=$((w + 1))
	[ "$w" -le "$WRITERS" ] || break
	expect_json "[.[] | select(.key == \"$item\" and .what == \"item.note\")] | length" "$CHANGES"
	# Oldest first: change j replaced w-(j-1).
	bad=$(jq -r "[.[] | select(.key == \"$item\" and .what == \"item.note\")] | reverse
		| to_entries | map(select(.value.old != (if .key == 0 then null else \"w$w-\" + (.key | tostring) end)))
		| length" "$OUT")
	[ "$bad" = 0 ] || fail "$item: $bad changes did not start from the value before them"
done
total=$(pg_psql "$(pg_dbname)" -At -c "SELECT count(*) FROM commands")
[ "$total" -ge $((WRITERS * CHANGES)) ] || fail "only $total commands recorded"

t_done
