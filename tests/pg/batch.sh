#!/bin/sh
# batch.sh - PostgreSQL: a report of more projects than one batch (the
# server backend fetches a report's rows a few hundred projects at a
# time) says exactly what the same data in an SQLite file says, in every
# format, with records, hand-offs, verifications' absence, deletions and
# the history of each project; and a report of named projects (no batch)
# says the same as the whole report of them; all of it the same with a
# libpq that cannot pipeline (older than 14).
. "$top_srcdir/tests/pg/lib.sh"

FILE="$T_DIR/seed.db"
PF="$top_srcdir/tests/preflight"
LINT="$top_srcdir/tests/lint"
COPIES=600

t_case "a project with every kind of record, in a file"
run --db "$FILE" new "$NAME" product=Acme product_version=1.0 plugin_status=in-tree
expect_rc 0
run --db "$FILE" item "$NAME" connect_registration done
expect_rc 0
run --db "$FILE" item "$NAME" zone_access blocked --reason "waiting for the partner team"
expect_rc 0
run --db "$FILE" collateral "$NAME" add "Solution brief" --type datasheet --location https://example.com/brief.pdf
expect_rc 0
run --db "$FILE" set "$NAME" "source_path=$LINT/partner-cinder-volume"
expect_rc 0
run --db "$FILE" lint --project "$NAME"
expect_rc 0
# One scan a build: the tests' clock stands still, and a merge takes two
# scans of a build at the same second by the same user as the same scan.
for tag in 3.7.0:failed:1 3.7.1:passed:0; do
	run --db "$FILE" build "$NAME" start --tag "${tag%%:*}"
	expect_rc 0
	run --db "$FILE" build "$NAME" finish
	expect_rc 0
	scan=${tag#*:}
	run --db "$FILE" scan "$NAME" --import "$PF/${scan%:*}.json" --force
	expect_rc "${scan#*:}"
done
run --db "$FILE" handoff "$NAME" --to bob --note "yours"
expect_rc 0
run --db "$FILE" --user bob handoff "$NAME" --to carol
expect_rc 0

t_case "$COPIES copies of it on the server (more than two batches)"
run --db "$FILE" report --format json
expect_rc 0
cp "$OUT" "$T_DIR/seed.json"
# Each copy its own project: UUID, name and history rows of its own.
jq --argjson n "$COPIES" '
	.projects[0] as $p
	| .projects = [range($n) as $i
		| ("00000000-0000-4000-8000-" + ("000000000000" + ($i | tostring))[-12:]) as $u
		| $p | .uuid = $u | .name = ($p.name + "-copy" + ($i | tostring))
		| .fields.project_name.value = .name
		| .history |= [.[] | .project_uuid = $u | .project_name = $p.name
			| .uuid = (.uuid[0:24] + ("000000" + ($i | tostring))[-6:] + .uuid[30:])]]' \
	"$T_DIR/seed.json" >"$T_DIR/copies.json" ||
	fail "jq could not make the copies"
run init
expect_rc 0
run merge "$T_DIR/copies.json"
expect_rc 0
run --json list
expect_jq "length == $COPIES"

t_case "changes after the merge: a deletion, an edit, a hand-off"
run delete "$NAME-copy7"
expect_rc 0
run item "$NAME-copy300" connect_registration todo
expect_rc 0
run handoff "$NAME-copy599" --to dave
expect_rc 0

# A report without what says when it was made.
strip() { grep -v -e generated_at -e generated_by -e '^Generated' -e 'Generated ' "$1"; }

t_case "every format of the whole report equals that of an SQLite copy"
run backup "$T_DIR/copy.db"
expect_rc 0
for f in json markdown html csv; do
	run report --format "$f"
	expect_rc 0
	strip "$OUT" >"$T_DIR/server.$f"
	run --db "$T_DIR/copy.db" report --format "$f"
	expect_rc 0
	strip "$OUT" >"$T_DIR/file.$f"
	cmp -s "$T_DIR/server.$f" "$T_DIR/file.$f" || fail "the $f report differs from the file's:
$(diff -u "$T_DIR/file.$f" "$T_DIR/server.$f" | head -n 30)"
done
jq -e '.deleted | length == 1' "$T_DIR/server.json" >/dev/null || fail "the deletion is not in the report"
jq -e --arg n "$NAME-copy599" '.projects[] | select(.name == $n) | .handoffs | length == 3' \
	"$T_DIR/server.json" >/dev/null || fail "the last hand-off is not in the report"
# Every copy has the seed's builds and scans (the same in the file would
# not tell a batch that lost them).
seed_scans=$(jq '[.projects[0].builds[].scans | length] | add' "$T_DIR/seed.json")
[ "$seed_scans" -ge 2 ] || fail "the seed has $seed_scans scans"
jq -e '[.projects[].builds | length] | all(. == 2)' "$T_DIR/server.json" >/dev/null ||
	fail "a project lost its builds"
jq -e --argjson s "$seed_scans" '[.projects[] | [.builds[].scans | length] | add] | all(. == $s)' \
	"$T_DIR/server.json" >/dev/null || fail "a project lost its scans"
jq -e '[.projects[].prescans | length] | all(. == 1)' "$T_DIR/server.json" >/dev/null ||
	fail "a project lost its pre-scan"

t_case "a report of named projects says what the whole report says of them"
run report --format json "$NAME-copy0" "$NAME-copy300" "$NAME-copy599"
expect_rc 0
jq 'del(.generated_at) | .projects' "$OUT" >"$T_DIR/named.json"
jq --arg n "$NAME" 'del(.generated_at) | [.projects[] | select(.name == ($n + "-copy0") or
	.name == ($n + "-copy300") or .name == ($n + "-copy599"))]' "$T_DIR/server.json" \
	>"$T_DIR/whole.json"
