#!/bin/sh
# items.sh - the checklist: ticking, a refused done that is then forced
# with a reason, blocked with a reason, a note with accents, CJK and
# emoji, and undo with its confirmation; checked in the database.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-acme
"$CERTTRACK" new "$NAME" product="Acme Cinder" product_version=1.0 plugin_status=in-tree \
	>/dev/null 2>&1 || fail "certtrack new"

tui_start 80 24
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "[Checklist 0/21]"
# First item: Space twice makes it done.
keys Space
wait_for "in progress"
keys Space
wait_for "[Checklist 1/21]"
json_item "$NAME" connect_registration | grep -q '"status":"done"' || fail "not done in the database"

# zone_access is next; product_created needs it: refused, then forced.
keys j j
wait_for "Product created in Connect · todo"
keys Space Space
wait_for "Not done:"
wait_for "forces it with a reason"
json_item "$NAME" product_created | grep -q '"status":"done"' && fail "a refused done was stored"
keys F
wait_for "Done although product_created"
type_text "approved by phone"
keys Enter
wait_for "[X] Product created"
json_item "$NAME" product_created | grep -q '"forced_reason":"approved by phone"' ||
	fail "forced reason not stored"

# Blocked asks for a reason.
keys j b
wait_for "Blocked by what?"
type_text "waiting for the repo"
keys Enter
wait_for "[!] Git repository"
json_item "$NAME" git_repository | grep -q '"reason":"waiting for the repo"' || fail "blocked reason"

# A note in several scripts and an emoji.
keys e
wait_for "Ctrl-X save"
type_text "Zoé a confirmé — 確認済み 🎉"
keys C-x
wait_for "note saved"
wait_for "確認済み 🎉"
json_item "$NAME" git_repository | grep -q '"note":"Zoé a confirmé — 確認済み 🎉"' || fail "UTF-8 note"

# Undo shows what it reverts, then puts the old note back.
keys u
wait_for "Undo this change?"
screen | grep -q "item.note" || fail "undo confirmation does not say what is reverted"
keys y
wait_for "Undone."
json_item "$NAME" git_repository | grep -q '"note":null' || fail "undo did not revert the note"
json_item "$NAME" git_repository | grep -q '"status":"blocked"' || fail "undo reverted too much"

# History shows the changes, newest first.
keys h
wait_for "History of $NAME"
wait_for "item.status git_repository: todo"
keys q q
wait_for "1 project"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"
echo ok
