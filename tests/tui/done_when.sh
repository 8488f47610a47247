#!/bin/sh
# done_when.sh - the TUI issue's acceptance path, guided by the screen only:
# an empty database, the wizard, the fields the checklist needs, three
# collateral items, the checklist advanced through project_settings; quit,
# reopen, everything as left. At 80x24.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-myplugin

tui_start 80 24
wait_for "There are no projects yet"
keys n
wait_for "step 1 of"
type_text "$NAME"
wait_for "Parts: rhosp16 | openstack-cinder-volume | myplugin"
keys Enter
wait_for "step 2 of"
type_text "VendorX Cinder"
keys Enter
wait_for "step 3 of"
type_text "3.7"
keys Enter
wait_for "Tech Preview"
keys Enter Enter Enter
wait_for "out-of-tree"
keys 2 Enter
wait_for "Summary: nothing is written"
keys Enter
wait_for "[Checklist 0/21]"

# Fields: Tab to the field list; j moves from field to field (group
# headings are skipped), starting on the project name (0).
keys Tab
wait_for "[Fields]"
at=0
# edit_field INDEX VALUE: moves to the field and types its value.
edit_field() {
	while [ "$at" -lt "$1" ]; do
		keys j
		at=$((at + 1))
	done
	keys Enter
	wait_for "Enter accept"
	type_text "$2"
	keys Enter
	wait_gone "Enter accept"
}
edit_field 9 "storage driver"
edit_field 10 "Cinder volume driver for VendorX arrays"
edit_field 11 "https://github.com/vendorx/cinder-plugin"
edit_field 12 "openstack@vendorx.com"
edit_field 14 "Red Hat OpenStack Platform"
edit_field 15 "vendorx"
edit_field 16 "$NAME"
edit_field 27 "Bob Sales"
edit_field 28 "bob@vendorx.com"
edit_field 29 "+1 555 123 4567"
wait_for "+1 555 123 4567"

# Collateral: three materials, one of them a document.
keys Tab
wait_for "[Collateral 0"
add_collateral() {
	keys a
	wait_for "Title of the document or material:"
	type_text "$1"
	keys Enter
	wait_for "Enter choose"
	# A digit chooses the type at once.
	keys "$2"
	wait_for "Location (URL or path, optional):"
	keys Enter
	wait_gone "Location (URL"
}
add_collateral "Administration guide" 1
add_collateral "Datasheet" 2
add_collateral "Demo video" 4
wait_for "[Collateral 3]"

# The checklist, item by item down to project_settings (the 16th).
keys Tab
wait_for "[Checklist 0/21]"
n=0
while [ "$n" -lt 16 ]; do
	keys Space
	sleep 0.2
	keys Space
	n=$((n + 1))
	wait_for "[Checklist $n/21]"
	keys j
done
wait_for "[x] Set project details (7.4)"
keys q
wait_for "1 project"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

for k in plugin_status_confirmed product_profile project_profile collateral sales_contact \
	project_settings; do
	json_item "$NAME" "$k" | grep -q '"status":"done"' || fail "$k not done"
done
json_item "$NAME" build_service | grep -q '"status":"todo"' || fail "build_service moved"

# Reopen: everything as left.
tui_start 80 24
wait_for "16/21"
keys Enter
wait_for "[Checklist 16/21]"
wait_for "Collateral 3 "
keys Tab
wait_for "Red Hat OpenStack Platform"
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status after reopening"
echo "ok"
