#!/bin/sh
# merge.sh - merge OTHER (issue 12): the scenario of two diverged copies
# (alice -> backup -> bob, both change one field, bob also an item), the
# conflict listed with nothing applied, its resolution, idempotence, the
# round trip, undo, and every bad input with its exit code and the local
# database untouched.
. "$top_srcdir/tests/cli/lib.sh"

P=rhosp16-openstack-cinder-volume-acme
A="$T_DIR/alice.db"
B="$T_DIR/bob.db"

# The projects and values of a database, with history as a set (each
# copy keeps its own order of rows).
state() {
	"$CERTTRACK" --db "$1" report --format json |
		jq -S 'del(.generated_at, .generated_by, .generator)
		       | .projects |= map(.history |= sort_by(.uuid))'
}

t_case "the scenario: alice -> backup -> bob, both work"
run --db "$A" --user alice new "$P"
expect_rc 0
run --db "$A" backup "$B"
expect_rc 0
run --db "$A" --user alice set "$P" "repository_description=alice's text"
expect_rc 0
run --db "$B" --user bob set "$P" "repository_description=bob's text"
expect_rc 0
run --db "$B" --user bob item "$P" api_testing in-progress
expect_rc 0
before=$(checksum "$A")

t_case "merge lists the conflict, applies nothing, exits 1"
run --db "$A" --user alice merge "$B"
expect_rc 1
expect_out_has "CONFLICT $P: repository_description"
expect_out_has "ours: alice's text (alice,"
expect_out_has "theirs: bob's text (bob,"
expect_err_has "1 conflict: nothing was applied"
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed"

t_case "--json gives the conflicts document"
run --db "$A" --user alice --json merge "$B"
expect_rc 1
expect_json '.conflicts | length' 1
expect_json '.conflicts[0] | [.project, .key, .base, .ours, .theirs, .ours_by, .theirs_by] | map(tostring) | join("|")' \
	"$P|repository_description|null|alice's text|bob's text|alice|bob"
expect_json '.applied | length' 0
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed"

t_case "--dry-run --theirs shows what would change and writes nothing"
run --db "$A" --user alice merge "$B" --dry-run --theirs
expect_rc 0
expect_out_has "would set repository_description: alice's text -> bob's text"
expect_out_has "would set api_testing.status: todo -> in-progress"
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed"

t_case "--take KEY=ours keeps ours and takes the one-sided change"
run --db "$A" --user alice merge "$B" --dry-run --take repository_description=ours
expect_rc 0
expect_out_has "resolved $P: repository_description: kept ours"
expect_out_not_has "would set repository_description"
expect_out_has "would set api_testing.status: todo -> in-progress"

t_case "--take of a key without a conflict is a usage error"
run --db "$A" --user alice merge "$B" --take owner=theirs
expect_rc 2
expect_err_has "no conflict on owner"
run --db "$A" --user alice merge "$B" --take repository_description=mine
expect_rc 2

t_case "--theirs applies; history is true"
run --db "$A" --user alice merge "$B" --theirs
expect_rc 0
expect_out_has "merged: 0 created, 1 updated"
run --db "$A" --json show "$P"
expect_json '.fields.repository_description' "bob's text"
expect_json '.items[] | select(.key == "api_testing") | .status' in-progress
run --db "$A" --json history "$P"
expect_json '[.[] | select(.what == "field.set" and .new == "bob'"'"'s text") | .user] | join(",")' "bob"
expect_json '[.[] | select(.what == "merge.take.field.set" and .new == "bob'"'"'s text") | .user] | join(",")' "alice"
expect_json '[.[] | select(.what == "merge.resolve")] | length' 1

t_case "a second merge of the same file adds nothing"
run --db "$A" --json history
n1=$(jq length "$OUT")
run --db "$A" --user alice merge "$B"
expect_rc 0
expect_out_has "merged: 0 created, 0 updated, 1 unchanged, 0 history rows added"
run --db "$A" --json history
[ "$(jq length "$OUT")" = "$n1" ] || fail "history grew on a second merge"

t_case "the round trip: bob merges alice; both end the same"
run --db "$B" --user bob merge "$A"
expect_rc 0
state "$A" >"$T_DIR/a.json"
state "$B" >"$T_DIR/b.json"
cmp -s "$T_DIR/a.json" "$T_DIR/b.json" || fail "the copies differ:
$(diff "$T_DIR/a.json" "$T_DIR/b.json" | head -n 20)"
run --db "$B" --user bob merge "$A"
expect_out_has "0 history rows added"

