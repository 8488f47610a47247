#!/bin/sh
# hostile.sh - values with terminal escape sequences (imported from
# someone else's report) show as control pictures on the projects list
# and in the fields, and do nothing to the terminal.
. "$top_srcdir/tests/tui/lib.sh"
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is not installed"; exit 77; }
NAME=rhosp16-openstack-cinder-volume-acme
ESC=$(printf '\033')
BEL=$(printf '\007')
"$CERTTRACK" new "$NAME" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new"
"$CERTTRACK" report --format json -o "$TUI_TMP/r.json" >/dev/null 2>&1 || fail "certtrack report"
jq --arg esc "$ESC" --arg bel "$BEL" '
	.projects[0].fields.product.value = "Acme" + $esc + "[2J" + $esc + "]0;pwned" + $bel |
	.projects[0].owner = "eve" + $esc + "[8m"' "$TUI_TMP/r.json" >"$TUI_TMP/h.json" || fail "jq"
export CERTTRACK_DB="$TUI_TMP/other.db"
"$CERTTRACK" import "$TUI_TMP/h.json" >/dev/null 2>&1 || fail "certtrack import"

tui_start 100 30
wait_for "rhosp16-openstack-cinder-vol"
# ESC as U+241B: the owner on the list, not hidden text.
wait_for "eve␛[8m"
keys Enter
wait_for "[Checklist"
keys Tab
wait_for "[Fields"
wait_for "Acme␛[2J␛]0;pwned␇"
keys q
wait_for "1 project"
keys q
[ "$(wait_exit)" = 0 ] || fail "certtrack did not exit 0"
