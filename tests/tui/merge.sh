#!/bin/sh
# merge.sh - merging a diverged copy from the TUI at 80x24 (issue 12): M on
# the projects list asks for the file and runs a dry run; the conflicts
# open side by side (project, key, ours | theirs, who and when); ours is
# picked on one row, theirs on another, Enter applies in one undoable
# command, and the values and history are checked through the CLI. Esc
# leaves with the database unchanged; a copy with no conflict shows what
# would change and asks first; a narrow terminal keeps the layout.
. "$top_srcdir/tests/tui/lib.sh"
P=rhosp16-openstack-cinder-volume-acme
Q=rhosp16-openstack-nova-compute-acme
B="$TUI_TMP/bob.db"
ct() { "$CERTTRACK" "$@" >/dev/null 2>&1 || fail "certtrack $*"; }
ct new "$P" product=P product_version=1
ct new "$Q" product=Q
ct backup "$B"
# Alice (this database) and bob (the copy) change the same keys.
ct set "$P" "product_version=2.0-alice" \
	"repository_description=alice's description, long enough to be cut on an 80 column screen"
ct set "$Q" product=alice-q
CERTTRACK_USER=bob ct --db "$B" set "$P" product_version=3.0-bob "repository_description=bob's text"
CERTTRACK_USER=bob ct --db "$B" set "$Q" product=bob-q
CERTTRACK_USER=bob ct --db "$B" item "$P" api_testing in-progress
# What the database holds (the file's bytes change with the session
# table of the running interface).
sum() {
	{
		"$CERTTRACK" --json report | jq -S 'del(.generated_at)'
		"$CERTTRACK" --json history
	} | cksum
}

# Cancel: Esc on the conflict screen writes nothing.
before=$(sum)
tui_start 80 24
wait_for "cinder-volume-acme"
keys M
wait_for "Merge which copy"
type_text "$B"
keys Enter
wait_for "3 conflicts, 0 chosen"
wait_for "Ours"
wait_for "Theirs"
wait_for "bob-q"
wait_for "3 conflicts still need a choice."
# The layout holds at 80 columns: one row per conflict with both values
# and the separator, the long value cut with an ellipsis, not wrapped.
screen | grep -q "Pick.*Project.*Key.*Ours.*| Theirs" || fail "the header row is broken"
[ "$(screen | grep -c ' | ')" = 4 ] || fail "not one row per conflict"
screen | grep -q "nova-compute-acme.*product.*alice-q.*|.*bob-q" || fail "the third row is broken"
screen | grep -q "alice's descr.*…" || fail "the long value is not cut with an ellipsis"
screen | grep -q "product_version.*2.0-alice.*|.*3.0-bob" || fail "ours | theirs are not side by side"
# The detail of the selected row: base, both sides, who and when.
wait_for "base: 1"
wait_for "ours:   2.0-alice  (alice, "
wait_for "theirs: 3.0-bob  (bob, "
keys o
wait_for "<ours"
keys Escape
wait_for "Merge cancelled; nothing was written."
[ "$(sum)" = "$before" ] || fail "Esc wrote to the database"
keys Q
wait_exit >/dev/null

# Pick ours on one row, theirs on another and the third; Enter merges.
tui_start 80 24
wait_for "cinder-volume-acme"
keys M
wait_for "Merge which copy"
type_text "$B"
keys Enter
wait_for "3 conflicts, 0 chosen"
# Enter before every row has a choice is refused.
keys Enter
wait_for "3 conflicts still need a choice: o or t"
# Rows: product_version, repository_description (of P), product (of Q).
keys o
wait_for "1 chosen"
keys Right
wait_for "2 chosen"
keys t
wait_for "3 chosen"
screen | grep -q "<ours.*product_version" || fail "no ours marker on the first row"
screen | grep -q "theirs>.*repository_desc" || fail "no theirs marker on the second row"
wait_for "Every conflict has a choice: Enter merges."
keys Enter
wait_for "Merged $B: 0 created, 2 updated"
wait_for "u undoes it."
keys Q
wait_exit >/dev/null

show() { "$CERTTRACK" --json show "$1"; }
[ "$(show "$P" | jq -r .fields.product_version)" = 2.0-alice ] || fail "ours was not kept"
[ "$(show "$P" | jq -r .fields.repository_description)" = "bob's text" ] || fail "theirs was not taken"
[ "$(show "$Q" | jq -r .fields.product)" = bob-q ] || fail "theirs was not taken on Q"
[ "$(show "$P" | jq -r '.items[] | select(.key == "api_testing") | .status')" = in-progress ] ||
	fail "the one-sided change was not applied"
h=$("$CERTTRACK" --json history)
[ "$(echo "$h" | jq '[.[] | select(.what == "merge.resolve")] | length')" = 3 ] ||
	fail "the resolutions are not in the history"
[ "$(echo "$h" | jq -r '[.[] | select(.what == "merge.resolve") | .key + "=" + .note] | sort | join(",")')" = \
	"product=theirs,product_version=ours,repository_description=theirs" ] || fail "resolutions: $(echo "$h" | jq -c '[.[] | select(.what == "merge.resolve")]')"
[ "$(echo "$h" | jq '[.[] | select(.what == "field.set" and .user == "bob")] | length')" = 3 ] ||
	fail "bob's changes are not in the history once each"
# One command: one undo reverts it whole.
"$CERTTRACK" undo >/dev/null 2>&1 || fail "undo"
[ "$(show "$P" | jq -r .fields.repository_description)" = "alice's description, long enough to be cut on an 80 column screen" ] ||
	fail "undo did not revert the merge"
[ "$(show "$Q" | jq -r .fields.product)" = alice-q ] || fail "undo did not revert Q"

# No conflict: what would change is shown, and asked about first.
C="$TUI_TMP/carol.db"
ct backup "$C"
CERTTRACK_USER=carol ct --db "$C" set "$Q" "outbound_repository_description=carol's"
before=$(sum)
tui_start 80 24
wait_for "cinder-volume-acme"
keys M
wait_for "Merge which copy"
type_text "$C"
keys Enter
wait_for "No conflicts. 0 to create, 1 to update"
wait_for "nova-compute-acme: outbound_repository_description:"
wait_for "(none) → carol's"
wait_for "Merge these changes? [y/N]"
keys n
wait_for "Merge cancelled; nothing was written."
[ "$(sum)" = "$before" ] || fail "no wrote to the database"
keys M
wait_for "Merge which copy"
type_text "$C"
keys Enter
wait_for "Merge these changes?"
keys y
wait_for "Merged $C: 0 created, 1 updated"
keys Q
wait_exit >/dev/null
[ "$(show "$Q" | jq -r .fields.outbound_repository_description)" = "carol's" ] ||
	fail "the confirmed merge was not applied"

# A narrow terminal: the project column gives way, nothing wraps.
tui_start 60 20
wait_for "cinder-volume-acme"
keys M
wait_for "Merge which copy"
type_text "$B"
keys Enter
wait_for "conflicts, 0 chosen"
screen | grep -q "Pick.*Key.*Ours.*| Theirs" || fail "the narrow header row is broken"
[ "$(screen | grep -c ' | ')" = 4 ] || fail "not one row per conflict at 60 columns"
wait_for "rhosp16-openstack-cinder-volume-acme · product_version"
keys q
wait_for "Merge cancelled; nothing was written."
keys Q
wait_exit >/dev/null
echo ok
