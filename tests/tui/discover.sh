#!/bin/sh
# discover.sh - telling things apart and finding keys: five similar names
# at 80 and 60 columns keep their plugin part, the selected one is named in
# full; the key bar keeps help and quit on every screen (the builds bar
# shows m); Esc backs out of every screen; help opens at the screen's own
# keys, has the legend of the marks and the editing keys, and closes with
# Esc; an unknown escape sequence (End under TERM=xterm-256color) types
# nothing; the wizard offers the last project's product and version; the
# list says when the next action is blocked and never "ok" while fields the
# checklist needs are empty.
. "$top_srcdir/tests/tui/lib.sh"
P=rhosp16-openstack
for n in cinder-volume-acme-storage cinder-volume-acme-backup cinder-volume-zeta \
	cinder-backup-acme neutron-server-foo; do
	"$CERTTRACK" new "$P-$n" product="Acme $n" product_version=2.1 plugin_status=in-tree \
		>/dev/null 2>&1 || fail "certtrack new $n"
done
# The project changed last, a minute later: the wizard offers its product.
CERTTRACK_NOW=2026-11-27T10:01:00Z "$CERTTRACK" set "$P-cinder-volume-acme-backup" \
	product="Acme Backup Volume" product_version=3.0 >/dev/null || fail "certtrack set"
# The zeta project's next action is blocked.
for i in connect_registration git_repository; do
	"$CERTTRACK" item "$P-cinder-volume-zeta" $i blocked --reason "legal" >/dev/null ||
		fail "certtrack item blocked"
done

# Summaries as a file of the previous version has them (the new columns
# not computed): the list computes them once.
if [ "$TUI_PG" = 1 ]; then
	pg_psql "$(printf '%s\n' "$CERTTRACK_DB" | sed 's/.*dbname=//')" \
		-c "UPDATE projects SET sum_to_fill = -1, sum_next_blocked = 0, sum_broken = 0" ||
		fail "psql"
elif command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$CERTTRACK_DB" "UPDATE projects SET sum_to_fill = -1, sum_next_blocked = 0, sum_broken = 0" ||
		fail "sqlite3"
fi

for size in "80 24" "60 15"; do
	# shellcheck disable=SC2086
	tui_start $size
	wait_for "5 projects"
	for n in acme-storage acme-backup volume-zeta backup-acme server-foo; do
		wait_for "$n"
	done
	screen | grep -q " ok " && fail "\"ok\" for projects with empty fields at $size"
	wait_for "empty"
	wait_for "? help"
	wait_for "q quit"
	# The selected project in full, with its next action.
	wait_for "$P-cinder-backup-acme · next:"
	keys j j j
	wait_for "$P-cinder-volume-zeta · next, blocked:"
	screen | grep -q "✗ Reg" || fail "the list does not mark the blocked next action at $size"
	# Filter results are told apart the same way.
	keys /
	type_text acme
	wait_for "Filter (3 of 5)"
	wait_for "acme-storage"
	wait_for "acme-backup"
	keys Escape
	wait_gone "Filter ("
	keys Q
	[ "$(wait_exit)" = 0 ] || fail "exit at $size"
done

# Every screen keeps ? and q on its key bar, and Esc leaves it.
for size in "80 24" "60 15"; do
	# shellcheck disable=SC2086
	tui_start $size
	wait_for "5 projects"
	keys Enter
	wait_for "[Checklist"
	for sec in 1 2 3; do
		wait_for "? help"
		wait_for "q back"
		keys Tab
	done
	for scr in B P h; do
		keys "$scr"
		case $scr in
		B) wait_for "Builds of" ;;
		P) wait_for "Pre-scan of" ;;
		h) wait_for "History" ;;
		esac
		wait_for "? help"
		wait_for "q back"
		[ "$scr" = B ] && [ "$size" = "80 24" ] && wait_for "m scan by hand"
		keys Escape
		wait_for "[Checklist"
	done
	keys V
	wait_for "q back"
	# Esc cancels running checks first; then it leaves.
	keys Escape
	sleep 0.5
	screen | grep -q "Remote checks of" && keys Escape
	wait_for "[Checklist"
	# Help: at the checklist's keys, with the legend; Esc closes it.
	keys "?"
	wait_for "Project: checklist"
	screen | sed -n 2p | grep -q "Project: checklist" || fail "help does not open at the checklist"
	n=0
	while ! screen | grep -q "done, forced past an unmet" && [ $n -lt 30 ]; do
		keys PgDn
		sleep 0.2
		n=$((n + 1))
	done
	wait_for "done, forced past an unmet"
	keys G
	wait_for "Rebinding keys"
	keys Escape
	wait_for "[Checklist"
	keys Escape
	wait_for "5 projects"
	# The wizard: Esc leaves it (nothing typed, nothing asked).
	keys n
	wait_for "New project"
	keys Escape
	wait_for "5 projects"
	keys Q
	[ "$(wait_exit)" = 0 ] || fail "exit at $size"
done

# Help lists the editing keys.
tui_start 80 24
wait_for "5 projects"
keys "?"
wait_for "Keys"
n=0
while ! screen | grep -q "Delete the word before the cursor" && [ $n -lt 30 ]; do
	keys PgDn
	sleep 0.2
	n=$((n + 1))
done
wait_for "Delete the word before the cursor"
wait_for "Go to the end of the line"
keys Escape
wait_for "5 projects"

# The wizard offers the product and version of the project changed last.
keys n
wait_for "Project name"
type_text "$P-cinder-volume-newone"
keys Enter
wait_for "Acme Backup Volume"
keys Enter
wait_for "3.0"
keys Escape
wait_for "Leave without creating it?"
keys y
wait_for "5 projects"
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# End as tmux sends it under TERM=xterm-256color: nothing typed.
tmx kill-server >/dev/null 2>&1
TUI_SOCK="$TUI_SOCK_BASE-term"
tmx new-session -d -x 80 -y 24 "env TERM=xterm-256color \"\$CERTTRACK\" 2>\"$TUI_TMP/stderr\"; sleep 600"
tmx set-option -g status off >/dev/null
wait_for "5 projects"
keys /
type_text "zet"
keys Home End
type_text "a"
wait_for "Filter (1 of 5): zeta"
screen | grep -q "zet4\|zeta4\|zet~" && fail "an escape sequence was typed into the filter"
keys Escape
wait_gone "Filter ("
keys Q
