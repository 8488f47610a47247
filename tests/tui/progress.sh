#!/bin/sh
# progress.sh - progress never says more than is true: moving a done item
# back asks first and names the done items that require it; afterwards the
# checklist marks them, the tab, title and status line count them, the
# projects list shows the warning, and show --json carries the problem.
# Field warnings show on their row ("!") and the fields tab counts only
# the fields' own problems. plugin_status_confirmed, field and item, is
# one truth.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-acme
"$CERTTRACK" new "$NAME" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new"
for i in connect_registration zone_access product_created; do
	"$CERTTRACK" item "$NAME" "$i" done >/dev/null || fail "item $i done"
done

tui_start 80 24
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "[Checklist 3/21]"
# The fields tab has nothing to count yet.
screen | grep -q "Fields E" && fail "the fields tab counts problems before there are any"
keys g Space
wait_for "Undo a done item"
wait_for "2 done items require it"
wait_for "Zone access to Red Hat OpenStack & NFV (zone_access)"
wait_for "Product created in Connect (product_created)"
wait_for "Set it to todo? [y/N]"
keys n
wait_for "Nothing changed."
json_item "$NAME" connect_registration | grep -q '"status":"done"' || fail "no changed the item"
keys Space
wait_for "Set it to todo? [y/N]"
keys y
wait_for "2 done items"
wait_for "stand on a broken requirement."
wait_for "[Checklist 2/21, 2 broken]"
wait_for "[x]!Zone access"
wait_for "[x]!Product created"
json_item "$NAME" connect_registration | grep -q '"status":"todo"' || fail "not todo in the database"
out=$("$CERTTRACK" --json show "$NAME")
for i in zone_access product_created; do
	echo "$out" | jq -e --arg i "$i" \
		'[.. | objects | select(.rule? == "item.requirement_broken" and .item? == $i)] | length > 0' \
		>/dev/null || fail "show --json lacks requirement_broken for $i"
done
# The item warnings are not field warnings.
screen | grep -q "Fields E" && fail "the fields tab counts item warnings"
keys j
wait_for "Done, but it stands on a broken requirement"

# A field warning: its row has the marker and the tab counts it.
"$CERTTRACK" set "$NAME" outbound_repository=other-name >/dev/null 2>&1 || fail "certtrack set"
wait_for "Fields E0 W1"
keys Tab
wait_for "[Fields E0 W1]"
n=0
while ! screen | grep -q "^> ! Outbound repository name" && [ $n -lt 40 ]; do
	keys j
	sleep 0.1
	n=$((n + 1))
done
screen | grep -q "^> ! Outbound repository name" || fail "the field row lacks its warning marker"


# The projects list shows the warnings.
keys q
wait_for "W3"
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# plugin_status_confirmed is one truth: the field sets the item, the item
# the field, and the field row reads as the item.
for i in connect_registration project_created; do
	"$CERTTRACK" item "$NAME" "$i" done >/dev/null || fail "item $i done"
done
"$CERTTRACK" set "$NAME" plugin_status_confirmed=yes >/dev/null || fail "set plugin_status_confirmed"
json_item "$NAME" plugin_status_confirmed | grep -q '"status":"done"' ||
	fail "the field did not mark the item done"
"$CERTTRACK" item "$NAME" plugin_status_confirmed todo >/dev/null || fail "item todo"
"$CERTTRACK" --json show "$NAME" | jq -e '.fields.plugin_status_confirmed == "false"' >/dev/null ||
	fail "the item did not set the field back"
"$CERTTRACK" item "$NAME" plugin_status_confirmed done >/dev/null || fail "item done"
"$CERTTRACK" --json show "$NAME" | jq -e '.fields.plugin_status_confirmed == "true"' >/dev/null ||
	fail "the item did not set the field"
tui_start 80 24
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "Checklist"
keys Tab
n=0
while ! screen | grep -q "^>   Plugin status confirmed" && [ $n -lt 20 ]; do
	keys j
	sleep 0.1
	n=$((n + 1))
done
screen | grep -q "^>   Plugin status confirmed by Red… done" ||
	screen | grep -q "^>   Plugin status confirmed.*done" || fail "the field row does not read as the item"
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status"
