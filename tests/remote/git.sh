#!/bin/sh
# git.sh - certtrack verify --git against real servers on 127.0.0.1:
# git http-backend (smart HTTP) behind lighttpd with TLS, the same
# repository served as static files (dumb HTTP), a private repository
# behind Basic auth, and the failures: nothing listening, an untrusted
# certificate, a server that never answers, a redirect to file://, an
# oversized answer, HTTP 500 and 429, and credentials kept from another
# host after a redirect.
. "$top_srcdir/tests/remote/lib.sh"

r_need lighttpd lighttpd
r_need git git
r_need htpasswd apache2-utils
GIT_BACKEND=$(git --exec-path)/git-http-backend
r_need "$GIT_BACKEND" git
LIGHTTPD_MODS=/usr/lib/lighttpd
[ -f "$LIGHTTPD_MODS/mod_openssl.so" ] || LIGHTTPD_MODS=$(dirname "$(find /usr/lib* -name mod_openssl.so 2>/dev/null | head -n 1)")
if [ ! -f "$LIGHTTPD_MODS/mod_openssl.so" ]; then
	echo "SKIP: $T_NAME needs lighttpd's TLS module (Debian package lighttpd-mod-openssl)"
	exit 77
fi

r_tls
W="$T_DIR/srv"
mkdir -p "$W/repos" "$W/www/dumb" "$W/www/cgi"

# ---- the repositories: branches main and release-1.0, an annotated tag ----
GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_NOSYSTEM
g() { git -c user.name=Tester -c user.email=tester@example.com -c init.defaultBranch=main "$@"; }
g init -q --bare "$W/repos/repo.git" || fail "git init"
g init -q --bare "$W/repos/empty.git" || fail "git init"
g init -q "$W/work" || fail "git init"
(
	cd "$W/work" &&
	echo 'FROM registry.redhat.io/rhosp-rhel8/openstack-cinder-volume:16.2' >Dockerfile &&
	g add Dockerfile && g commit -q -m first &&
	g branch release-1.0 &&
	g tag -a v1.0 -m "version 1.0" &&
	g push -q "$W/repos/repo.git" main release-1.0 v1.0
) || fail "cannot fill the test repository"
git --git-dir="$W/repos/repo.git" symbolic-ref HEAD refs/heads/main
git clone -q --bare "$W/repos/repo.git" "$W/www/dumb/repo.git" || fail "git clone"
git --git-dir="$W/www/dumb/repo.git" update-server-info || fail "update-server-info"
echo '<html><body>not a repository</body></html>' >"$W/www/index.html"
mkdir -p "$W/www/page.git/info" && cp "$W/www/index.html" "$W/www/page.git/info/refs"
htpasswd -b -c -B "$W/htpasswd" alice s3cret-pw >/dev/null 2>&1 ||
	htpasswd -b -c "$W/htpasswd" alice s3cret-pw >/dev/null || fail "htpasswd"

# ---- CGI scripts for the failures ----
cat >"$W/www/cgi/500.sh" <<'EOF'
printf 'Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nboom\n'
EOF
cat >"$W/www/cgi/429.sh" <<'EOF'
printf 'Status: 429 Too Many Requests\r\nRetry-After: 120\r\nContent-Type: text/plain\r\n\r\nslow down\n'
EOF
cat >"$W/www/cgi/tofile.sh" <<'EOF'
printf 'Status: 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n'
EOF
cat >"$W/www/cgi/big.sh" <<'EOF'
printf 'Content-Type: application/x-git-upload-pack-advertisement\r\n\r\n'
head -c 9000000 /dev/zero
EOF
cat >"$W/www/cgi/slow.sh" <<'EOF'
sleep 8
printf 'Content-Type: text/plain\r\n\r\nlate\n'
EOF
# Redirects to the same server under another name (another origin).
cat >"$W/www/cgi/elsewhere.sh" <<'EOF'
printf 'Status: 302 Found\r\nLocation: https://localhost:%s/cgi/dump.sh/repo.git/info/refs\r\n\r\n' "$SERVER_PORT"
EOF
cat >"$W/www/cgi/dump.sh" <<EOF
printf '%s' "\${HTTP_AUTHORIZATION:-none}" >"$W/auth-seen"
printf 'Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnothing\n'
EOF

