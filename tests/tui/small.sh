#!/bin/sh
# small.sh - small things people trip over: the note editor wraps at word
# boundaries (and CJK anywhere); the build tag starts selected, so typing
# replaces it; at 60x15 the builds table keeps its header and the image
# reference its tag; undo says before asking that the change is someone
# else's; a long message opens in a pager; a project deleted meanwhile is
# said so on every project screen.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-acme
"$CERTTRACK" new "$NAME" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new"
TEXT="the quick brown fox jumps over the lazy dog and then the quick brown fox jumps again over everything"

tui_start 60 15
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "[Checklist 0/21]"
keys e
wait_for "Ctrl-X save"
type_text "$TEXT 日本語のテキストはどこでも折り返すことができます"
wait_for "できます"
for w in $TEXT; do
	screen | grep -q -- "$w" || fail "the word \"$w\" was split by the wrap"
done
keys C-x
wait_for "note saved"

# The build tag: typing replaces the offered one.
"$CERTTRACK" set "$NAME" registry_namespace=acmecorporation outbound_repository="$NAME" >/dev/null ||
	fail "certtrack set"
keys B
wait_for "No builds yet"
keys s
wait_for "Tag of the build"
type_text "2.0"
keys Enter
wait_for "Build ID"
keys Enter
wait_for "2.0"
"$CERTTRACK" --json build "$NAME" | grep -q '"tag":"2.0"' ||
	fail "the tag typed over the offered one was not recorded as 2.0"
# At 60x15 the table keeps its header and the reference its tag.
wait_for "Tag          Result"
wait_for "cinder-volume-acme:2.0"
keys q
wait_for "[Checklist"

# Undo of someone else's change says so first.
CERTTRACK_USER=carol "$CERTTRACK" item "$NAME" zone_access \
	--note "carol's note: the zone access was granted by the partner manager after the second call, ticket 4711" \
	>/dev/null || fail "certtrack item --note"
keys u
wait_for "Undo carol's change"
wait_for "This change is carol's, not yours"
# old -> new in full, wrapped.
wait_for "second call, ticket 4711"
wait_for "Undo their change? [y/N]"
keys n
wait_for "Nothing undone."

# A status message longer than two lines opens in a pager; Esc leaves it.
LONG=owner-with-a-very-long-name-$(printf 'x%.0s' $(seq 1 130))
keys H
wait_for "to:"
type_text "$LONG"
keys Enter
wait_for "Ctrl-X save"
keys C-x
wait_for "Esc closes; other keys go on"
wait_for "owner-with-a-very-long-name-xxxxxxxxxxxxxxxxxxxxxxxx"
keys Escape
wait_gone "Esc closes; other keys go on"
wait_for "[Checklist"

# Deleted meanwhile: every project screen says so, and comes back.
for scr in "" B P; do
	[ -n "$scr" ] && keys "$scr"
	sleep 0.3
	"$CERTTRACK" delete "$NAME" >/dev/null || fail "certtrack delete"
	wait_for "This project was deleted meanwhile"
	"$CERTTRACK" undo >/dev/null || fail "certtrack undo"
	wait_gone "This project was deleted meanwhile"
done
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status"
