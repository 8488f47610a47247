#!/bin/sh
# verify.sh - the remote checks from the project screen (V): an ssh git
# URL is reported not checkable (never failed) and recorded; a port where
# nothing listens gives an error while the screen keeps answering keys;
# against a server that accepts and never answers, the progress shows and
# Esc cancels within a second or two, nothing recorded. No outside
# server is needed: the listeners are local and made with perl.
. "$top_srcdir/tests/tui/lib.sh"
SSH=rhosp16-openstack-cinder-volume-acme
DOWN=rhosp16-openstack-neutron-server-foo

# listen PORTFILE: a socket on 127.0.0.1 that accepts connections (the
# kernel's backlog) and never answers; its port lands in PORTFILE.
LISTEN_PID=""
listen() {
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(Listen => 5, LocalAddr => "127.0.0.1",
			LocalPort => 0, Proto => "tcp") or die "listen: $!";
		open(my $f, ">", $ARGV[0]) or die; print $f $s->sockport, "\n"; close $f;
		sleep 600;' "$1" &
	LISTEN_PID=$!
	i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$1" ]
}
have_perl=false
if command -v perl >/dev/null 2>&1 && perl -MIO::Socket::INET -e 1 2>/dev/null; then
	have_perl=true
fi
stop_listen() {
	[ -n "$LISTEN_PID" ] && kill "$LISTEN_PID" 2>/dev/null
	LISTEN_PID=""
}
trap 'stop_listen; cleanup' EXIT INT TERM

# A port with nothing listening: one that was free a moment ago.
DOWN_PORT=1
if $have_perl && listen "$TUI_TMP/down.port"; then
	DOWN_PORT=$(cat "$TUI_TMP/down.port")
	stop_listen
fi

"$CERTTRACK" new "$SSH" product=P product_version=1 plugin_status=in-tree \
	registry_namespace=acme outbound_repository="$SSH" git_url=git@github.com:acme/cinder.git \
	branch=main >/dev/null 2>&1 || fail "certtrack new $SSH"
"$CERTTRACK" new "$DOWN" product=P product_version=1 plugin_status=in-tree \
	"git_url=https://127.0.0.1:$DOWN_PORT/x.git" branch=main >/dev/null 2>&1 ||
	fail "certtrack new $DOWN"

tui_start 80 24
wait_for "2 projects"
keys Enter
wait_for "[Checklist 0/21]"
keys V
wait_for "Remote checks of $SSH"
wait_for "not-checkable git"
wait_for "an SSH URL cannot be checked"
# No build is recorded: the image check says what to do.
wait_for "no tag to check: no build is recorded"
wait_for "1 run recorded"
"$CERTTRACK" history "$SSH" | grep -q "verify .*not-checkable 1" ||
	fail "the run is not in history: $("$CERTTRACK" history "$SSH" | head -3)"
# Only the git source: a second run, also recorded.
keys s
wait_for "2 runs recorded"
keys q
wait_for "[Checklist"
keys q
wait_for "2 projects"

# Nothing listens: an error, and the screen keeps answering.
keys j Enter
wait_for "[Checklist 0/21]"
keys V
wait_for "Remote checks of $DOWN"
wait_for "refused the connection"
wait_for "NO ANSWER"
keys j
wait_for ">fail"
keys k
wait_for ">error"
"$CERTTRACK" history "$DOWN" | grep -q "verify .*error 1" || fail "the error run is not in history"

# A server that never answers: progress, then Esc cancels at once.
if $have_perl && listen "$TUI_TMP/silent.port"; then
	P=$(cat "$TUI_TMP/silent.port")
	"$CERTTRACK" set "$DOWN" "git_url=https://127.0.0.1:$P/x.git" >/dev/null ||
		fail "certtrack set git_url"
	wait_for "Git source: https://127.0.0.1:$P/x.git"
	keys r
	wait_for "checking the git source https://127.0.0.1:$P/x.git"
	wait_for "Esc cancels"
	# Still answering keys while the check waits.
	keys r
	wait_for "The checks are running"
	keys Escape
	# Cancelled within about a second (3 s for a loaded machine).
	w=$TUI_WAIT
	TUI_WAIT=3
	wait_for "Checks cancelled; nothing was recorded."
	TUI_WAIT=$w
	wait_for "nothing recorded"
	n=$("$CERTTRACK" history "$DOWN" | grep -c "verify ")
	[ "$n" = 1 ] || fail "a cancelled run was recorded ($n verify runs)"
	# Leaving while the checks run cancels them too.
	keys s
	wait_for "checking the git source"
	keys q
	wait_for "[Checklist"
	stop_listen
else
	echo "perl with IO::Socket::INET is missing: the cancel case is skipped"
fi
keys q
wait_for "2 projects"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"
echo ok
