#!/bin/sh
# hangup.sh - the interface leaves when its terminal goes away, even when
# no SIGHUP reaches it (it is not the terminal's controlling process, as
# under setsid or a terminal revoked): it must not spin on reads that fail
# at once, taking a core until someone kills it.
. "$top_srcdir/tests/tui/lib.sh"

"$CERTTRACK" new rhosp16-openstack-cinder-volume-acme product=P >/dev/null 2>&1 ||
	fail "certtrack new"
# The interface in its own session, on the window's terminal by path.
tmx new-session -d -x 80 -y 24 \
	"T=\$(tty); setsid sh -c 'echo \$\$ >\"$TUI_TMP/pid\"; exec \"\$CERTTRACK\" <'\$T' >'\$T' 2>\"$TUI_TMP/stderr\"'; sleep 600"
wait_for "cinder-volume-acme"
pid=$(cat "$TUI_TMP/pid")
kill -0 "$pid" 2>/dev/null || fail "the interface is not running"
tmx kill-server
i=0
while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	state=$(ps -o stat=,pcpu= -p "$pid")
	kill -9 "$pid" 2>/dev/null
	fail "the interface still runs 10 s after its terminal went away (state $state)"
fi
echo "ok: the interface left when its terminal went away"
