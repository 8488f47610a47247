#!/bin/sh
# team.sh - PostgreSQL, the issue's "done when": a team of three on one
# server at once. Alice and bob have the TUI open and see each other;
# bob and carol change the same project from their shells concurrently,
# with nothing lost; the TUIs follow live; carol takes an offline copy,
# works on it and merges it back, and alice sees that too.
CERTTRACK_TEST_DB=pg
export CERTTRACK_TEST_DB
. "$top_srcdir/tests/tui/lib.sh"
export TZ=UTC
P=rhosp16-openstack-cinder-volume-team
Q=rhosp17-openstack-neutron-server-carol
N=${PG_TEAM_CHANGES:-40}
"$CERTTRACK" new "$P" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new $P"

screen() {
	tmx capture-pane -p -t "$TARGET" 2>/dev/null
}
TARGET=alice
tmx new-session -d -s alice -x 100 -y 30 \
	"CERTTRACK_USER=alice \"\$CERTTRACK\" 2>\"$TUI_TMP/stderr-alice\"; echo \$? >\"$TUI_TMP/exit-alice\"; sleep 600"
tmx set-option -g status off >/dev/null
wait_for "1 project"
tmx new-session -d -s bob -x 100 -y 30 \
	"CERTTRACK_USER=bob \"\$CERTTRACK\" 2>\"$TUI_TMP/stderr-bob\"; echo \$? >\"$TUI_TMP/exit-bob\"; sleep 600"
TARGET=bob
wait_for "also open by alice@"
TARGET=alice
wait_for "also open by bob@"

# Bob's and carol's shells, at once, on the same project.
for who in bob carol; do
	case $who in bob) item=zone_access ;; *) item=product_created ;; esac
	(
		i=0
		while [ "$i" -lt "$N" ]; do
			i=$((i + 1))
			CERTTRACK_USER=$who "$CERTTRACK" item "$P" "$item" in-progress --note "$who $i" \
				>/dev/null 2>>"$TUI_TMP/$who.err" || echo "$who $i failed" >>"$TUI_TMP/$who.err"
		done
	) &
done
wait
for who in bob carol; do
	[ -s "$TUI_TMP/$who.err" ] && fail "$who's shell: $(head -n 3 "$TUI_TMP/$who.err")"
done
for who in bob carol; do
	case $who in bob) item=zone_access ;; *) item=product_created ;; esac
	n=$("$CERTTRACK" --json history "$P" --limit 100000 |
		jq "[.[] | select(.user == \"$who\" and .key == \"$item\" and .what == \"item.note\")] | length")
	[ "$n" = "$N" ] || fail "$who: $n of $N changes in history"
	note=$("$CERTTRACK" --json show "$P" | jq -r ".items[] | select(.key == \"$item\") | .note")
	[ "$note" = "$who $N" ] || fail "$who's last note: $note"
done

# Alice's TUI follows: carol creates a project from her shell.
CERTTRACK_USER=carol "$CERTTRACK" new "$Q" --template rhosp17-container >/dev/null 2>&1 ||
	fail "certtrack new $Q"
TUI_WAIT=3 wait_for "$Q"
TARGET=bob
TUI_WAIT=3 wait_for "$Q"

# Carol's offline copy, worked on away from the server, merged back.
"$CERTTRACK" backup "$TUI_TMP/carol.db" >/dev/null 2>&1 || fail "backup"
CERTTRACK_USER=carol "$CERTTRACK" --db "$TUI_TMP/carol.db" handoff "$Q" --to dave --note "offline" \
	>/dev/null 2>&1 || fail "offline handoff"
CERTTRACK_USER=carol "$CERTTRACK" merge "$TUI_TMP/carol.db" >/dev/null 2>"$TUI_TMP/merge.err" ||
	fail "merge back: $(cat "$TUI_TMP/merge.err")"
TARGET=alice
TUI_WAIT=3 wait_for "dave"

for who in alice bob; do
	TARGET=$who
	tmx send-keys -t "$who" q
done
i=0
while { [ ! -s "$TUI_TMP/exit-alice" ] || [ ! -s "$TUI_TMP/exit-bob" ]; } && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
for who in alice bob; do
	[ "$(cat "$TUI_TMP/exit-$who" 2>/dev/null)" = 0 ] || fail "$who's TUI did not exit 0"
	[ -s "$TUI_TMP/stderr-$who" ] && fail "$who's stderr: $(cat "$TUI_TMP/stderr-$who")"
done
echo "team: three people, $((2 * N)) concurrent changes kept, live views, an offline copy merged back"
exit 0