t_case "a JSON report merges the same way; undo reverts a merge whole"
C="$T_DIR/carol.db"
run --db "$A" backup "$C"
run --db "$C" --user carol set "$P" "product=Carol's product" "repository_description=carol's text"
run --db "$C" report --format json -o "$T_DIR/carol.json"
expect_rc 0
run --db "$A" --user alice merge "$T_DIR/carol.json"
expect_rc 0
expect_out_has "set product: (none) -> Carol's product"
run --db "$A" undo
expect_rc 0
run --db "$A" --json show "$P"
expect_json '.fields.product' null
expect_json '.fields.repository_description' "bob's text"

t_case "import goes through the same engine: a conflict is listed, exit 1"
run --db "$B" --user bob set "$P" "product=Bob's product"
run --db "$B" --user bob import "$T_DIR/carol.json"
expect_rc 1
expect_out_has "CONFLICT $P: product"
run --db "$B" --json show "$P"
expect_json '.fields.product' "Bob's product"

t_case "a project of theirs that we lack is created"
run --db "$C" --user carol new rhosp16-openstack-neutron-server-acme
run --db "$A" --user alice merge "$C" --theirs
expect_rc 0
expect_out_has "created rhosp16-openstack-neutron-server-acme"

t_case "collateral removed on one side is removed on the other"
run --db "$A" --user alice collateral "$P" add "Solution brief" --type datasheet
expect_rc 0
run --db "$B" --user bob merge "$A" --theirs
expect_rc 0
run --db "$B" --json show "$P"
cid=$(jq -r '.collateral[0].id' "$OUT")
[ "$cid" != null ] || fail "bob did not get the collateral"
run --db "$B" --user bob collateral "$P" rm "$cid"
expect_rc 0
run --db "$A" --user alice merge "$B"
expect_rc 0
expect_out_has "$P: removed collateral Solution brief"
run --db "$A" --json show "$P"
expect_json '.collateral | length' 0

t_case "deleted here, changed there: a conflict on deleted"
run --db "$A" backup "$T_DIR/erin.db"
run --db "$A" --user alice delete "$P"
expect_rc 0
run --db "$T_DIR/erin.db" --user erin set "$P" "product=Erin's product"
run --db "$A" --user alice merge "$T_DIR/erin.db"
expect_rc 1
expect_out_has "CONFLICT $P: deleted"
run --db "$A" --user alice merge "$T_DIR/erin.db" --take deleted=theirs
expect_rc 0
run --db "$A" --json show "$P"
expect_json '.fields.product' "Erin's product"

t_case "bad input: each a clear message and exit code, the database untouched"
before=$(checksum "$A")
printf 'my notes\n' >"$T_DIR/notes.txt"
run --db "$A" merge "$T_DIR/notes.txt"
expect_rc 3
expect_err_has "not a JSON report"
cp "$B" "$T_DIR/trunc.db"
truncate -s 3000 "$T_DIR/trunc.db"
run --db "$A" merge "$T_DIR/trunc.db"
expect_rc 3
expect_err_has "trunc.db is truncated"
cp "$B" "$T_DIR/newer.db"
sqlite3 "$T_DIR/newer.db" 'PRAGMA user_version = 99;' || fail "sqlite3 failed"
run --db "$A" merge "$T_DIR/newer.db"
expect_rc 3
expect_err_has "newer certtrack"
[ "$(sqlite3 "$T_DIR/newer.db" 'PRAGMA user_version;')" = 99 ] || fail "newer.db changed"
run --db "$A" merge "$A"
expect_rc 2
expect_err_has "is the open database itself"
run --db "$A" merge "$T_DIR/missing.db"
expect_rc 4
expect_err_has "cannot read"
run --db "$A" merge
expect_rc 2
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed by bad input"
# Another project under the same name: refused, both UUIDs named.
D="$T_DIR/dave.db"
run --db "$D" --user dave new rhosp16-openstack-neutron-server-acme
run --db "$D" --json show rhosp16-openstack-neutron-server-acme
dave_uuid=$(jq -r .uuid "$OUT")
run --db "$A" --json show rhosp16-openstack-neutron-server-acme
ours_uuid=$(jq -r .uuid "$OUT")
before=$(checksum "$A")
run --db "$A" merge "$D"
expect_rc 3
expect_err_has "$dave_uuid"
expect_err_has "$ours_uuid"
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed by a refused merge"

t_case "a report whose history ids belong to other changes here is refused (found by fuzzing)"
# A copy of alice's report with the project under a new UUID and name but
# the same history ids: the ids contradict what alice.db holds.
run --db "$A" --json report
jq '.projects = [.projects[0] | .uuid = "99999999-9999-4999-8999-999999999999" | .name = (.name + "-copy")]' \
	"$OUT" >"$T_DIR/clash.json"
before=$(checksum "$A")
run --db "$A" import "$T_DIR/clash.json"
expect_rc 3
expect_err_has "is in this database already as another change"
expect_err_not_has "UNIQUE constraint"
[ "$(checksum "$A")" = "$before" ] || fail "alice.db changed by a refused import"

t_done
