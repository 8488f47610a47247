#!/bin/sh
# roundtrip.sh - PostgreSQL: a team file merged into a server, an offline
# copy of the server (backup), and the copy merged back: file -> server ->
# file gives the same report, and what was done offline lands on the
# server.
. "$top_srcdir/tests/pg/lib.sh"

FILE="$T_DIR/team.db"
PF="$top_srcdir/tests/preflight"
P2=rhosp17-openstack-neutron-server-foo

# The report without what says when and by which build it was made.
report_of() {
	"$CERTTRACK" --db "$1" report --format json >"$T_DIR/r.json" 2>"$T_DIR/r.err" ||
		fail "report of $1: $(cat "$T_DIR/r.err")"
	jq 'del(.generated_at, .generated_by, .generator)' "$T_DIR/r.json"
}

t_case "a team's file with projects, records and history"
run --db "$FILE" new "$NAME" product=Acme product_version=1.0 plugin_status=in-tree
expect_rc 0
run --db "$FILE" new "$P2" --template rhosp17-container
expect_rc 0
run --db "$FILE" item "$NAME" connect_registration done
expect_rc 0
run --db "$FILE" item "$NAME" zone_access blocked --reason "waiting for the partner team"
expect_rc 0
run --db "$FILE" collateral "$NAME" add "Solution brief" --type datasheet --location https://example.com/brief.pdf
expect_rc 0
run --db "$FILE" build "$NAME" start --tag 3.7.0
expect_rc 0
run --db "$FILE" build "$NAME" finish
expect_rc 0
run --db "$FILE" scan "$NAME" --import "$PF/passed.json" --force
expect_rc 0
run --db "$FILE" handoff "$P2" --to bob --note "yours"
expect_rc 0
run --db "$FILE" set "$NAME" "product=Acme Storage ü"
expect_rc 0

t_case "merge the file into the server: the same report"
run init
expect_rc 0
run merge "$FILE"
expect_rc 0
report_of "$FILE" >"$T_DIR/file.json"
report_of "$CERTTRACK_DB" >"$T_DIR/server.json"
jq 'del(.projects[].history)' "$T_DIR/file.json" >"$T_DIR/a"
jq 'del(.projects[].history)' "$T_DIR/server.json" >"$T_DIR/b"
cmp -s "$T_DIR/a" "$T_DIR/b" || fail "the server's projects differ from the file's:
$(diff -u "$T_DIR/a" "$T_DIR/b" | head -n 40)"

t_case "the file's history is on the server"
run --db "$FILE" --json history --limit 100000
jq -r '.[] | [.at, .user, .project_uuid, .what, .key, .old, .new] | @tsv' "$OUT" | sort >"$T_DIR/h.file"
run --json history --limit 100000
jq -r '.[] | [.at, .user, .project_uuid, .what, .key, .old, .new] | @tsv' "$OUT" | sort >"$T_DIR/h.server"
missing=$(comm -23 "$T_DIR/h.file" "$T_DIR/h.server" | head -n 5)
[ -z "$missing" ] || fail "history rows of the file missing on the server: $missing"

t_case "backup of the server: an SQLite file with the same report"
run backup "$T_DIR/copy.db"
expect_rc 0
head -c 16 "$T_DIR/copy.db" | grep -q "SQLite format 3" || fail "the copy is not an SQLite file"
[ "$(file_mode "$T_DIR/copy.db")" = 600 ] || fail "the copy's mode is $(file_mode "$T_DIR/copy.db")"
report_of "$T_DIR/copy.db" >"$T_DIR/copy.json"
cmp -s "$T_DIR/server.json" "$T_DIR/copy.json" || fail "the copy differs from the server:
$(diff -u "$T_DIR/server.json" "$T_DIR/copy.json" | head -n 40)"
run backup "$T_DIR/copy.db"
expect_rc 1
expect_err_has "give --force"

t_case "the copy's history and undo work offline"
run --db "$T_DIR/copy.db" --json history --limit 100000
jq -r '.[] | [.at, .user, .project_uuid, .what, .key, .old, .new] | @tsv' "$OUT" | sort >"$T_DIR/h.copy"
run --json history --limit 100000
jq -r '.[] | [.at, .user, .project_uuid, .what, .key, .old, .new] | @tsv' "$OUT" | sort >"$T_DIR/h.server"
cmp -s "$T_DIR/h.copy" "$T_DIR/h.server" || fail "the copy's history differs from the server's"

t_case "file -> server -> file: the round trip gives the file's report"
jq 'del(.projects[].history)' "$T_DIR/copy.json" >"$T_DIR/c"
cmp -s "$T_DIR/a" "$T_DIR/c" || fail "the round trip changed the projects:
$(diff -u "$T_DIR/a" "$T_DIR/c" | head -n 40)"

t_case "work done offline on the copy merges back into the server"
run --db "$T_DIR/copy.db" --user carol item "$P2" connect_registration done
expect_rc 0
run --db "$T_DIR/copy.db" --user carol new rhosp16-openstack-cinder-volume-offline
expect_rc 0
run merge "$T_DIR/copy.db"
expect_rc 0
run --json show "$P2"
expect_json '.items[] | select(.key == "connect_registration") | .status' done
run --json list
expect_jq 'map(.name) | index("rhosp16-openstack-cinder-volume-offline") != null'

t_case "merging the same copy again changes nothing"
run --json history --limit 100000
n1=$(jq length "$OUT")
run merge "$T_DIR/copy.db"
expect_rc 0
run --json history --limit 100000
n2=$(jq length "$OUT")
[ "$n1" = "$n2" ] || fail "history grew from $n1 to $n2 rows"

t_done
