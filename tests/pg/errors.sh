#!/bin/sh
# errors.sh - PostgreSQL: what a person sees when the server cannot be
# used: a password in the connection string (refused, never echoed), a
# missing or wrong password, a missing database, TLS, no permission, a
# newer schema, a stopped server. Each one sentence, exit 4 (3 for data).
. "$top_srcdir/tests/pg/lib.sh"

DB=$(pg_dbname)

t_case "the database is created and migrated on first use"
run init
expect_rc 0
v=$(pg_psql "$DB" -At -c "SELECT max(version) FROM certtrack_schema") || fail "psql failed"
[ "$v" = 6 ] || fail "schema version: expected 6 (as SQLite's), got $v"
run --json new "$NAME"
expect_rc 0

t_case "a password in a URI is refused with the fix, and not echoed"
run --db "postgresql://$PG_USER:hunter2@127.0.0.1:$PG_PORT/$DB" list
expect_rc 2
expect_one_line_err
expect_err_has "contains a password; put it in ~/.pgpass or PGPASSWORD instead"
expect_err_not_has hunter2

t_case "a password in a keyword string is refused, and not echoed"
run --db "host=127.0.0.1 port=$PG_PORT password=hunter2 dbname=$DB" list
expect_rc 2
expect_one_line_err
expect_err_not_has hunter2

t_case "a file whose name looks like a keyword string is still a file"
run --db "$T_DIR/dbname=x.db" init
expect_rc 0
[ -f "$T_DIR/dbname=x.db" ] || fail "no SQLite file was created"

t_case "no password for a user that needs one: where to put it"
run --db "$(pg_tcp "$DB" pwuser)" list
expect_rc 4
expect_one_line_err
expect_err_has "~/.pgpass"

t_case "a wrong password: authentication failed, the password not shown"
run_env PGPASSWORD=wrongpass -- --db "$(pg_tcp "$DB" pwuser)" list
expect_rc 4
expect_one_line_err
expect_err_has "authentication failed"
expect_err_not_has wrongpass

t_case "the right password from PGPASSWORD works"
pg_psql "$DB" -c "GRANT ALL ON ALL TABLES IN SCHEMA public TO pwuser" || fail "grant"
run_env PGPASSWORD=secret -- --db "$(pg_tcp "$DB" pwuser)" --json list
expect_rc 0
expect_json 'length' 1

t_case "the right password from ~/.pgpass works"
printf '127.0.0.1:%s:*:pwuser:secret\n' "$PG_PORT" >"$HOME/.pgpass"
chmod 600 "$HOME/.pgpass"
run --db "$(pg_tcp "$DB" pwuser)" --json list
expect_rc 0
rm -f "$HOME/.pgpass"

t_case "a missing database: says how to create it"
run --db "host=$PG_SOCK port=$PG_PORT user=$PG_USER dbname=nosuchdb" list
expect_rc 4
expect_one_line_err
expect_err_has "createdb nosuchdb"

t_case "sslmode=require against a server without TLS: a TLS failure"
run --db "$(pg_tcp "$DB") sslmode=require" list
expect_rc 4
expect_one_line_err
expect_err_has "TLS"

t_case "a host that is not this machine gets sslmode=verify-full by default"
run --db "host=db.example.test hostaddr=127.0.0.1 port=$PG_PORT user=$PG_USER dbname=$DB" list
expect_rc 4
expect_one_line_err
expect_err_has "sslmode=verify-full"

t_case "sslmode given by the user is honoured (disable)"
run --db "host=db.example.test hostaddr=127.0.0.1 port=$PG_PORT user=$PG_USER dbname=$DB sslmode=disable" --json list
expect_rc 0

t_case "no permission on certtrack's tables: one sentence, exit 4"
pg_psql postgres -c "CREATE ROLE outsider LOGIN" >/dev/null || fail "create role"
run --db "host=$PG_SOCK port=$PG_PORT user=outsider dbname=$DB" list
expect_rc 4
expect_one_line_err
expect_err_has "permission denied"

t_case "a role that may not log in at all is refused"
run --db "host=$PG_SOCK port=$PG_PORT user=nosuchrole dbname=$DB" list
expect_rc 4
expect_one_line_err

t_case "the connection lost in the middle of a command: it fails whole, one sentence"
count_rows() {
	pg_psql "$DB" -At -c "SELECT (SELECT count(*) FROM events) || ' ' || (SELECT count(*) FROM commands) || ' ' || (SELECT status FROM item_states WHERE key = 'zone_access')"
}
before=$(count_rows)
# Another session holds the item's row: the command has begun writing
# (its command and history rows) when it waits for it.
pg_psql "$DB" -c "BEGIN; SELECT 1 FROM item_states WHERE key = 'zone_access' FOR UPDATE; SELECT pg_sleep(60); COMMIT" \
	>/dev/null 2>&1 &
locker=$!
sleep 0.5
"$CERTTRACK" item "$NAME" zone_access in-progress --note "never" >"$OUT" 2>"$ERR" </dev/null &
writer=$!
i=0
until [ "$(pg_psql "$DB" -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'certtrack' AND wait_event_type = 'Lock'")" = 1 ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || fail "the command never waited for the row"
	sleep 0.1
done
pg_psql "$DB" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'certtrack'" >/dev/null
wait "$writer"
RC=$?
T_LAST="certtrack item $NAME zone_access in-progress (its connection terminated)"
pg_psql "$DB" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'psql' AND pid <> pg_backend_pid()" >/dev/null
wait "$locker" 2>/dev/null
expect_rc 4
expect_one_line_err
expect_err_has "was lost; the command was not applied"
after=$(count_rows)
[ "$before" = "$after" ] || fail "something was written: $before -> $after"

t_case "a newer schema is refused (exit 3) and left untouched"
pg_psql "$DB" -c "INSERT INTO certtrack_schema VALUES (99, 1129599563)" || fail "psql"
before=$(pg_psql "$DB" -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'; SELECT max(version) FROM certtrack_schema")
run list
expect_rc 3
expect_one_line_err
expect_err_has "newer certtrack"
after=$(pg_psql "$DB" -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'; SELECT max(version) FROM certtrack_schema")
[ "$before" = "$after" ] || fail "the database changed: $before -> $after"
pg_psql "$DB" -c "DELETE FROM certtrack_schema WHERE version = 99" || fail "psql"

t_case "history is append-only on the server too"
if pg_psql "$DB" -c "DELETE FROM events" >/dev/null 2>&1; then
	fail "events could be deleted"
fi

t_case "a stopped server: cannot reach it, one sentence, exit 4"
if [ -n "${CERTTRACK_TEST_PG:-}" ]; then
	t_skip "the server is shared (CERTTRACK_TEST_PG)"
else
	pg_server_stop
	run list
	expect_rc 4
	expect_one_line_err
	expect_err_has "cannot reach the PostgreSQL server"
	run --db "$(pg_tcp "$DB")" list
	expect_rc 4
	expect_one_line_err
fi

t_done
