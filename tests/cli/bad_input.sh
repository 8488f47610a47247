#!/bin/sh
# bad_input.sh - the "Bad input" list of the foundation issue: every bad
# value, file or option gets a clear message naming it, the documented
# exit code, and no partial change.
. "$top_srcdir/tests/cli/lib.sh"

# history_count: number of history rows of the database.
history_count() {
	run --json history
	expect_rc 0
	jq length "$OUT"
}

run init
expect_rc 0
run new "$NAME" product=Acme product_version=1.0
expect_rc 0

t_case "unknown project: exit 2, one line naming it, for every command"
for args in "show nope" "set nope product=x" "item nope zone_access done" \
	"collateral nope add Title --type document" "collateral nope rm 1" \
	"history nope" "delete nope" "handoff nope --to bob" "validate nope"; do
	# shellcheck disable=SC2086
	run $args
	expect_rc 2
	expect_one_line_err
	expect_err_has '"nope"'
done
run --json show nope
expect_rc 2
expect_valid_json
expect_json '.ok' false
expect_jq '.error | test("nope")'

t_case "unknown field: exit 2 naming it; nothing applied"
before=$(history_count)
run set "$NAME" product=Changed colour=red
expect_rc 2
expect_one_line_err
expect_err_has '"colour"'
run new rhosp16-openstack-nova-compute-other colour=red
expect_rc 2
expect_err_has '"colour"'
run set "$NAME" =value
expect_rc 2
run --json show "$NAME"
expect_json '.fields.product' Acme
[ "$(history_count)" = "$before" ] || fail "history changed"
run --json list
expect_json 'length' 1

t_case "unknown item: exit 2 naming it"
run item "$NAME" no_such_item done
expect_rc 2
expect_one_line_err
expect_err_has '"no_such_item"'

t_case "invalid status: exit 2 naming it and the valid ones"
for st in finished DONE "" "done;" "n/a2"; do
	run item "$NAME" zone_access "$st"
	expect_rc 2
	expect_first_err_line_has "\"$st\""
	expect_first_err_line_has "in-progress"
done
run --json show "$NAME"
expect_json '.items[1].status' todo

t_case "empty values"
run set "$NAME" company_name=
expect_rc 0
run set "$NAME" product=
expect_rc 1
expect_err_has "[field.required]"
run set "$NAME" "release_category="
expect_rc 1
expect_err_has "[field.required]"
run --json show "$NAME"
expect_json '.fields.product' Acme
expect_json '.fields.release_category' "Tech Preview"
expect_json '.fields.company_name' null
run new ""
expect_rc 1
expect_err_has "[field.required]"
run new "" --force
expect_rc 1
run item "$NAME" zone_access blocked --reason ""
expect_rc 2
expect_first_err_line_has "reason"
run item "$NAME" zone_access done --force --reason ""
expect_rc 2
run handoff "$NAME" --to ""
expect_rc 2
run collateral "$NAME" add "" --type document
expect_rc 2
run --user "" list
expect_rc 2
run --db "" list
expect_rc 0

