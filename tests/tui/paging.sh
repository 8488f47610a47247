#!/bin/sh
# paging.sh - the project list read from SQLite a window at a time: the
# title counts every project, End and Home reach the last and first rows,
# each sort order (and its reverse) is the one the list always had, the
# selection follows its project across sorting and filtering.
. "$top_srcdir/tests/tui/lib.sh"
i=0
while [ "$i" -lt 150 ]; do
	"$CERTTRACK" new "$(printf 'rhosp16-openstack-cinder-volume-p%03d' "$i")" product=P \
		product_version=1 plugin_status=in-tree >/dev/null 2>&1 || fail "certtrack new $i"
	i=$((i + 1))
done
# Progress: p007 and p120 are one item further than the rest; ties keep
# the name order.
for p in p120 p007; do
	"$CERTTRACK" item "rhosp16-openstack-cinder-volume-$p" connect_registration done >/dev/null ||
		fail "item $p"
done

# The first line of the list (below the heading) and the selected line.
row1() { screen | sed -n 3p; }
selected_row() { screen | grep '^>'; }
# wait_row1 TEXT MESSAGE: polls until the first row shows TEXT.
wait_row1() {
	n=0
	while [ "$n" -lt $((TUI_WAIT * 10)) ]; do
		row1 | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	fail "$2: $(row1)"
}
# wait_sel TEXT: polls until the selected line shows TEXT.
wait_sel() {
	n=0
	while [ "$n" -lt $((TUI_WAIT * 10)) ]; do
		selected_row | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	fail "$2"
}

tui_start 100 30
wait_for "150 projects"
wait_row1 "volume-p000" "the first row is not p000"
keys End
wait_for "volume-p149"
wait_gone "volume-p000"
wait_sel "volume-p149" "End did not select the last project"
keys Home
wait_for "volume-p000"
# Down twice: p002 is selected; sorting by progress keeps it selected.
keys Down Down
wait_sel "volume-p002" "p002 not selected"
keys s
wait_for "sorted by progress"
wait_sel "volume-p002" "the selection did not follow p002"
keys Home
wait_for "volume-p120"
wait_row1 "volume-p007" "the furthest projects are not first"
screen | sed -n 4p | grep -q "volume-p120" || fail "p120 is not second"
screen | sed -n 5p | grep -q "volume-p000" || fail "ties are not in name order"
# Reversed: the whole order reversed, ties included.
keys S
wait_for "reversed"
keys Home
wait_row1 "volume-p149" "reversed order does not start with p149"
keys End
wait_for "volume-p007"
wait_sel "volume-p007" "reversed order does not end with p007"
# Filter, then back: the selection stays on its project.
keys /
type_text "p00"
wait_for "Filter (10 of 150)"
keys Enter Escape
wait_gone "Filter ("
wait_sel "volume-p007" "the selection left p007 after the filter"
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status"
