#!/bin/sh
# wizard.sh - from an empty database to a valid project with the wizard:
# the first-run panel, a rejected invalid name, an applied suggestion,
# the summary, then the checklist advanced, quit, reopen, all as left.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-myplugin

tui_start 80 24
wait_for "There are no projects yet"
wait_for "Press n to create your first project"
keys n
wait_for "step 1 of"
# 13 says OpenStack 13 and the base image is misspelt: refused.
type_text "rhosp13-openstack-cinder-volum-myplugin"
wait_for "OpenStack 13 but"
wait_for "Parts: rhosp13 | openstack-cinder-volum | myplugin"
keys Enter
wait_for "Not yet:"
screen | grep -q "step 1 of" || fail "an invalid name moved the wizard on"
# Apply the suggested fixes: the version, then the nearest base image.
keys C-f
wait_for "rhosp16-openstack-cinder-volum-myplugin"
keys C-f
wait_for "Parts: rhosp16 | openstack-cinder-volume | myplugin"
wait_for "ok"
keys Enter
wait_for "step 2 of"
"$CERTTRACK" --json list | grep -q "$NAME" && fail "the wizard wrote before the summary"
type_text "Acme Cinder"
keys Enter
wait_for "step 3 of"
type_text "2.1"
keys Enter
wait_for "Tech Preview"
keys Enter Enter Enter
wait_for "out-of-tree"
keys 2 Enter
wait_for "Summary: nothing is written"
"$CERTTRACK" --json list | grep -q "$NAME" && fail "the wizard wrote before the summary"
keys Enter
wait_for "owner alice"
wait_for "[Checklist 0/21]"

"$CERTTRACK" --json show "$NAME" >"$TUI_TMP/show.json" || fail "project not created"
grep -q '"product":"Acme Cinder"' "$TUI_TMP/show.json" || fail "product not stored"
grep -q '"plugin_status":"out-of-tree"' "$TUI_TMP/show.json" || fail "plugin status not stored"
grep -q '"release_category":"Tech Preview"' "$TUI_TMP/show.json" || fail "release category"

# Advance the checklist: the first three items, each Space Space (done).
for k in 1 2 3; do
	keys Space
	sleep 0.2
	keys Space
	sleep 0.2
	keys j
done
wait_for "[Checklist 3/21]"
# git_repository, project_created: done too.
keys Space Space
sleep 0.3
keys j Space Space
wait_for "[Checklist 5/21]"
keys q
wait_for "1 project"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

json_item "$NAME" project_created | grep -q '"status":"done"' || fail "project_created not done"
json_item "$NAME" git_repository | grep -q '"status":"done"' || fail "git_repository not done"

# Reopen: everything as left.
tui_start 80 24
wait_for "rhosp16-openstack-cinder-vol"
wait_for "5/21"
keys Enter
wait_for "[Checklist 5/21]"
wait_for "[x] Project created (7.1)"
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status after reopening"
echo "ok"
