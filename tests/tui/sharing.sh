#!/bin/sh
# sharing.sh - the projects screen's sharing: a report exported in two
# formats (all projects, the selected one, the filtered ones), a second
# export to the same name asks and "no" keeps the file, "yes" replaces it;
# a backup copy that passes integrity_check and is not replaced unasked;
# the last hand-off of the selected project; "also open by" while a
# second TUI (bob) has the file open, gone once it quits.
. "$top_srcdir/tests/tui/lib.sh"
# "since 10:00" is local time: the clock's 10:00Z.
export TZ=UTC
A=rhosp16-openstack-cinder-volume-acme
F=rhosp16-openstack-neutron-server-foo
for p in "$A" "$F"; do
	"$CERTTRACK" new "$p" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
		fail "certtrack new $p"
done
"$CERTTRACK" handoff "$A" --to bob --note "scan is next" >/dev/null || fail "certtrack handoff"

# Files are offered in the current folder: the test's own.
cd "$TUI_TMP" || fail "cd"
REPORT=certtrack-report-20261127-1000
BACKUP=certtrack-backup-20261127-1000.db

# Two TUIs at once: the first is session "alice", bob's is "bob".
TARGET=alice
screen() {
	tmx capture-pane -p -t "$TARGET" 2>/dev/null
}
keys() {
	tmx send-keys -t "$TARGET" "$@"
}

tui_start 80 24
tmx rename-session alice
wait_for "2 projects"
wait_for "handed from alice to bob on 2026-11-27"
wait_for "scan is next"

# Markdown of every project.
keys e
wait_for "Export a report: which format?"
keys Enter
wait_for "Which projects?"
wait_for "all 2 projects"
keys Enter
wait_for "Report file"
wait_for "$REPORT.md"
keys Enter
wait_for "Report (markdown, 2 projects) written to"
[ -s "$REPORT.md" ] || fail "no $REPORT.md"
grep -qF "$A" "$REPORT.md" && grep -qF "$F" "$REPORT.md" || fail "markdown lacks a project"

# HTML of the selected project only (digits choose in a list).
keys e
wait_for "which format?"
keys 2
wait_for "Which projects?"
keys 2
wait_for "$REPORT.html"
keys Enter
wait_for "Report (html, 1 project) written to"
grep -q "<html" "$REPORT.html" || fail "$REPORT.html is not HTML"
grep -qF "$A" "$REPORT.html" || fail "html lacks the selected project"
grep -qF "$F" "$REPORT.html" && fail "html holds a project that was not selected"

# The same name again: asked, and "no" leaves the file as it is.
echo "kept by hand" >>"$REPORT.md"
keys e
wait_for "which format?"
keys 1
wait_for "Which projects?"
keys Enter
wait_for "exists; you will be asked"
keys Enter
wait_for "Overwrite it? [y/N]"
keys n
wait_for "Nothing written;"
grep -q "kept by hand" "$REPORT.md" || fail "the report was replaced after no"
# "yes" replaces it.
keys e
wait_for "which format?"
keys 1
wait_for "Which projects?"
keys Enter
wait_for "Report file"
keys Enter
wait_for "Overwrite it? [y/N]"
keys y
wait_for "Report (markdown, 2 projects) written to"
grep -q "kept by hand" "$REPORT.md" && fail "the report was not replaced after yes"

# The filtered projects.
rm -f "$REPORT.md"
keys /
type_text "neutron"
wait_for "Filter (1 of 2)"
keys Enter
keys e
wait_for "which format?"
keys 1
wait_for "the 1 project the filter keeps"
keys Enter
wait_for "Report file"
keys Enter
wait_for "Report (markdown, 1 project) written to"
grep -qF "$F" "$REPORT.md" || fail "filtered report lacks $F"
grep -qF "$A" "$REPORT.md" && fail "filtered report holds $A"
keys Escape
wait_gone "Filter ("

# A backup copy, checked; a second one to the same name is asked for.
keys W
wait_for "Backup file"
wait_for "$BACKUP"
keys Enter
wait_for "Backup written to"
[ -s "$BACKUP" ] || fail "no $BACKUP"
if command -v sqlite3 >/dev/null 2>&1; then
	[ "$(sqlite3 "$BACKUP" 'PRAGMA integrity_check')" = ok ] || fail "backup integrity_check"
fi
CERTTRACK_DB="$TUI_TMP/$BACKUP" "$CERTTRACK" list | grep -qF "$F" || fail "backup lacks $F"
before=$(cksum <"$BACKUP")
keys W
wait_for "Backup file"
keys Enter
wait_for "Overwrite it? [y/N]"
keys n
wait_for "Nothing written;"
[ "$(cksum <"$BACKUP")" = "$before" ] || fail "the backup was replaced after no"

# A second TUI by bob: each sees the other, and bob's goes when he quits.
tmx new-session -d -s bob -x 80 -y 24 \
	"CERTTRACK_USER=bob \"\$CERTTRACK\" 2>\"$TUI_TMP/stderr-bob\"; echo \$? >\"$TUI_TMP/exit-bob\"; sleep 600"
TARGET=bob
wait_for "2 projects"
wait_for "also open by alice@"
TARGET=alice
wait_for "also open by bob@"
screen | grep -q "also open by bob@.* since 10:00" || fail "no time in: $(screen | grep 'also open')"
TARGET=bob
keys q
i=0
while [ ! -s "$TUI_TMP/exit-bob" ] && [ $i -lt $((TUI_WAIT * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(cat "$TUI_TMP/exit-bob" 2>/dev/null)" = 0 ] || fail "bob's TUI did not end well"
TARGET=alice
wait_gone "also open by"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"
echo ok
