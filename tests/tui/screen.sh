#!/bin/sh
# screen.sh - the frame: incremental filter, resizing to 40x12 and back,
# a change made by the CLI showing up in an open TUI, monochrome mode, a
# bad config line reported with its number, a rebound key, SIGTERM.
. "$top_srcdir/tests/tui/lib.sh"
for p in rhosp16-openstack-cinder-volume-alpha rhosp16-openstack-nova-compute-beta \
	rhosp16-openstack-neutron-server-gamma; do
	"$CERTTRACK" new "$p" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
		fail "certtrack new $p"
done
cat >"$XDG_CONFIG_HOME/certtrack/config" <<'CFG'
# keys
bind projects N new-project
bind projects x no-such-action
set mouse off
CFG

tui_start 80 24
wait_for "3 projects"
wait_for "certtrack/config:3: unknown"
# Filter: / then typing narrows at once, matching any column.
keys /
type_text "nova"
wait_for "Filter (1 of 3)"
wait_gone "cinder-volume"
screen | grep -q "nova-compute-" || fail "filtered row missing"
keys Escape
wait_for "cinder-volume"
keys /
type_text "alice"
wait_for "Filter (3 of 3)"
keys Enter Escape
wait_gone "Filter ("

# Resize below the minimum and back.
tmx resize-window -x 40 -y 12
wait_for "Terminal too small"
tmx resize-window -x 80 -y 24
wait_for "3 projects"
wait_for "neutron-serve"

# The rebound key opens the wizard; Esc leaves it without asking.
keys N
wait_for "step 1 of"
keys Escape
wait_for "3 projects"

# Another process changes the database: the list follows within a second.
"$CERTTRACK" item rhosp16-openstack-nova-compute-beta connect_registration done >/dev/null ||
	fail "certtrack item"
wait_for "1/21"
keys /
type_text "nova"
wait_for "Filter (1 of 3)"
keys Enter Enter
wait_for "[Checklist 1/21]"
"$CERTTRACK" item rhosp16-openstack-nova-compute-beta zone_access done >/dev/null
wait_for "[Checklist 2/21]"
# A field edit of a value changed underneath asks instead of overwriting.
keys Tab
wait_for "[Fields"
keys j Enter
wait_for "Product:"
"$CERTTRACK" set rhosp16-openstack-nova-compute-beta product=Changed >/dev/null
keys C-u
type_text "Mine"
keys Enter
wait_for "Changed meanwhile"
wait_for "Theirs, saved now:"
wait_for "m keep mine (replaces theirs)"
keys m
wait_for "product saved"
"$CERTTRACK" --json show rhosp16-openstack-nova-compute-beta | grep -q '"product":"Mine"' ||
	fail "the confirmed value was not saved"
keys q
wait_for "3 projects"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# Monochrome: no colour escapes, but selection is still reverse video.
tui_start 80 24 --color=never
wait_for "3 projects"
tmx capture-pane -p -e >"$TUI_TMP/mono"
grep -q '\[3[0-7]m\|\[3[0-7];\|38;5;\|\[9[0-7]m' "$TUI_TMP/mono" && fail "colour in --color=never"
grep -q '\[7m\|;7m' "$TUI_TMP/mono" || fail "no reverse video for the selection"
screen | grep -q "^>…cinder-volume-alpha" || fail "no selection marker"
# SIGTERM restores the terminal and ends with 128+15.
pid=$(tmx list-panes -F '#{pane_pid}')
pkill -TERM -P "$pid" -x certtrack 2>/dev/null || kill -TERM "$(pgrep -P "$pid" certtrack)"
[ "$(wait_exit)" = 143 ] || fail "SIGTERM exit status"
NO_COLOR=1 tui_start 80 24
wait_for "3 projects"
tmx capture-pane -p -e | grep -q '38;5;\|\[3[0-7]m' && fail "colour with NO_COLOR"
keys Q
wait_exit >/dev/null
echo ok
