#!/bin/sh
# merge_travel.sh - merge OTHER (issue 12), what travels besides values:
# a project deleted on one side is deleted on the other (and left out of
# reports), deleted there vs changed here is a conflict; undo of a merge
# reverts it whole (values, records, the history it brought in) and a
# second merge of the same file then does the same again; a name clash is
# refused naming both UUIDs or resolved with --rename; two scans of one
# build in the same second both travel; and the bad inputs
# the first cases do not cover, each with its exit code and the local
# database untouched.
. "$top_srcdir/tests/cli/lib.sh"

P=rhosp16-openstack-cinder-volume-acme
Q=rhosp16-openstack-nova-compute-acme
A="$T_DIR/alice.db"
B="$T_DIR/bob.db"

state() {
	"$CERTTRACK" --db "$1" report --format json |
		jq -S 'del(.generated_at, .generated_by, .generator)
		       | .projects |= map(.history |= sort_by(.uuid))
		       | if .deleted then .deleted |= map(.history |= sort_by(.uuid)) else . end'
}

t_case "a deletion travels: bob deletes, alice merges, the project is gone"
run --db "$A" --user alice new "$P"
expect_rc 0
run --db "$A" --user alice new "$Q"
expect_rc 0
run --db "$A" backup "$B"
expect_rc 0
run --db "$B" --user bob delete "$Q"
expect_rc 0
run --db "$A" --user alice merge "$B" --dry-run
expect_rc 0
expect_out_has "$Q: would set deleted: live -> deleted"
run --db "$A" --user alice merge "$B"
expect_rc 0
expect_out_has "$Q: set deleted: live -> deleted"
run --db "$A" show "$Q"
expect_rc 2
run --db "$A" --json list
expect_json '[.[] | .name] | join(",")' "$P"
run --db "$A" report --format markdown
expect_out_not_has "$Q"
run --db "$A" --json report
expect_json '.projects | length' 1
expect_json '.deleted[0].name' "$Q"

t_case "the deletion round trip: both copies equal, a second merge adds nothing"
run --db "$B" --user bob merge "$A"
expect_rc 0
state "$A" >"$T_DIR/a.json"
state "$B" >"$T_DIR/b.json"
cmp -s "$T_DIR/a.json" "$T_DIR/b.json" || fail "the copies differ:
$(diff "$T_DIR/a.json" "$T_DIR/b.json" | head -n 20)"
run --db "$A" --user alice merge "$B"
expect_rc 0
expect_out_has "0 updated"
expect_out_has "0 history rows added"

t_case "undo of the merge that deleted brings the project back"
run --db "$A" backup "$T_DIR/a0.db"
run --db "$T_DIR/a0.db" --user alice undo
expect_rc 0
run --db "$T_DIR/a0.db" show "$Q"
expect_rc 0

t_case "deleted there, changed here: a conflict on deleted; theirs deletes"
run --db "$A" backup "$B" --force
expect_rc 0
run --db "$B" --user bob delete "$P"
run --db "$A" --user alice set "$P" "product=Alice's product"
before=$(checksum "$A")
run --db "$A" --user alice merge "$B"
expect_rc 1
expect_out_has "CONFLICT $P: deleted"
expect_out_has "ours: changed (alice,"
expect_out_has "theirs: deleted (bob,"
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed"
run --db "$A" --user alice merge "$B" --take deleted=ours
expect_rc 0
run --db "$A" --json show "$P"
expect_json '.fields.product' "Alice's product"
run --db "$A" undo
expect_rc 0
run --db "$A" --user alice merge "$B" --take deleted=theirs
expect_rc 0
run --db "$A" show "$P"
expect_rc 2
run --db "$A" undo
expect_rc 0
run --db "$A" --json show "$P"
expect_json '.fields.product' "Alice's product"