cmp -s "$T_DIR/named.json" "$T_DIR/whole.json" || fail "the named report differs:
$(diff -u "$T_DIR/whole.json" "$T_DIR/named.json" | head -n 30)"

# The next batch is asked for while one is written: a connection lost
# meanwhile is told when the report comes to it, never taken for the end
# of the projects. The report writes to a pipe read 100 KiB and then left
# alone, so that it is inside its first batch (3 MiB) when the server
# drops it.
t_case "the server drops the connection in the middle of a report"
mkfifo "$T_DIR/fifo" || fail "mkfifo"
"$CERTTRACK" report --format json >"$T_DIR/fifo" 2>"$ERR" </dev/null &
reporter=$!
exec 3<"$T_DIR/fifo"
dd bs=1024 count=100 iflag=fullblock <&3 >/dev/null 2>&1 || fail "the report wrote nothing"
pg_psql "$(pg_dbname)" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'certtrack'" >/dev/null
cat <&3 >"$OUT"
exec 3<&-
wait "$reporter"
RC=$?
T_LAST="certtrack report --format json (its connection terminated)"
expect_rc 4
expect_one_line_err
expect_err_has "was lost"
grep -q '^}' "$OUT" && fail "the report ended as if it were whole"

# A project's parts are asked in one pipeline (libpq 14 and later); an
# older libpq asks them one after the other and must read the same.
t_case "without libpq's pipelines: the same reports, and a change lands"
CERTTRACK_TEST_PG_NO_PIPELINE=1
export CERTTRACK_TEST_PG_NO_PIPELINE
run report --format json
expect_rc 0
strip "$OUT" >"$T_DIR/serial.json"
cmp -s "$T_DIR/serial.json" "$T_DIR/server.json" || fail "the report differs without pipelines:
$(diff -u "$T_DIR/server.json" "$T_DIR/serial.json" | head -n 30)"
run report --format json "$NAME-copy0" "$NAME-copy300" "$NAME-copy599"
expect_rc 0
jq 'del(.generated_at) | .projects' "$OUT" >"$T_DIR/named-serial.json"
cmp -s "$T_DIR/named-serial.json" "$T_DIR/named.json" || fail "the named report differs without pipelines"
run item "$NAME-copy300" connect_registration done
expect_rc 0
unset CERTTRACK_TEST_PG_NO_PIPELINE
run --json show "$NAME-copy300"
expect_rc 0
expect_jq '.items[] | select(.key == "connect_registration") | .status == "done"'

t_done