cat >"$T_DIR/git.conf.in" <<EOF
server.document-root = "$W/www"
server.bind = "127.0.0.1"
server.port = @PORT@
server.errorlog = "$T_DIR/lighttpd-error.log"
server.modules = ("mod_access", "mod_alias", "mod_setenv", "mod_auth", "mod_authn_file", "mod_cgi", "mod_openssl")
server.max-keep-alive-idle = 5
mimetype.assign = (".html" => "text/html", "" => "application/octet-stream")
ssl.engine = "enable"
ssl.pemfile = "$R_TLS/server.crt"
ssl.privkey = "$R_TLS/server.key"
alias.url = ("/git" => "$GIT_BACKEND", "/private" => "$GIT_BACKEND")
\$HTTP["url"] =~ "^/(git|private)/" {
	cgi.assign = ("" => "")
	setenv.add-environment = ("GIT_PROJECT_ROOT" => "$W/repos", "GIT_HTTP_EXPORT_ALL" => "1")
}
\$HTTP["url"] =~ "^/private/" {
	auth.backend = "htpasswd"
	auth.backend.htpasswd.userfile = "$W/htpasswd"
	auth.require = ("" => ("method" => "basic", "realm" => "git", "require" => "valid-user"))
}
\$HTTP["url"] =~ "^/cgi/" {
	cgi.assign = (".sh" => "/bin/sh")
}
EOF
r_lighttpd git "$T_DIR/git.conf.in"
P=$R_PORT
U="https://127.0.0.1:$P"
CA="$R_TLS/ca.crt"

r_project git_url="$U/git/repo.git" branch=main

# verify_git URL BRANCH ARGS...: sets the fields, runs verify --git --json.
verify_git() {
	t_url=$1 t_branch=$2
	shift 2
	run set "$NAME" git_url="$t_url" branch="$t_branch"
	expect_rc 0
	run --json verify "$NAME" --git --cacert "$CA" "$@"
	# R_SHOW=1: what a person would read, for debugging.
	if [ -n "${R_SHOW:-}" ]; then
		jq -r '.checks[] | "  \(.outcome) \(.kind): \(.message)"' "$OUT" >&2
	fi
}

t_case "smart HTTP: repository reachable, branch main exists"
verify_git "$U/git/repo.git" main
expect_rc 0
expect_valid_json
expect_json '.checks[0].kind + " " + .checks[0].outcome' "git pass"
# lint's words (policy, status); kind/outcome stay as aliases for a release
expect_json '.checks[0].policy + " " + .checks[0].status' "git pass"
expect_json '.checks[1].policy + " " + .checks[1].status' "git_branch pass"
expect_jq '.checks[0].message | contains("smart HTTP")'
expect_json '.checks[1].kind + " " + .checks[1].outcome' "git_branch pass"
expect_jq '.checks[1].details.head == "refs/heads/main"'
expect_jq '.checks[1].details.branches == ["main", "release-1.0"]'
expect_json '.recorded' true

t_case "text output names the branch and the commit"
run verify "$NAME" --git --cacert "$CA"
expect_rc 0
expect_out_has "branch main exists (commit "
expect_out_has "result: passed (recorded)"

t_case "branch missing: a failure listing the branches"
verify_git "$U/git/repo.git" develop
expect_rc 1
expect_json '.checks[1].outcome' fail
expect_jq '.checks[1].message | contains("develop does not exist") and contains("main, release-1.0")'

t_case "a tag given as the branch is named as a tag"
verify_git "$U/git/repo.git" v1.0
expect_rc 1
expect_jq '.checks[1].message | contains("v1.0 is a tag, not a branch")'

t_case "trailing slash and refs/heads/ prefix are accepted"
verify_git "$U/git/repo.git/" refs/heads/release-1.0
expect_rc 0
expect_json '.checks[1].outcome' pass

t_case "empty repository: reachable, but no branch"
verify_git "$U/git/empty.git" main
expect_rc 1
expect_json '.checks[0].outcome' pass
expect_jq '.checks[1].message | contains("no branch")'

t_case "dumb HTTP (static files): reachable, branch exists, default branch from HEAD"
verify_git "$U/dumb/repo.git" ""
expect_rc 0
expect_jq '.checks[0].message | contains("dumb HTTP")'
expect_jq '.checks[1].message | contains("default branch, main")'

t_case "not a repository: a page is not taken for refs"
verify_git "$U/page.git" main
expect_rc 1
expect_jq '.checks[0].message | contains("not a git repository")'

t_case "not found: 404"
verify_git "$U/git/nothere.git" main
expect_rc 1
expect_json '.checks[0].outcome' fail
expect_jq '.checks[0].message | contains("not found (HTTP 404)")'
expect_jq '.checks | length == 1'

t_case "private repository without credentials: needs authentication"
verify_git "$U/private/repo.git" main
expect_rc 1
expect_jq '.checks[0].message | contains("needs authentication (HTTP 401)")'
expect_jq '.checks[0].fix | contains("CERTTRACK_GIT_USER")'

t_case "private repository with credentials from the environment"
run_env CERTTRACK_GIT_USER=alice CERTTRACK_GIT_PASSWORD=s3cret-pw -- --json verify "$NAME" --git --cacert "$CA"
expect_rc 0
expect_json '.checks[1].outcome' pass

t_case "wrong credentials are refused, with the variables named"
run_env CERTTRACK_GIT_USER=alice CERTTRACK_GIT_PASSWORD=wrong -- --json verify "$NAME" --git --cacert "$CA"
expect_rc 1
expect_jq '.checks[0].fix | contains("were refused")'

