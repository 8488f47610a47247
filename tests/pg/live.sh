#!/bin/sh
# live.sh - PostgreSQL: an open TUI shows a change made by another process
# (LISTEN/NOTIFY) within about a second, with no key pressed, also after
# the server dropped its connection; and an edit of a value that changed
# underneath still asks.
CERTTRACK_TEST_DB=pg
export CERTTRACK_TEST_DB
. "$top_srcdir/tests/tui/lib.sh"
export TZ=UTC
A=rhosp16-openstack-cinder-volume-acme
B=rhosp16-openstack-neutron-server-bob
"$CERTTRACK" new "$A" product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 ||
	fail "certtrack new $A"

# wait_soon TEXT: TEXT shows within 3 seconds (a refresh within a second
# on a loaded machine).
wait_soon() {
	TUI_WAIT=3 wait_for "$1"
}

tui_start 100 30
wait_for "1 project"
wait_for "$A"

# A new project from another process (bob's shell).
CERTTRACK_USER=bob "$CERTTRACK" new "$B" product=Q product_version=2 plugin_status=in-tree \
	>/dev/null 2>&1 || fail "certtrack new $B"
wait_soon "$B"
wait_soon "2 projects"

# A hand-off from another process changes the owner column.
CERTTRACK_USER=bob "$CERTTRACK" handoff "$A" --to carol --note "over to you" >/dev/null 2>&1 ||
	fail "certtrack handoff"
wait_soon "carol"

# A project deleted elsewhere goes.
CERTTRACK_USER=bob "$CERTTRACK" delete "$B" >/dev/null 2>&1 || fail "certtrack delete"
wait_gone "$B"
wait_soon "1 project"

# An item done elsewhere while its project is open.
keys Enter
wait_for "Register with Red Hat Connect"
CERTTRACK_USER=bob "$CERTTRACK" item "$A" connect_registration done >/dev/null 2>&1 ||
	fail "certtrack item"
wait_soon "1/21"
keys q

# The server drops the TUI's connection (a restart, an idle timeout): the
# TUI, left alone, connects again and follows the next change, and the
# project opens.
dbname=${CERTTRACK_DB##*dbname=}
pg_psql "$dbname" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
	WHERE application_name = 'certtrack' AND pid <> pg_backend_pid()" >/dev/null ||
	fail "could not drop the TUI's connection"
sleep 1
CERTTRACK_USER=bob "$CERTTRACK" handoff "$A" --to dave --note "after the drop" >/dev/null 2>&1 ||
	fail "certtrack handoff after the drop"
TUI_WAIT=8 wait_for "dave"
keys Enter
wait_for "Register with Red Hat Connect"
keys q
keys q
[ "$(wait_exit)" = 0 ] || fail "certtrack did not exit 0"
[ -s "$TUI_TMP/stderr" ] && fail "stderr: $(cat "$TUI_TMP/stderr")"
echo "live: the TUI followed 5 changes of another process, one after its connection was dropped"
exit 0
