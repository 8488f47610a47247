#!/bin/sh
# registry_auth.sh - certtrack verify --registry against docker-registry
# with TLS (a private CA given with --cacert) and Basic auth (htpasswd,
# bcrypt), then with token auth: the registry's Bearer challenge answered
# by a token service (a CGI script under lighttpd signing JWTs with
# openssl), anonymous for one repository and with credentials for another.
. "$top_srcdir/tests/remote/lib.sh"

r_need "$R_REGISTRY" docker-registry
r_need htpasswd apache2-utils
r_need lighttpd lighttpd

r_tls
S="$T_DIR/storage"
mkdir -p "$S"

# ---- push the images through an open registry on the same storage ----
cat >"$T_DIR/open.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $S
http:
  addr: 127.0.0.1:0
  secret: certtrack-test
EOF
r_registry open "$T_DIR/open.yml"
B="http://127.0.0.1:$R_PORT"
m=$(r_image "$B" ns/good 1001 "$R_GOOD_LABELS" 2) || exit 1
r_push_manifest "$B" ns/good 1.0 "$R_OCI_MANIFEST" "$m"
m=$(r_image "$B" ns/private 1001 "$R_GOOD_LABELS" 2) || exit 1
r_push_manifest "$B" ns/private 1.0 "$R_OCI_MANIFEST" "$m"
r_stop_last

# ---- TLS and Basic auth ----
htpasswd -Bbn carol 'registry-pw' >"$T_DIR/htpasswd" || fail "htpasswd -B"
cat >"$T_DIR/tls.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $S
http:
  addr: 127.0.0.1:0
  secret: certtrack-test
  tls:
    certificate: $R_TLS/server.crt
    key: $R_TLS/server.key
auth:
  htpasswd:
    realm: certtrack-test
    path: $T_DIR/htpasswd
EOF
r_registry tls "$T_DIR/tls.yml"
TLS="https://127.0.0.1:$R_PORT"
CA="$R_TLS/ca.crt"

r_project registry_namespace=ns outbound_repository=good

t_case "TLS + Basic: no credentials, needs authentication"
run --json verify "$NAME" --registry --registry-url "$TLS" --cacert "$CA" --tag 1.0
expect_rc 1
expect_jq '.checks[0].message | contains("needs authentication (HTTP 401)")'
expect_jq '.checks[0].fix | contains("CERTTRACK_REGISTRY_USER")'

t_case "TLS + Basic: credentials from the environment"
run_env CERTTRACK_REGISTRY_USER=carol CERTTRACK_REGISTRY_PASSWORD=registry-pw -- \
	--json verify "$NAME" --registry --registry-url "$TLS" --cacert "$CA" --tag 1.0
expect_rc 0
expect_json '.checks[0].outcome' pass
expect_json '.checks | length' 6

t_case "TLS + Basic: wrong password"
run_env CERTTRACK_REGISTRY_USER=carol CERTTRACK_REGISTRY_PASSWORD=nope -- \
	--json verify "$NAME" --registry --registry-url "$TLS" --cacert "$CA" --tag 1.0
expect_rc 1
expect_jq '.checks[0].fix | contains("were refused")'

t_case "TLS + Basic: credentials from ~/.netrc"
printf 'machine 127.0.0.1 login carol password registry-pw\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
run --json verify "$NAME" --registry --registry-url "$TLS" --cacert "$CA" --tag 1.0
rm -f "$HOME/.netrc"
expect_rc 0

t_case "TLS: without --cacert the private CA is not trusted (no insecure switch)"
run --json verify "$NAME" --registry --registry-url "$TLS" --tag 1.0
expect_rc 4
expect_jq '.checks[0].message | contains("TLS") and contains("--cacert")'

t_case "TLS: a bare host means https://"
run --json verify "$NAME" --registry --registry-url "127.0.0.1:${TLS##*:}" --cacert "$CA" --tag 1.0
expect_rc 1
expect_jq '.checks[0].message | contains("HTTP 401")'

t_case "no password in the database or the output"
if grep -a -q "registry-pw" "$CERTTRACK_DB"; then fail "a password is in the database"; fi
run --json history "$NAME"
expect_out_not_has "registry-pw"

r_stop_last

# ---- token auth: the Bearer challenge ----
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=certtrack test token signer" \
	-keyout "$T_DIR/token.key" -out "$T_DIR/token.crt" >/dev/null 2>&1 || fail "openssl"
