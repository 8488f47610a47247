#!/bin/sh
# editors.sh - typed input is never thrown away: Enter on an invalid value
# keeps the field popup open with the text, the error and the fix; C-f
# applies the fix there; an empty field the checklist needs does not read
# "ok"; a multi-choice field is edited as a checklist. Ctrl-C in the note editor with unsaved text asks instead of
# quitting; Ctrl-Z suspends and fg brings the editor back as it was.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-acme
"$CERTTRACK" new "$NAME" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new"

tui_start 80 24
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "[Checklist 0/21]"
keys Tab
wait_for "[Fields"
n=0
while ! screen | grep -q "^>   Container registry namesp" && [ $n -lt 40 ]; do
	keys j
	sleep 0.1
	n=$((n + 1))
done
keys Enter
wait_for "Container registry namespace:"
wait_for "needs it"
screen | grep -q "│ ok " && fail "an empty field the checklist needs reads ok"
type_text "Acme Corp"
wait_for 'error: registry namespace "Acme Corp"'
keys Enter
wait_for "Not accepted: fix the error"
wait_for "Acme Corp"
"$CERTTRACK" --json show "$NAME" | grep -q '"registry_namespace"' &&
	"$CERTTRACK" --json show "$NAME" | grep -q 'Acme Corp' && fail "an invalid value was stored"
keys C-f
wait_for "acme-corp"
keys Enter
wait_for "registry_namespace saved."
"$CERTTRACK" --json show "$NAME" | grep -q '"acme-corp"' || fail "the fixed value was not stored"

# A multi-choice field is a checklist of its allowed values.
n=0
while ! screen | grep -q "^>   Supported platforms" && [ $n -lt 40 ]; do
	keys k
	sleep 0.1
	n=$((n + 1))
done
keys Enter
wait_for "[ ] Red Hat OpenStack Platform"
wait_for "[ ] Red Hat OpenShift Container Platform"
keys Space j j Space
wait_for "[x] Red Hat OpenShift Container Platform"
keys Enter
wait_for "supported_platforms saved."
"$CERTTRACK" --json show "$NAME" |
	grep -q '"Red Hat OpenStack Platform, Red Hat OpenShift Container Platform"' ||
	fail "the chosen platforms were not stored"

# Ctrl-C with an unsaved note asks; no keeps the editor and the text.
keys Tab Tab
wait_for "[Checklist 0/21]"
keys e
wait_for "Ctrl-X save"
type_text "half a thought"
wait_for "half a thought"
keys C-c
wait_for "Discard your changes? [y/N]"
keys n
wait_for "Ctrl-X save"
wait_for "half a thought"
[ -s "$TUI_TMP/exit" ] && fail "Ctrl-C ended the program"
keys C-x
wait_for "note saved"
json_item "$NAME" connect_registration | grep -q '"note":"half a thought"' || fail "note not saved"
# Ctrl-C where nothing is being typed quits, as before.
keys C-c
[ "$(wait_exit)" = 130 ] || fail "Ctrl-C on a screen did not quit with 130"

# Ctrl-Z from a shell with job control: stopped, then back as it was.
tmx kill-server >/dev/null 2>&1
TUI_SOCK="$TUI_SOCK_BASE-z"
tmx new-session -d -x 80 -y 24 "PS1='$ ' HISTFILE=/dev/null bash --norc -i"
tmx set-option -g status off >/dev/null
sleep 0.5
type_text "\"\$CERTTRACK\" 2>\"$TUI_TMP/stderr\""
keys Enter
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "[Checklist 0/21]"
keys e
wait_for "Ctrl-X save"
type_text " and more"
wait_for "half a thought and more"
keys C-z
wait_for "Stopped"
type_text "fg"
keys Enter
wait_for "Ctrl-X save"
wait_for "half a thought and more"
keys C-x
wait_for "note saved"
json_item "$NAME" connect_registration | grep -q '"note":"half a thought and more"' ||
	fail "note after Ctrl-Z not saved"
keys Q
wait_for "$ "
tmx kill-server >/dev/null 2>&1
sleep 0.2
