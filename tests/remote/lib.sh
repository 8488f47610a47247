# lib.sh - real servers for the remote-check tests (tests/remote/*.sh), on
# top of the command-line test helpers (tests/cli/lib.sh). POSIX sh.
#
# Servers come from Debian packages and listen on 127.0.0.1 only, on a
# free port found at start; every server a test starts is stopped when it
# exits. A test skips (77) only when a server package is missing.
#
#   r_need CMD PACKAGE      skip unless CMD is installed (from PACKAGE)
#   r_tls                   a CA and a certificate for 127.0.0.1/localhost
#                           in $R_TLS (ca.crt, server.crt, server.key)
#   r_lighttpd NAME CONF    start lighttpd with CONF (its port comes from
#                           @PORT@); sets R_PORT
#   r_registry NAME CONF    start docker-registry with CONF (addr
#                           127.0.0.1:0); sets R_PORT
#   r_free_port             a port with nothing listening, in R_PORT
#   r_project               a project named $NAME in a new database

. "$top_srcdir/tests/cli/lib.sh"

R_PIDS=""
r_cleanup() {
	for r_pid in $R_PIDS; do
		kill "$r_pid" 2>/dev/null
	done
	for r_pid in $R_PIDS; do
		# Wait a little so that the ports are free for the next test.
		r_i=0
		while kill -0 "$r_pid" 2>/dev/null && [ $r_i -lt 50 ]; do
			sleep 0.1
			r_i=$((r_i + 1))
		done
		kill -9 "$r_pid" 2>/dev/null
	done
	# R_KEEP=1: keep the folder (logs, configurations) for debugging.
	if [ -n "${R_KEEP:-}" ]; then
		echo "$T_NAME: kept $T_DIR" >&2
	else
		t_cleanup
	fi
}
trap r_cleanup EXIT