t_case "undo of a merge reverts it whole: values, records, the history it brought"
C="$T_DIR/carol.db"
run --db "$A" backup "$C"
run --db "$C" --user carol set "$P" "product=Carol's product"
run --db "$C" --user carol item "$P" api_testing in-progress --note "carol's note"
run --db "$C" --user carol collateral "$P" add "Carol's brief" --type datasheet
expect_rc 0
run --db "$C" --user carol build "$P" start --tag 1.0.1
expect_rc 0
run --db "$A" --json report
jq -S '.projects[] | select(.name == "'"$P"'") | del(.updated_at)' "$OUT" >"$T_DIR/before.json"
run --db "$A" --json history
n0=$(jq length "$OUT")
run --db "$A" --user alice merge "$C"
expect_rc 0
expect_out_has "set product: Alice's product -> Carol's product"
expect_out_has "added collateral Carol's brief"
expect_out_has "added build 1.0.1"
run --db "$A" --user alice undo
expect_rc 0
run --db "$A" --json report
jq -S '.projects[] | select(.name == "'"$P"'") | del(.updated_at)' "$OUT" >"$T_DIR/after.json"
jq -S '.fields, .items, .collateral, .builds' "$T_DIR/before.json" >"$T_DIR/b1"
jq -S '.fields | map_values(del(.updated_at, .updated_by))' "$T_DIR/before.json" >"$T_DIR/bf"
jq -S '.fields | map_values(del(.updated_at, .updated_by))' "$T_DIR/after.json" >"$T_DIR/af"
cmp -s "$T_DIR/bf" "$T_DIR/af" || fail "undo left values changed:
$(diff "$T_DIR/bf" "$T_DIR/af")"
expect_json '.projects[] | select(.name == "'"$P"'") | .collateral | map(.title) | join(",")' ""
expect_json '.projects[] | select(.name == "'"$P"'") | .builds | length' 0
expect_json '.projects[] | select(.name == "'"$P"'") | .items[] | select(.key == "api_testing") | .status' todo

t_case "after the undo, a merge of the same file applies the same again"
run --db "$A" --user alice merge "$C"
expect_rc 0
expect_out_has "set product: Alice's product -> Carol's product"
expect_out_has "set api_testing.status: todo -> in-progress"
expect_out_has "added build 1.0.1"
run --db "$A" --json show "$P"
expect_json '.fields.product' "Carol's product"
expect_json '.items[] | select(.key == "api_testing") | .note' "carol's note"
run --db "$A" --json history
n1=$(jq length "$OUT")
run --db "$A" --user alice merge "$C"
expect_rc 0
expect_out_has "0 history rows added"
run --db "$A" --json history
[ "$(jq length "$OUT")" = "$n1" ] || fail "history grew on a repeated merge"
run --db "$A" --json history "$P"
expect_json '[.[] | select(.what == "field.set" and .new == "Carol'"'"'s product" and .user == "carol")] | length' 1

t_case "a copy taken after the undo does not tell the withdrawn rows as known"
run --db "$A" --user alice undo
expect_rc 0
run --db "$A" backup "$T_DIR/after-undo.db"
expect_rc 0
run --db "$A" --json report
expect_json '[.projects[] | select(.name == "'"$P"'") | .history[] | select(.user == "carol")] | length' 0
run --db "$A" --user alice merge "$T_DIR/after-undo.db"
expect_rc 0
expect_out_has "0 updated"
run --db "$A" --user alice merge "$C"
expect_rc 0
expect_out_has "set product: Alice's product -> Carol's product"

t_case "--take PROJECT:KEY resolves a key in one project only"
E="$T_DIR/erin.db"
G=rhosp16-openstack-glance-api-acme
run --db "$A" --user alice new "$G"
expect_rc 0
run --db "$A" backup "$E"
run --db "$A" --user alice set "$P" "product_version=a1"
run --db "$A" --user alice set "$G" "product_version=a2"
run --db "$E" --user erin set "$P" "product_version=e1"
run --db "$E" --user erin set "$G" "product_version=e2"
run --db "$A" --user alice merge "$E" --take "$G:product_version=theirs"
expect_rc 1
expect_out_has "CONFLICT $P: product_version"
expect_out_has "resolved $G: product_version: kept theirs"
run --db "$A" --json show "$G"
qu=$(jq -r .uuid "$OUT")
run --db "$A" --user alice merge "$E" --take "$qu:product_version=theirs" --take product_version=ours
expect_rc 0
run --db "$A" --json show "$P"
expect_json '.fields.product_version' a1
run --db "$A" --json show "$G"
expect_json '.fields.product_version' e2

t_case "a deletion travels in a JSON report too"
F="$T_DIR/frank.db"
run --db "$A" backup "$F"
run --db "$F" --user frank delete "$G"
expect_rc 0
run --db "$F" report --format json -o "$T_DIR/frank.json"
expect_rc 0
jq -e '.deleted | length >= 1' "$T_DIR/frank.json" >/dev/null || fail "the report does not list the deleted project"
run --db "$A" --user alice import "$T_DIR/frank.json"
expect_rc 0
run --db "$A" show "$G"
expect_rc 2