t_case "10,000-character values are accepted and kept whole"
long=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "0123456789" }')
[ ${#long} = 10000 ] || fail "test set-up: value of ${#long} characters"
run set "$NAME" "product_description=$long"
expect_rc 0
run --json show "$NAME"
expect_json '.fields.product_description | length' 10000
printf '%s' "$long" >"$T_DIR/want"
expect_json_bytes '.fields.product_description' "$T_DIR/want"
run item "$NAME" git_repository in-progress --note "$long"
expect_rc 0
run --json show "$NAME"
expect_json '.items[] | select(.key == "git_repository") | .note | length' 10000

t_case "70,000-character values are refused, nothing applied"
huge=$long$long$long$long$long$long$long
run set "$NAME" "product_description=$huge" company_name=Acme
expect_rc 1
expect_err_has "[field.length]"
run --json show "$NAME"
expect_json '.fields.product_description | length' 10000
expect_json '.fields.company_name' null
run item "$NAME" git_repository --note "$huge"
expect_rc 1
expect_err_has "70000"

t_case "non-UTF-8 bytes are refused"
bad=$(printf 'Acme \377\376 Corp')
before=$(history_count)
run set "$NAME" "product=$bad"
expect_rc 1
expect_err_has "[field.encoding]"
expect_err_has "UTF-8"
run set "$NAME" "company_name=$(printf '\300\257')"
expect_rc 1
run item "$NAME" git_repository --note "$bad"
expect_rc 1
expect_err_has "UTF-8"
run item "$NAME" zone_access blocked --reason "$bad"
expect_rc 1
run collateral "$NAME" add "$bad" --type document
expect_rc 2
run collateral "$NAME" add "Guide" --type document --location "$bad"
expect_rc 2
run handoff "$NAME" --to bob --note "$bad"
expect_rc 2
run handoff "$NAME" --to "$bad"
expect_rc 2
run new "rhosp16-openstack-nova-compute-$(printf '\351')" --force
expect_rc 1
run --json show "$NAME"
expect_json '.fields.product' Acme
[ "$(history_count)" = "$before" ] || fail "a refused value left a history row"

t_case "quotes and SQL metacharacters are stored literally in every text value"
i=0
while IFS= read -r v; do
	i=$((i + 1))
	printf '%s' "$v" >"$T_DIR/want"
	for f in product product_version company_name product_type product_description \
		outbound_repository_description repository_description \
		supporting_documentation sales_contact_name source_path; do
		run set "$NAME" "$f=$v"
		expect_rc 0
		run --json show "$NAME"
		expect_json_bytes ".fields.$f" "$T_DIR/want"
	done
	run --json history --limit 1
	expect_json_bytes '.[0].new' "$T_DIR/want"
	run item "$NAME" openstack_appendix blocked --reason "$v" --note "$v"
	expect_rc 0
	run --json show "$NAME"
	expect_json_bytes '.items[] | select(.key == "openstack_appendix") | .note' "$T_DIR/want"
	expect_json_bytes '.items[] | select(.key == "openstack_appendix") | .reason' "$T_DIR/want"
	run --json collateral "$NAME" add "$v" --type other --location "$v"
	expect_rc 0
	id=$(jq -r .id "$OUT")
	run --json show "$NAME"
	expect_json_bytes ".collateral[] | select(.id == $id) | .title" "$T_DIR/want"
	expect_json_bytes ".collateral[] | select(.id == $id) | .location" "$T_DIR/want"
	run handoff "$NAME" --to "owner$i" --note "$v"
	expect_rc 0
	run --json history --limit 1
	expect_json_bytes '.[0].note' "$T_DIR/want"
	run --user "$v" set "$NAME" "product=by user $i"
	expect_rc 0
	run --json history --limit 1
	expect_json_bytes '.[0].user' "$T_DIR/want"
	run handoff "$NAME" --to "$v"
	expect_rc 0
	run --json show "$NAME"
	expect_json_bytes '.owner' "$T_DIR/want"
done <<'EOF'
Robert'); DROP TABLE projects;--
"double" 'single' `backtick` \backslash\ $HOME $(id) %s %n %%
a; DELETE FROM events WHERE 1=1; --
' OR '1'='1
/* comment */ UNION SELECT * FROM sqlite_master
Ünïcödé 日本語 🚀 ‮reversed
  leading and trailing spaces  
=HYPERLINK("http://example.com") <b>&amp;</b>
EOF
run --json list
expect_rc 0
expect_json 'length' 1
run --json history
expect_jq 'length > 50'

t_case "a forced project name with quotes is stored literally"
odd="rhosp16-x'); DROP TABLE projects;--"
run new "$odd"
expect_rc 1
expect_err_has "[name."
run new "$odd" --force
expect_rc 0
run --json show "$odd"
expect_rc 0
printf '%s' "$odd" >"$T_DIR/want"
expect_json_bytes '.name' "$T_DIR/want"
run --json list
expect_json 'length' 2

t_case "a missing folder is created (0700), the file 0600"
db="$T_DIR/new/deeper/certtrack.db"
run --db "$db" init
expect_rc 0
[ -f "$db" ] || fail "$db was not created"
[ "$(file_mode "$db")" = 600 ] || fail "$db has mode $(file_mode "$db")"
[ "$(file_mode "$T_DIR/new/deeper")" = 700 ] || fail "folder has mode $(file_mode "$T_DIR/new/deeper")"
run --db "$db" --json list
expect_rc 0
expect_json 'length' 0

t_case "a folder that cannot be made (a file in the way): exit 4"
printf 'x' >"$T_DIR/afile"
run --db "$T_DIR/afile/sub/certtrack.db" init
expect_rc 4
expect_one_line_err
expect_err_has "$T_DIR/afile/sub"

t_case "a directory given as --db: exit 3, one line"
mkdir "$T_DIR/adir"
for cmd in init list "new $NAME"; do
	# shellcheck disable=SC2086
	run --db "$T_DIR/adir" $cmd
	expect_rc 3
	expect_one_line_err
	expect_err_has "$T_DIR/adir"
	expect_err_has "folder"
done
[ -z "$(ls -A "$T_DIR/adir")" ] || fail "files were created in the folder"

t_case "a zero-byte file becomes a database"
: >"$T_DIR/empty.db"
run --db "$T_DIR/empty.db" --json list
expect_rc 0
expect_json 'length' 0
[ -s "$T_DIR/empty.db" ] || fail "the file is still empty"
run --db "$T_DIR/empty.db" new "$NAME"
expect_rc 0

# expect_refused FILE WORD: every command exits 3 with one line naming
# FILE and WORD, and FILE is unchanged.
expect_refused() {
	cp "$1" "$T_DIR/before"
	for cmd in init list "show $NAME" "new rhosp16-openstack-nova-compute-x" \
		"set $NAME product=x" history undo; do
		# shellcheck disable=SC2086
		run --db "$1" $cmd
		expect_rc 3
		expect_one_line_err
		expect_err_has "$1"
		[ -z "$2" ] || expect_err_has "$2"
		expect_same_bytes "$1" "$T_DIR/before"
		[ ! -e "$1-journal" ] || fail "a journal was left next to $1"
		[ ! -e "$1-wal" ] || fail "a WAL file was left next to $1"
	done
}

t_case "a text file: exit 3, unchanged"
printf 'My notes\nabout the certification\n' >"$T_DIR/notes.txt"
sum=$(checksum "$T_DIR/notes.txt")
expect_refused "$T_DIR/notes.txt" "not a certtrack database"
[ "$(checksum "$T_DIR/notes.txt")" = "$sum" ] || fail "checksum changed"

# A database with data, to damage.
good="$T_DIR/good.db"
run --db "$good" new "$NAME" product=Acme
expect_rc 0
for i in 1 2 3 4 5 6 7 8; do
	run --db "$good" set "$NAME" "product_description=revision $i of a longer description"
	expect_rc 0
done
size=$(wc -c <"$good" | tr -d ' ')

if command -v sqlite3 >/dev/null 2>&1; then
	t_case "a database of a newer certtrack (user_version higher): exit 3, unchanged"
	cp "$good" "$T_DIR/newer.db"
	sqlite3 "$T_DIR/newer.db" 'PRAGMA user_version = 99;' || fail "sqlite3 failed"
	sum=$(checksum "$T_DIR/newer.db")
	expect_refused "$T_DIR/newer.db" "newer"
	[ "$(checksum "$T_DIR/newer.db")" = "$sum" ] || fail "checksum changed"
	[ "$(sqlite3 "$T_DIR/newer.db" 'PRAGMA user_version;')" = 99 ] || fail "user_version changed"

	t_case "an SQLite file of another program: exit 3, unchanged"
	sqlite3 "$T_DIR/other.sqlite" "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('keep');" ||
		fail "sqlite3 failed"
	expect_refused "$T_DIR/other.sqlite" "another program"

	t_case "a database in WAL mode is switched to a rollback journal"
	cp "$good" "$T_DIR/wal.db"
	[ "$(sqlite3 "$T_DIR/wal.db" 'PRAGMA journal_mode = WAL;')" = wal ] || fail "cannot set WAL"
	run --db "$T_DIR/wal.db" --json show "$NAME"
	expect_rc 0
	expect_json '.fields.product' Acme
	[ "$(sqlite3 "$T_DIR/wal.db" 'PRAGMA journal_mode;')" = delete ] || fail "still in WAL mode"
	[ ! -e "$T_DIR/wal.db-wal" ] || fail "a -wal file was left"
else
	t_skip "sqlite3 command missing: newer-schema, foreign and WAL files not tested"
fi

t_case "a read-only database: reads work, writes exit 4 naming it, unchanged"
cp "$good" "$T_DIR/ro.db"
chmod 0444 "$T_DIR/ro.db"
ro_run=run
if [ "$(id -u)" = 0 ]; then
	# Root ignores permissions: act as nobody (setpriv, util-linux).
	if command -v setpriv >/dev/null 2>&1 &&
		setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		chmod 0755 "$T_DIR"
		ro_run=run_nobody
	else
		ro_run=""
		t_skip "running as root without setpriv: permissions do not apply"
	fi
fi
run_nobody() {
	T_LAST="setpriv (nobody) certtrack $*"
	# shellcheck disable=SC2086
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		$T_WRAP "$CERTTRACK" "$@" <"/dev/null" >"$OUT" 2>"$ERR"
	RC=$?
	t_check_crash
}
if [ -n "$ro_run" ]; then
	$ro_run --db "$T_DIR/ro.db" --json show "$NAME"
	expect_rc 0
	expect_json '.fields.product' Acme
	$ro_run --db "$T_DIR/ro.db" --json list
	expect_rc 0
	$ro_run --db "$T_DIR/ro.db" set "$NAME" product=Changed
	expect_rc 4
	expect_one_line_err
	expect_err_has "$T_DIR/ro.db"
	expect_err_has "read-only"
	$ro_run --db "$T_DIR/ro.db" item "$NAME" connect_registration done
	expect_rc 4
	$ro_run --db "$T_DIR/ro.db" undo
	expect_rc 4
	expect_same_bytes "$T_DIR/ro.db" "$good"
fi

t_case "a template folder that does not exist: exit 2 naming it"
run --templates "$T_DIR/no-such-folder" templates
expect_rc 2
expect_one_line_err
expect_err_has "$T_DIR/no-such-folder"

t_case "a project whose template is not installed: exit 3 naming it"
run --templates "$TEMPLATES/minimal" --db "$T_DIR/minimal.db" new rhosp16-openstack-cinder-volume-mini --template test-minimal
expect_rc 0
run --db "$T_DIR/minimal.db" show rhosp16-openstack-cinder-volume-mini
expect_rc 3
expect_one_line_err
expect_err_has "test-minimal"

# Last, so that a failure here does not hide the cases above.
t_case "a broken template folder: exit 3 with file:line and the reason"
wrong=""
for d in "$TEMPLATES"/bad-*; do
	line=$(sed -n 1p "$d/expect")
	reason=$(sed -n 2p "$d/expect")
	run --templates "$d" templates
	expect_rc 3
	expect_one_line_err
	expect_err_has "$d/t.json:"
	expect_err_has "$reason"
	grep -F -q "t.json:$line: " "$ERR" ||
		wrong="$wrong
    ${d##*/}: expected line $line, got: $(cat "$ERR")"
	run --templates "$d" list
	expect_rc 3
	expect_err_has "$reason"
	run_env CERTTRACK_TEMPLATES="$d" -- show "$NAME"
	expect_rc 3
	expect_err_has "$reason"
done
[ -z "$wrong" ] || fail "wrong line number in the message of:$wrong"

t_case "a truncated database: exit 3, unchanged ($size bytes cut at several points)"
for cut in 100 4096 $((size / 2)) $((size - 4096)) $((size - 1)); do
	T_CASE="a truncated database: $cut of $size bytes"
	dd if="$good" of="$T_DIR/cut.db" bs=1 count="$cut" 2>/dev/null
	[ "$(wc -c <"$T_DIR/cut.db" | tr -d ' ')" = "$cut" ] || fail "test set-up: dd"
	expect_refused "$T_DIR/cut.db" ""
done

t_done
