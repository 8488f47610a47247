#!/bin/sh
# conflicts.sh - nothing typed is overwritten silently: Alice's note editor
# is open while Carol sets the same note from the command line; Alice's
# save shows both texts and asks (edit again keeps her text, keep mine
# replaces Carol's). A blocked reason changed by a second interface (bob)
# meanwhile asks the same way, and so does a hand-off when the project was
# handed on meanwhile.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-acme
"$CERTTRACK" new "$NAME" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new"

tui_start 80 24
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "[Checklist 0/21]"
keys e
wait_for "Ctrl-X save"
type_text "alice: registered, ticket 42"
CERTTRACK_USER=carol "$CERTTRACK" item "$NAME" connect_registration --note "carol: waiting for legal" \
	>/dev/null || fail "certtrack item --note"
keys C-x
wait_for "Changed meanwhile"
wait_for "carol changed"
wait_for "carol: waiting for legal"
wait_for "alice: registered, ticket 42"
json_item "$NAME" connect_registration | grep -q '"note":"carol: waiting for legal"' ||
	fail "Carol's note was replaced without asking"
# Edit again: the editor holds Alice's text, nothing lost.
keys e
wait_for "Ctrl-X save"
wait_for "alice: registered, ticket 42"
type_text " (see carol)"
keys C-x
wait_for "note saved"
json_item "$NAME" connect_registration | grep -q '"note":"alice: registered, ticket 42 (see carol)"' ||
	fail "Alice's edited note was not saved"

# Once more, and this time keep mine.
keys e
wait_for "Ctrl-X save"
keys C-u
type_text "alice again"
CERTTRACK_USER=carol "$CERTTRACK" item "$NAME" connect_registration --note "carol again" \
	>/dev/null || fail "certtrack item --note"
keys C-x
wait_for "Changed meanwhile"
wait_for "carol again"
keys m
wait_for "note saved"
json_item "$NAME" connect_registration | grep -qF '"note":"alice again' ||
	fail "keep mine did not save Alice's note"

# Keep theirs: Carol's text stays, and the status line says so.
keys e
wait_for "Ctrl-X save"
type_text " more"
CERTTRACK_USER=carol "$CERTTRACK" item "$NAME" connect_registration --note "carol's final" \
	>/dev/null || fail "certtrack item --note"
keys C-x
wait_for "Changed meanwhile"
keys t
wait_for "Theirs is kept"
json_item "$NAME" connect_registration | grep -qF "\"note\":\"carol's final\"" ||
	fail "keep theirs replaced Carol's note"

# A blocked reason: bob blocks the item from a second interface while
# Alice types her reason.
"$CERTTRACK" item "$NAME" connect_registration blocked --reason "first reason" >/dev/null ||
	fail "certtrack item blocked"
wait_for "[!] Register"
keys b
wait_for "Blocked by what?"
keys C-u
type_text "alice: legal review"
CERTTRACK_USER=bob "$CERTTRACK" item "$NAME" connect_registration blocked --reason "bob: portal down" \
	>/dev/null || fail "certtrack item blocked (bob)"
keys Enter
wait_for "Changed meanwhile"
wait_for "bob: portal down"
wait_for "alice: legal review"
keys e
wait_for "Blocked by what?"
wait_for "alice: legal review"
keys Enter
wait_for "Register with Red Hat Connect for Technology Partners: blocked"
json_item "$NAME" connect_registration | grep -q '"reason":"alice: legal review"' ||
	fail "Alice's reason was not saved after editing again"

# A hand-off: the project is handed to bob while Alice asks for carol.
keys H
wait_for "to:"
type_text carol
keys Enter
wait_for "Ctrl-X save"
type_text "over to you"
"$CERTTRACK" handoff "$NAME" --to bob >/dev/null || fail "certtrack handoff"
keys C-x
wait_for "Changed meanwhile"
wait_for "owner bob"
wait_for "owner carol, note: over to you"
keys t
wait_for "the owner is unchanged"
"$CERTTRACK" --json show "$NAME" | grep -q '"owner":"bob"' || fail "the hand-off replaced bob"
# Once more: handed to carol meanwhile; edit again keeps what was typed.
keys H
wait_for "to:"
type_text dave
keys Enter
wait_for "Ctrl-X save"
type_text "dave, see the wiki"
"$CERTTRACK" handoff "$NAME" --to carol >/dev/null || fail "certtrack handoff"
keys C-x
wait_for "Changed meanwhile"
keys e
wait_for "(owner carol) to:"
wait_for "dave"
keys Enter
wait_for "dave, see the wiki"
keys C-x
wait_for "now belongs to dave"
"$CERTTRACK" --json show "$NAME" | grep -q '"owner":"dave"' || fail "the edited hand-off was not saved"

# Collateral: the same document added from the CLI while Alice's prompts
# are open: both shown, theirs kept.
keys Tab Tab
wait_for "[Collateral"
keys a
wait_for "Title of the document"
type_text "Install guide"
keys Enter
wait_for "Type"
keys Enter
wait_for "Location"
CERTTRACK_USER=carol "$CERTTRACK" collateral "$NAME" add "Install guide" --type document \
	>/dev/null 2>&1 || fail "certtrack collateral add"
keys Enter
wait_for "Added meanwhile"
wait_for "carol added \"Install guide\""
keys t
wait_for "yours was not added"
n=$("$CERTTRACK" --json show "$NAME" | grep -o '"title":"Install guide"' | wc -l)
[ "$n" -eq 1 ] || fail "the document was added twice ($n)"
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status"