t_case "credentials from ~/.netrc"
printf 'machine 127.0.0.1 login alice password s3cret-pw\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
run --json verify "$NAME" --git --cacert "$CA"
rm -f "$HOME/.netrc"
expect_rc 0

t_case "no credential lands in the database or the output"
if grep -a -q "s3cret-pw" "$CERTTRACK_DB"; then fail "a password is in the database"; fi
run --json history "$NAME"
expect_out_not_has "s3cret-pw"

t_case "SSH URLs are not checkable over HTTP, never failed"
run set "$NAME" git_url=git@github.com:example/plugin.git branch=main
expect_rc 0
run --json verify "$NAME" --git
expect_rc 0
expect_json '.checks[0].outcome' not-checkable
expect_json '.checks[0].status' unknown
expect_jq '.checks[0].message | contains("SSH")'
run set "$NAME" git_url=ssh://git@github.com/example/plugin.git
run --json verify "$NAME" --git
expect_rc 0
expect_json '.checks[0].outcome' not-checkable

t_case "certificate of an unknown CA: a TLS failure, exit 4"
verify_git "$U/git/repo.git" main
run --json verify "$NAME" --git --cacert "$R_TLS/other.crt"
expect_rc 4
expect_json '.checks[0].outcome' error
expect_jq '.checks[0].message | contains("TLS") and contains("--cacert")'

t_case "unreadable CA file: usage error"
run verify "$NAME" --git --cacert "$T_DIR/nothere.pem"
expect_rc 2
expect_err_has "cannot read the CA file"

t_case "nothing listening: connection refused, exit 4"
r_free_port
verify_git "https://127.0.0.1:$R_PORT/git/repo.git" main
expect_rc 4
expect_jq '.checks[0].message | contains("refused the connection")'

t_case "HTTP 500: server error, exit 4"
verify_git "$U/cgi/500.sh/repo.git" main
expect_rc 4
expect_jq '.checks[0].message | contains("server error (HTTP 500)")'

t_case "HTTP 429 with Retry-After"
verify_git "$U/cgi/429.sh/repo.git" main
expect_rc 4
expect_jq '.checks[0].message | contains("HTTP 429") and contains("120 seconds")'

t_case "redirect to file:// is refused"
verify_git "$U/cgi/tofile.sh/repo.git" main
expect_rc 4
expect_jq '.checks[0].message | contains("file:///etc/passwd") and contains("refused")'

t_case "oversized answer is refused"
verify_git "$U/cgi/big.sh/repo.git" main
expect_rc 4
expect_jq '.checks[0].message | contains("larger than")'

t_case "a server that never answers: the timeout is honoured"
t_start=$(date +%s)
verify_git "$U/cgi/slow.sh/repo.git" main --timeout 2
t_took=$(($(date +%s) - t_start))
expect_rc 4
expect_jq '.checks[0].message | contains("did not answer within 2 seconds")'
[ "$t_took" -lt 15 ] || fail "verify took $t_took s with --timeout 2"

t_case "cancelled (SIGTERM) while waiting: exit 4, nothing recorded"
run --json history "$NAME"
t_events=$(jq length "$OUT")
T_LAST="certtrack verify (cancelled)"
$T_WRAP "$CERTTRACK" verify "$NAME" --git --cacert "$CA" --timeout 60 </dev/null >"$OUT" 2>"$ERR" &
t_pid=$!
sleep 1
kill -TERM "$t_pid"
wait "$t_pid"
RC=$?
t_check_crash
expect_rc 4
expect_err_has "cancelled; nothing was recorded"
run --json history "$NAME"
expect_json length "$t_events"

t_case "credentials are not sent to another host after a redirect"
rm -f "$W/auth-seen"
verify_git "$U/cgi/elsewhere.sh/repo.git" main
expect_rc 1
# Basic auth goes with the first request only when asked; force it with
# credentials in the environment:
run_env CERTTRACK_GIT_USER=alice CERTTRACK_GIT_PASSWORD=s3cret-pw -- --json verify "$NAME" --git --cacert "$CA"
expect_rc 1
[ -f "$W/auth-seen" ] || fail "the redirect target was not reached"
[ "$(cat "$W/auth-seen")" = none ] || fail "credentials reached the other host: $(cat "$W/auth-seen")"

t_case "results are stored with the project and in history; undo removes them"
run --json history "$NAME" --limit 1
expect_json '.[0].what' verify
run undo
expect_rc 0
run --json history "$NAME" --limit 1
expect_jq '.[0].what == "verify.remove" or .[0].what == "verify"'

t_case "plain http:// is refused for hosts other than this machine"
run --json verify "$NAME" --git --registry-url http://registry.example.com --registry
expect_rc 2
expect_err_has "plain http://"

echo "$T_NAME: $T_CASES cases passed"
