#!/bin/sh
# report.sh - report, import and backup through the real binary: every
# format to a file and to stdout against tests/golden/, refusals with their
# exit codes, a backup taken while another process writes, and two
# processes writing 500 changes each to one file.
#
# The database comes from importing tests/golden/report.json (the unit
# test's fixed database), so UUIDs and times are the golden ones.
. "$top_srcdir/tests/cli/lib.sh"

G="$top_srcdir/tests/golden"
P1=rhosp16-openstack-cinder-volume-acme
P2=rhosp16-openstack-neutron-server-acme
DB=$CERTTRACK_DB

# The version in "generator" is the build's; the golden file says VERSION.
norm_json() {
	sed 's/^  "generator": "certtrack [^"]*",$/  "generator": "certtrack VERSION",/' "$1"
}

t_case "import of the golden JSON into an empty database"
run import "$G/report.json"
expect_rc 0
expect_out_has "created $P1 (11111111-1111-4111-8111-111111111111)"
expect_out_has "imported: 2 created, 0 updated, 0 unchanged"

t_case "every format to stdout equals its golden file"
for f in json:report.json markdown:report.md html:report.html csv:report.csv; do
	fmt=${f%%:*}
	gold=$G/${f#*:}
	run report --format "$fmt"
	expect_rc 0
	[ ! -s "$ERR" ] || fail "report --format $fmt wrote to stderr"
	if [ "$fmt" = json ]; then
		norm_json "$OUT" >"$T_DIR/got"
	else
		cp "$OUT" "$T_DIR/got"
	fi
	cmp -s "$gold" "$T_DIR/got" || fail "report --format $fmt differs from $gold:
$(diff "$gold" "$T_DIR/got" | head -n 20)"
done

t_case "every format to a file (-o FILE, --output=FILE, -o -) equals stdout"
for fmt in json markdown html csv; do
	run report --format "$fmt"
	cp "$OUT" "$T_DIR/stdout.$fmt"
	run report --format "$fmt" -o "$T_DIR/r.$fmt"
	expect_rc 0
	expect_out_empty
	expect_err_has "wrote the $fmt report to $T_DIR/r.$fmt"
	expect_same_bytes "$T_DIR/r.$fmt" "$T_DIR/stdout.$fmt"
	run report --format "$fmt" --output="$T_DIR/s.$fmt"
	expect_rc 0
	expect_same_bytes "$T_DIR/s.$fmt" "$T_DIR/stdout.$fmt"
	run report --format "$fmt" -o -
	expect_rc 0
	cmp -s "$OUT" "$T_DIR/stdout.$fmt" || fail "-o - differs from stdout"
done
# No temporary file is left behind.
ls -A "$T_DIR" | grep -q '^\.r\.' && fail "a temporary file was left in $T_DIR"

t_case "the format follows the file name; markdown by default"
run report -o "$T_DIR/status.html"
expect_rc 0
expect_same_bytes "$T_DIR/status.html" "$T_DIR/stdout.html"
run report
expect_rc 0
cmp -s "$OUT" "$T_DIR/stdout.markdown" || fail "the default format is not markdown"

t_case "one project, by name or UUID; an unknown one is a usage error"
run report --format csv "$P2"
expect_rc 0
[ "$(grep -c "$P1" "$OUT")" = 0 ] || fail "the report of $P2 names $P1"
[ "$(wc -l <"$OUT" | tr -d ' ')" = 22 ] || fail "expected a header and 21 items of $P2"
run report --format json 22222222-2222-4222-8222-222222222222
expect_json '.projects | map(.name) | join(",")' "$P2"
run report no-such-project
expect_rc 2
expect_one_line_err
expect_err_has 'no project named "no-such-project"'

t_case "an existing file is replaced only with --force"
printf 'keep me\n' >"$T_DIR/keep.md"
cp "$T_DIR/keep.md" "$T_DIR/keep.orig"
run report -o "$T_DIR/keep.md"
expect_rc 1
expect_one_line_err
expect_err_has "exists already; give --force"
expect_same_bytes "$T_DIR/keep.md" "$T_DIR/keep.orig"
run report -o "$T_DIR/keep.md" --force
expect_rc 0
expect_same_bytes "$T_DIR/keep.md" "$T_DIR/stdout.markdown"

t_case "bad options and unwritable places"
run report --format pdf
expect_rc 2
expect_first_err_line_has 'unknown format "pdf"; use json, markdown, html or csv'
run report -o "$T_DIR/no/such/dir/r.md"
expect_rc 4
expect_one_line_err
expect_err_has "cannot create a file in $T_DIR/no/such/dir"
run report -o "$T_DIR"
expect_rc 2
expect_err_has "is a folder"

t_case "the report is escaped: a <script> note shows as text"
grep -F -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T_DIR/r.html" || fail "HTML does not escape <script>"
grep -q '<script' "$T_DIR/r.html" && fail "HTML contains a <script> element"
grep -F -q '"'"'"'=SUM(1+1)' "$T_DIR/r.csv" && fail "CSV neutralised a cell that did not start with ="
grep -F -q ",\"'@SUM(A1:A9)\"," "$T_DIR/r.csv" || fail "CSV does not neutralise @SUM"

# Refusals: each leaves the database as it was and exits 3.
sum_before=$(checksum "$DB")
refuse() {
	t_file=$1
	t_want=$2
	run import "$t_file"
	expect_rc 3
	expect_one_line_err
	expect_err_has "$t_want"
	[ "$(checksum "$DB")" = "$sum_before" ] || fail "a refused import changed the database"
}

t_case "import refuses a file that is not JSON (exit 3)"
printf '{"format": 1, "projects": [\n' >"$T_DIR/bad.json"
refuse "$T_DIR/bad.json" "not a JSON report (line 2"

t_case "import refuses an unknown format version"
sed 's/^  "format": 1,/  "format": 2,/' "$G/report.json" >"$T_DIR/f2.json"
refuse "$T_DIR/f2.json" '$.format: unknown format 2'

t_case "import refuses an unknown template"
sed '0,/"template": "rhosp16-container"/s//"template": "rhosp99-nothing"/' "$G/report.json" >"$T_DIR/tpl.json"
refuse "$T_DIR/tpl.json" '$.projects[0].template: unknown template "rhosp99-nothing"'

t_case "import refuses an invalid value"
sed '0,/"status": "blocked"/s//"status": "stuck"/' "$G/report.json" >"$T_DIR/val.json"
refuse "$T_DIR/val.json" '$.projects[0].items[1].status: unknown status'
sed '0,/"value": "out-of-tree"/s//"value": "sideways"/' "$G/report.json" >"$T_DIR/val2.json"
refuse "$T_DIR/val2.json" '$.projects[0].fields.plugin_status.value: invalid value'

t_case "import refuses duplicated UUIDs"
sed 's/22222222-2222-4222-8222-222222222222/11111111-1111-4111-8111-111111111111/' "$G/report.json" >"$T_DIR/dup.json"
refuse "$T_DIR/dup.json" '$.projects[1].uuid: UUID 11111111-1111-4111-8111-111111111111 is given twice'

t_case "import of a missing file or a folder is a usage error"
run import "$T_DIR/nothing.json"
expect_rc 2
expect_err_has "cannot read $T_DIR/nothing.json"
run import "$T_DIR"
expect_rc 2

t_case "import --dry-run lists the changes and writes nothing"
CERTTRACK_DB=$T_DIR/other.db
export CERTTRACK_DB
run init
sum=$(checksum "$CERTTRACK_DB")
run import --dry-run "$G/report.json"
expect_rc 0
expect_out_has "would create $P1"
expect_out_has "nothing was written"
[ "$(checksum "$CERTTRACK_DB")" = "$sum" ] || fail "--dry-run changed the database"
run --json import --dry-run "$G/report.json"
expect_json '.dry_run, .created' "true
2"
run list --json
expect_json 'length' 0

t_case "import again: nothing changes, no history row twice"
CERTTRACK_DB=$DB
export CERTTRACK_DB
run history "$P1"
n_before=$(wc -l <"$OUT")
run import "$G/report.json"
expect_rc 0
expect_out_has "imported: 0 created, 0 updated, 2 unchanged, 0 history rows added"
run history "$P1"
[ "$(wc -l <"$OUT")" = "$n_before" ] || fail "history grew on a second import"

t_case "round trip: report -> import into an empty db -> same report"
run report --format json -o "$T_DIR/a.json"
CERTTRACK_DB=$T_DIR/round.db
export CERTTRACK_DB
run import "$T_DIR/a.json"
expect_rc 0
for fmt in json markdown html csv; do
	run report --format "$fmt"
	cmp -s "$OUT" "$T_DIR/stdout.$fmt" || fail "round trip changed the $fmt report:
$(diff "$T_DIR/stdout.$fmt" "$OUT" | head -n 20)"
done
CERTTRACK_DB=$DB
export CERTTRACK_DB

t_case "handoff shows in the reports"
run handoff "$P2" --to carol --note "over to you"
expect_rc 0
run report "$P2"
expect_out_has "handed from bob to carol on 2024-05-06 07:08 UTC: over to you"
run report --format html "$P2"
expect_out_has "handed from bob to carol on 2024-05-06 07:08 UTC: over to you"

t_case "backup: a checked single file; refuses to overwrite without --force"
run backup "$T_DIR/copy.db"
expect_rc 0
expect_out_has "copy.db"
[ -e "$T_DIR/copy.db-journal" ] && fail "a -journal file is beside the copy"
[ -e "$T_DIR/copy.db-wal" ] && fail "a -wal file is beside the copy"
run backup "$T_DIR/copy.db"
expect_rc 1
expect_one_line_err
expect_err_has "exists already; give --force"
run backup --force "$T_DIR/copy.db"
expect_rc 0
run --db "$T_DIR/copy.db" report --format json
norm_json "$OUT" >"$T_DIR/got"
run report --format json
norm_json "$OUT" >"$T_DIR/want"
cmp -s "$T_DIR/got" "$T_DIR/want" || fail "the copy does not hold the same projects"

t_case "backup onto the database itself is refused"
if t_file_only "the database is not a file"; then
	run backup "$DB" --force
	expect_rc 2
	expect_err_has "is the database itself"
fi

if command -v sqlite3 >/dev/null 2>&1; then
	t_case "backup while another process writes: integrity ok, single files"
	(
		i=0
		while [ ! -e "$T_DIR/stop" ]; do
			i=$((i + 1))
			"$CERTTRACK" item "$P2" product_created --note "loop $i" >/dev/null 2>>"$T_DIR/writer.err"
		done
	) &
	writer=$!
	k=0
	while [ $k -lt 8 ]; do
		k=$((k + 1))
		run backup "$T_DIR/live$k.db"
		expect_rc 0
		check=$(sqlite3 "$T_DIR/live$k.db" 'PRAGMA integrity_check' 2>&1)
		[ "$check" = ok ] || fail "integrity_check of backup $k: $check"
		mode=$(sqlite3 "$T_DIR/live$k.db" 'PRAGMA journal_mode' 2>&1)
		[ "$mode" = delete ] || fail "backup $k has journal mode $mode"
		for side in -journal -wal -shm; do
			[ -e "$T_DIR/live$k.db$side" ] && fail "backup $k has a $side file beside it"
		done
	done
	touch "$T_DIR/stop"
	wait "$writer"
	[ ! -s "$T_DIR/writer.err" ] || fail "the writer failed: $(head -n 3 "$T_DIR/writer.err")"
	rm -f "$T_DIR/stop"
else
	t_skip "sqlite3 (the command) is not installed: backup under load not checked"
fi

t_case "two processes, 500 changes each, one file: none lost, never 'locked'"
N=${CERTTRACK_CONCURRENCY_N:-500}
writer() {
	w_item=$1
	w_tag=$2
	i=0
	while [ $i -lt "$N" ]; do
		i=$((i + 1))
		"$CERTTRACK" item "$P1" "$w_item" --note "$w_tag $i" >/dev/null 2>>"$T_DIR/$w_tag.err" ||
			echo "exit $? at $i" >>"$T_DIR/$w_tag.err"
	done
}
writer company_profile a &
pa=$!
writer openstack_appendix b &
pb=$!
wait "$pa"
wait "$pb"
for w in a b; do
	[ ! -s "$T_DIR/$w.err" ] || fail "writer $w: $(head -n 3 "$T_DIR/$w.err")"
done
run --json history "$P1"
expect_json '[.[] | select(.what == "item.note" and .key == "company_profile")] | length' "$N"
expect_json '[.[] | select(.what == "item.note" and .key == "openstack_appendix")] | length' "$N"
run --json show "$P1"
expect_json '.items[] | select(.key == "company_profile") | .note' "a $N"
expect_json '.items[] | select(.key == "openstack_appendix") | .note' "b $N"

t_done