mkdir -p "$T_DIR/www/cgi"
BOB=$(printf 'bob:token-pw' | openssl base64 -A)
cat >"$T_DIR/www/cgi/token.sh" <<EOF
# A token service for docker-registry's token auth: a JWT signed RS256
# with the certificate in x5c; ns/private needs bob's credentials.
b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
echo "\${HTTP_AUTHORIZATION:-none} \$QUERY_STRING" >>"$T_DIR/token-requests"
scope=\$(printf '%s' "\$QUERY_STRING" | tr '&' '\n' | sed -n 's/^scope=//p' | sed 's/%3[Aa]/:/g; s/%2[Ff]/\//g; s/%2[Cc]/,/g')
name=\$(printf '%s' "\$scope" | cut -d: -f2)
if [ "\$name" = ns/private ] && [ "\${HTTP_AUTHORIZATION:-}" != "Basic $BOB" ]; then
	printf 'Status: 401 Unauthorized\r\nWWW-Authenticate: Basic realm="token"\r\nContent-Type: application/json\r\n\r\n{"details":"log in"}\n'
	exit 0
fi
access=""
[ -n "\$name" ] && access="{\"type\":\"repository\",\"name\":\"\$name\",\"actions\":[\"pull\"]}"
now=\$(date +%s)
x5c=\$(openssl x509 -in "$T_DIR/token.crt" -outform DER | openssl base64 -A)
h=\$(printf '{"alg":"RS256","typ":"JWT","x5c":["%s"]}' "\$x5c" | b64)
c=\$(printf '{"iss":"certtrack-test-issuer","sub":"tester","aud":"certtrack-test-registry","exp":%s,"nbf":%s,"iat":%s,"jti":"%s","access":[%s]}' \$((now + 600)) \$((now - 60)) \$now \$\$ "\$access" | b64)
sig=\$(printf '%s.%s' "\$h" "\$c" | openssl dgst -sha256 -sign "$T_DIR/token.key" -binary | b64)
printf 'Content-Type: application/json\r\n\r\n{"token":"%s.%s.%s","expires_in":600}\n' "\$h" "\$c" "\$sig"
EOF
cat >"$T_DIR/token.conf.in" <<EOF
server.document-root = "$T_DIR/www"
server.bind = "127.0.0.1"
server.port = @PORT@
server.errorlog = "$T_DIR/lighttpd-error.log"
server.modules = ("mod_cgi")
\$HTTP["url"] =~ "^/cgi/" {
	cgi.assign = (".sh" => "/bin/sh")
}
EOF
r_lighttpd token "$T_DIR/token.conf.in"
REALM="http://127.0.0.1:$R_PORT/cgi/token.sh"

cat >"$T_DIR/token.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $S
http:
  addr: 127.0.0.1:0
  secret: certtrack-test
auth:
  token:
    realm: $REALM
    service: certtrack-test-registry
    issuer: certtrack-test-issuer
    rootcertbundle: $T_DIR/token.crt
EOF
r_registry token "$T_DIR/token.yml"
TOK="http://127.0.0.1:$R_PORT"

t_case "Bearer: anonymous token for a public repository"
run --json verify "$NAME" --registry --registry-url "$TOK" --tag 1.0
expect_rc 0
expect_json '.checks[0].outcome' pass
expect_json '[.checks[].outcome] | unique | join(",")' pass
grep -q "service=certtrack-test-registry" "$T_DIR/token-requests" || fail "the token service was not asked"
grep -q "scope=repository%3Ans%2Fgood%3Apull" "$T_DIR/token-requests" || fail "no pull scope asked"

t_case "Bearer: a private repository without credentials"
run set "$NAME" outbound_repository=private
run --json verify "$NAME" --registry --registry-url "$TOK" --tag 1.0
expect_rc 1
expect_jq '.checks[0].message | contains("token service") and contains("HTTP 401")'
expect_jq '.checks[0].fix | contains("CERTTRACK_REGISTRY_USER")'

t_case "Bearer: credentials go to the token service, the token to the registry"
run_env CERTTRACK_REGISTRY_USER=bob CERTTRACK_REGISTRY_PASSWORD=token-pw -- \
	--json verify "$NAME" --registry --registry-url "$TOK" --tag 1.0
expect_rc 0
expect_json '.checks[0].outcome' pass
grep -q "^Basic $BOB " "$T_DIR/token-requests" || fail "the token service did not get the credentials"

t_case "no token or password in the database"
if grep -a -q -e "token-pw" -e "eyJ" "$CERTTRACK_DB"; then fail "a credential is in the database"; fi

echo "$T_NAME: $T_CASES cases passed"
