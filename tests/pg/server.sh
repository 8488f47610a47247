# server.sh - a throwaway PostgreSQL server for the tests, sourced by
# tests/cli/lib.sh, tests/tui/lib.sh and tests/pg/*.sh. POSIX sh.
#
#   pg_server_start DIR   initdb + pg_ctl start in DIR (a new folder): a
#                         Unix socket in DIR and 127.0.0.1 on a free port;
#                         sets PG_SOCK, PG_PORT, PG_USER, PG_DATA. Returns 77
#                         (with PG_SKIP set to the reason) when the server
#                         binaries are missing.
#   pg_server_stop        stops it (call it from the caller's EXIT trap)
#   pg_createdb NAME      a fresh database; prints its connection string
#   pg_psql DB ARGS...    psql on a database of that server
#
# As root, the server runs as the unprivileged user certtrack-test
# (created when missing). The superuser role is "certtrack" (trust on the
# socket and for 127.0.0.1); the role "pwuser" with password "secret" logs
# in over 127.0.0.1 only with scram-sha-256 (the wrong-password test).

PG_BIN=${PG_BIN:-}
if [ -z "$PG_BIN" ]; then
	for d in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin /usr/bin; do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && PG_BIN=$d
	done
fi
PG_USER=certtrack
PG_SOCK="" PG_PORT="" PG_DATA="" PG_SKIP="" PG_RUNAS=""

pg_as() {
	if [ -n "$PG_RUNAS" ]; then
		runuser -u "$PG_RUNAS" -- "$@"
	else
		"$@"
	fi
}

pg_server_start() {
	if [ -z "$PG_BIN" ]; then
		PG_SKIP="the PostgreSQL server binaries (initdb, pg_ctl) are missing: install postgresql (Debian) or postgresql-server (Fedora)"
		return 77
	fi
	pg_dir=$1
	mkdir -p "$pg_dir" || return 99
	if [ "$(id -u)" = 0 ]; then
		if ! id certtrack-test >/dev/null 2>&1; then
			useradd --system --no-create-home --shell /usr/sbin/nologin certtrack-test 2>/dev/null ||
				useradd -r -M -s /sbin/nologin certtrack-test || return 99
		fi
		if ! command -v runuser >/dev/null 2>&1; then
			PG_SKIP="running as root and runuser is missing to start PostgreSQL as certtrack-test"
			return 77
		fi
		PG_RUNAS=certtrack-test
		# The server user must reach its folder.
		d=$pg_dir
		while [ "$d" != / ] && [ -n "$d" ]; do
			chmod o+x "$d" 2>/dev/null
			d=$(dirname "$d")
		done
		chown "$PG_RUNAS" "$pg_dir"
	fi
	PG_DATA=$pg_dir/data
	PG_SOCK=$pg_dir
	printf 'secret\n' >"$pg_dir/pw"
	chmod 644 "$pg_dir/pw"
	pg_as "$PG_BIN/initdb" -N -A trust -U "$PG_USER" -E UTF8 --locale=C -D "$PG_DATA" \
		>"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; return 99; }
	pg_as sh -c "cat >'$PG_DATA/pg_hba.conf'" <<EOT
local all all trust
host all pwuser 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
EOT
	tries=0
	while [ "$tries" -lt 10 ]; do
		tries=$((tries + 1))
		# A port from the ephemeral range; another taker makes the
		# start fail, and the next try picks another.
		PG_PORT=$(( ( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 ) + 30000 ))
		if pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$pg_dir/server.log" -w -t 30 start \
			-o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=120 -c shared_buffers=16MB" \
			>/dev/null 2>&1; then
			pg_psql postgres -c "CREATE ROLE pwuser LOGIN PASSWORD 'secret' CREATEDB" >/dev/null || return 99
			return 0
		fi
	done
	cat "$pg_dir/server.log" >&2
	return 99
}

pg_server_stop() {
	[ -n "$PG_DATA" ] && [ -d "$PG_DATA" ] &&
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1
	PG_DATA=""
}

pg_psql() {
	pg_db=$1
	shift
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U "$PG_USER" -d "$pg_db" "$@"
}

# The connection string of a fresh database NAME (dropped first).
pg_createdb() {
	pg_psql postgres -c "DROP DATABASE IF EXISTS \"$1\"" >/dev/null 2>&1
	"$PG_BIN/createdb" -h "$PG_SOCK" -p "$PG_PORT" -U "$PG_USER" "$1" || return 1
	printf 'host=%s port=%s user=%s dbname=%s\n' "$PG_SOCK" "$PG_PORT" "$PG_USER" "$1"
}