# Proxies of the environment would send requests to 127.0.0.1 elsewhere.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy NO_PROXY no_proxy
unset CERTTRACK_GIT_USER CERTTRACK_GIT_PASSWORD CERTTRACK_REGISTRY_USER CERTTRACK_REGISTRY_PASSWORD
# docker-registry reads REGISTRY_* variables over its configuration.
for r_v in $(env | sed -n 's/^\(REGISTRY_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$r_v"
done

# Debian's docker-registry; Fedora's docker-distribution calls it registry.
R_REGISTRY=$(command -v docker-registry || command -v registry || echo docker-registry)

r_need() {
	if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
		echo "SKIP: $T_NAME needs $1 (Debian package $2)"
		exit 77
	fi
}

r_need curl curl
r_need openssl openssl

# A random port number between 20000 and 59999.
r_random_port() {
	r_n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((20000 + r_n % 40000))
}

# Whether something listens on 127.0.0.1:$1 (curl exit 7: refused).
r_listening() {
	curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$1/" 2>/dev/null
	[ $? != 7 ]
}

r_free_port() {
	while :; do
		R_PORT=$(r_random_port)
		r_listening "$R_PORT" || return 0
	done
}

# r_wait_up PID PORT: until the port answers (60 s: a loaded machine).
r_wait_up() {
	r_i=0
	while [ $r_i -lt 600 ]; do
		kill -0 "$1" 2>/dev/null || return 1
		r_listening "$2" && return 0
		sleep 0.1
		r_i=$((r_i + 1))
	done
	return 1
}

r_tls() {
	R_TLS="$T_DIR/tls"
	mkdir -p "$R_TLS"
	(
		cd "$R_TLS" || exit 1
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=certtrack test CA" \
			-keyout ca.key -out ca.crt \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1 &&
		openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
			-keyout server.key -out server.csr >/dev/null 2>&1 &&
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >ext &&
		openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
			-days 2 -extfile ext -out server.crt >/dev/null 2>&1 &&
		# A CA nobody trusts: for the "certificate not trusted" case.
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other CA" \
			-keyout other.key -out other.crt >/dev/null 2>&1
	) || fail "cannot make the test certificates with openssl"
}

# r_lighttpd NAME CONF: CONF with @PORT@ for the port; retries other
# ports when the one tried is taken meanwhile.
r_lighttpd() {
	r_tries=0
	while [ $r_tries -lt 10 ]; do
		r_free_port
		sed "s|@PORT@|$R_PORT|g" "$2" >"$T_DIR/$1.conf"
		lighttpd -D -f "$T_DIR/$1.conf" >"$T_DIR/$1.log" 2>&1 &
		r_pid=$!
		R_PIDS="$R_PIDS $r_pid"
		if r_wait_up "$r_pid" "$R_PORT"; then
			return 0
		fi
		kill "$r_pid" 2>/dev/null
		r_tries=$((r_tries + 1))
	done
	cat "$T_DIR/$1.log" >&2
	fail "lighttpd ($1) did not start"
}

# r_registry NAME CONF: docker-registry with addr 127.0.0.1:0; the port
# it got is read from its log.
r_registry() {
	"$R_REGISTRY" serve "$2" >"$T_DIR/$1.log" 2>&1 &
	r_pid=$!
	R_PIDS="$R_PIDS $r_pid"
	r_i=0
	R_PORT=""
	while [ $r_i -lt 600 ] && [ -z "$R_PORT" ]; do
		kill -0 "$r_pid" 2>/dev/null || break
		R_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$T_DIR/$1.log" | head -n 1)
		[ -n "$R_PORT" ] || sleep 0.1
		r_i=$((r_i + 1))
	done
	if [ -z "$R_PORT" ] || ! r_wait_up "$r_pid" "$R_PORT"; then
		cat "$T_DIR/$1.log" >&2
		fail "docker-registry ($1) did not start"
	fi
}

# r_stop_last: stops the newest server (to reuse its storage elsewhere).
r_stop_last() {
	r_last=${R_PIDS##* }
	kill "$r_last" 2>/dev/null
	r_i=0
	while kill -0 "$r_last" 2>/dev/null && [ $r_i -lt 100 ]; do
		sleep 0.1
		r_i=$((r_i + 1))
	done
}

r_project() {
	run init
	expect_rc 0
	run new "$NAME" "$@"
	expect_rc 0
}

# ---- pushing images through the registry's upload API (curl) ----

# r_push_blob BASE NAME FILE [CURL ARGS...]: prints the digest.
r_push_blob() {
	r_base=$1 r_name=$2 r_file=$3
	shift 3
	r_d="sha256:$(sha256sum "$r_file" | cut -d' ' -f1)"
	r_loc=$(curl -s -f -X POST -D - -o /dev/null "$@" "$r_base/v2/$r_name/blobs/uploads/" |
		tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
	[ -n "$r_loc" ] || fail "registry: no upload location for $r_name"
	case $r_loc in
	/*) r_loc="$r_base$r_loc" ;;
	esac
	case $r_loc in
	*\?*) r_loc="$r_loc&digest=$r_d" ;;
	*) r_loc="$r_loc?digest=$r_d" ;;
	esac
	curl -s -f -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$r_file" \
		-o /dev/null "$@" "$r_loc" || fail "registry: blob upload failed for $r_name"
	echo "$r_d"
}

# r_push_manifest BASE NAME REF TYPE FILE
r_push_manifest() {
	curl -s -f -X PUT -H "Content-Type: $4" --data-binary "@$5" -o /dev/null \
		"$1/v2/$2/manifests/$3" || fail "registry: manifest upload failed for $2:$3"
}

# r_image BASE NAME USER LABELS_JSON LAYERS: pushes a config and LAYERS
# small layers; prints the manifest file name (OCI image manifest).
r_image() {
	r_base=$1 r_name=$2 r_user=$3 r_labels=$4 r_layers=$5
	r_img="$T_DIR/img.$(r_random_port).$$"
	mkdir -p "$r_img"
	r_k=0
	r_lj=""
	while [ $r_k -lt "$r_layers" ]; do
		printf 'layer %s of %s %s\n' "$r_k" "$r_name" "$r_img" >"$r_img/layer$r_k"
		r_ld=$(r_push_blob "$r_base" "$r_name" "$r_img/layer$r_k") || exit 1
		r_sz=$(wc -c <"$r_img/layer$r_k" | tr -d ' ')
		r_lj="$r_lj${r_lj:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"$r_ld\",\"size\":$r_sz}"
		r_k=$((r_k + 1))
	done
	printf '{"architecture":"amd64","os":"linux","config":{"User":"%s","Labels":%s},"rootfs":{"type":"layers","diff_ids":[]}}' \
		"$r_user" "$r_labels" >"$r_img/config"
	r_cd=$(r_push_blob "$r_base" "$r_name" "$r_img/config") || exit 1
	r_cs=$(wc -c <"$r_img/config" | tr -d ' ')
	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[%s]}' \
		"$r_cd" "$r_cs" "$r_lj" >"$r_img/manifest"
	echo "$r_img/manifest"
}

R_OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
R_OCI_INDEX=application/vnd.oci.image.index.v1+json
R_GOOD_LABELS='{"name":"rhosp16/openstack-cinder-volume-myplugin","maintainer":"Jane <jane@example.com>","vendor":"Example Storage Inc.","version":"1.0","release":"1","summary":"Cinder volume driver for Example Storage","description":"Cinder volume driver for Example Storage, for Red Hat OpenStack Platform"}'
