#!/bin/sh
# remote_helper.sh - verify's network work runs in certtrack-remote, so that
# certtrack itself does not load libcurl: the binary does not link it, a
# missing helper is a sentence (not a crash), and the helper refuses to be
# run by hand.
. "$top_srcdir/tests/cli/lib.sh"

t_case "certtrack does not link libcurl; the helper does"
if command -v ldd >/dev/null 2>&1 && [ -z "${CERTTRACK_VALGRIND:-}" ]; then
	ldd "$CERTTRACK" | grep -q libcurl && fail "certtrack links libcurl"
	# libpq (TLS, Kerberos, LDAP) is loaded only when a server is opened.
	ldd "$CERTTRACK" | grep -q libpq && fail "certtrack links libpq"
	ldd "$CERTTRACK_LIBEXECDIR/certtrack-remote" | grep -q libcurl ||
		fail "certtrack-remote does not link libcurl"
else
	t_skip "no ldd"
fi

run new rhosp16-openstack-cinder-volume-remote product=P product_version=1 plugin_status=in-tree
expect_rc 0

t_case "verify without the helper names it and how to fix it"
run_env CERTTRACK_LIBEXECDIR="$T_DIR/nowhere" -- verify rhosp16-openstack-cinder-volume-remote
expect_rc 4
expect_err_has "$T_DIR/nowhere/certtrack-remote"
expect_err_has "installed whole"

t_case "verify with the helper records its checks (no network needed: nothing to fetch)"
run --json verify rhosp16-openstack-cinder-volume-remote --git
expect_json '.checks[0].kind' git
expect_json '.checks[0].outcome' fail
expect_json '.recorded' true

t_case "the helper is not meant to be run by hand"
"$CERTTRACK_LIBEXECDIR/certtrack-remote" --help </dev/null >"$OUT" 2>"$ERR"
RC=$?
expect_rc 2
expect_err_has "run by certtrack verify"
t_done