t_case "a name clash is refused naming both UUIDs; --rename creates theirs under a new name"
D="$T_DIR/dave.db"
run --db "$D" --user dave new "$Q"
run --db "$D" --user dave set "$Q" "product=Dave's"
run --db "$D" --json show "$Q"
dave_uuid=$(jq -r .uuid "$OUT")
run --db "$A" --user alice new "$Q"
run --db "$A" --json show "$Q"
ours_uuid=$(jq -r .uuid "$OUT")
before=$(checksum "$A")
run --db "$A" --user alice merge "$D"
expect_rc 3
expect_err_has "$dave_uuid"
expect_err_has "$ours_uuid"
expect_err_has "--rename $Q=NEWNAME"
expect_one_line_err
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed by a refused merge"
run --db "$A" --user alice merge "$D" --rename "$Q=Bad Name"
expect_rc 3
expect_err_has "--rename $Q=Bad Name"
run --db "$A" --user alice merge "$C" --rename "$P-x=rhosp16-openstack-nova-compute-dave"
expect_rc 2
expect_err_has "no project of theirs named"
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed by a refused merge"
R=rhosp16-openstack-nova-compute-dave
run --db "$A" --user alice merge "$D" --rename "$Q=$R"
expect_rc 0
expect_out_has "created $R ($dave_uuid)"
run --db "$A" --json show "$R"
expect_json '.uuid' "$dave_uuid"
expect_json '.fields.product' "Dave's"
run --db "$A" --json show "$Q"
expect_json '.uuid' "$ours_uuid"
run --db "$A" --json history "$R"
expect_json '[.[] | select(.what == "project.rename") | .new] | join(",")' "$R"

t_case "the rename travels: dave merges alice and his project takes the new name"
run --db "$D" --user dave merge "$A"
expect_rc 0
run --db "$D" --json show "$R"
expect_json '.uuid' "$dave_uuid"
run --db "$D" --json show "$Q"
expect_json '.uuid' "$ours_uuid"

t_case "undo of the merge with --rename removes theirs and keeps ours"
run --db "$A" backup "$T_DIR/a1.db"
run --db "$T_DIR/a1.db" --user alice undo
expect_rc 0
run --db "$T_DIR/a1.db" show "$R"
expect_rc 2
run --db "$T_DIR/a1.db" --json show "$Q"
expect_json '.uuid' "$ours_uuid"

t_case "two scans of a build in the same second, failed then passed: both travel"
E="$T_DIR/scans-e.db"
F="$T_DIR/scans-f.db"
R=rhosp16-openstack-glance-api-scans
run --db "$E" --user erin new "$R"
expect_rc 0
run --db "$E" --user erin build "$R" start --tag 3.7.0
expect_rc 0
run --db "$E" --user erin build "$R" finish
expect_rc 0
run --db "$E" backup "$F"
expect_rc 0
# The tests' clock stands still: the two scans have the same time.
run --db "$F" --user frank scan "$R" --import "$top_srcdir/tests/preflight/failed.json" --force
expect_rc 1
run --db "$F" --user frank scan "$R" --import "$top_srcdir/tests/preflight/passed.json" --force
expect_rc 0
run --db "$E" --user erin merge "$F"
expect_rc 0
run --db "$E" --json show "$R"
expect_json .records.scan passed
run --db "$E" report --format json "$R"
expect_json '.projects[0].builds[0].scans | map(.passed | tostring) | join(",")' "true,false"
run --db "$E" --user erin merge "$F"
expect_rc 0
run --db "$E" report --format json "$R"
expect_json '.projects[0].builds[0].scans | length' 2

t_case "bad input: each a clear message and exit code, the database untouched"
before=$(checksum "$A")
sqlite3 "$T_DIR/other.sqlite" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);' || fail "sqlite3 failed"
run --db "$A" merge "$T_DIR/other.sqlite"
expect_rc 3
expect_err_has "other.sqlite"
expect_err_has "not a certtrack database"
expect_one_line_err
run --db "$C" report --format json -o "$T_DIR/carol.json"
head -c 700 "$T_DIR/carol.json" >"$T_DIR/trunc.json"
run --db "$A" merge "$T_DIR/trunc.json"
expect_rc 3
expect_err_has "trunc.json: not a JSON report"
expect_one_line_err
# A report of another template version: not installed here.
jq '.projects[0].template = "rhosp16-container-v2"' "$T_DIR/carol.json" >"$T_DIR/tplv.json"
run --db "$A" merge "$T_DIR/tplv.json"
expect_rc 3
expect_err_has 'unknown template "rhosp16-container-v2"'
expect_one_line_err
# The same project under another template.
jq '.projects[0].template = "rhosp17-container"
    | .projects[0].name = "rhosp17-openstack-cinder-volume-acme"
    | .projects[0].fields.rh_product_version.value = "17.1"' "$T_DIR/carol.json" >"$T_DIR/tpl17.json"
run --db "$A" merge "$T_DIR/tpl17.json"
expect_rc 3
expect_err_has "uses template rhosp16-container here, not rhosp17-container"
expect_one_line_err
: >"$T_DIR/empty.json"
run --db "$A" merge "$T_DIR/empty.json"
expect_rc 3
expect_err_has "not a JSON report"
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed by bad input"
[ "$(sqlite3 "$A" 'pragma integrity_check')" = ok ] || fail "integrity_check"

t_done
