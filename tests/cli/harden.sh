#!/bin/sh
# harden.sh - the database file and the files certtrack writes, at the
# edges: a symbolic link as --db, SQLite's magic with a garbage header, a
# backup to a full disk, and temporaries that killed runs left behind.
. "$top_srcdir/tests/cli/lib.sh"

run init
expect_rc 0
run new "$NAME" product=Acme product_version=1.0 plugin_status=in-tree
expect_rc 0

t_case "a symbolic link as --db: refused (exit 2), saying why, the file untouched"
if t_file_only "the database is not a file to link to"; then
	ln -s "$CERTTRACK_DB" "$T_DIR/link.db"
	before=$(checksum "$CERTTRACK_DB")
	run --db "$T_DIR/link.db" list
	expect_rc 2
	expect_one_line_err
	expect_err_has "$T_DIR/link.db is a symbolic link"
	expect_err_has "journal"
	expect_err_has "give the real file: $CERTTRACK_DB"
	expect_err_not_has "unable to open database file"
	[ "$(checksum "$CERTTRACK_DB")" = "$before" ] || fail "the database changed"
fi

t_case "SQLite's magic and a garbage header: not a certtrack database, header damaged (exit 3)"
{
	printf 'SQLite format 3\000'
	head -c 8000 /dev/urandom
} >"$T_DIR/garbage.db"
run --db "$T_DIR/garbage.db" list
expect_rc 3
expect_one_line_err
expect_err_has "header is damaged"
expect_err_not_has "needs 0"
expect_err_not_has "truncated"

t_case "backup to a full disk names the destination, not the database (exit 4)"
# A 64 KiB tmpfs needs root; elsewhere the case is skipped, visibly.
mkdir -p "$T_DIR/full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k certtrack-test "$T_DIR/full" 2>/dev/null; then
	trap 'umount "$T_DIR/full" 2>/dev/null; t_cleanup' EXIT
	# About 300 KiB of notes: more than the 64 KiB the copy may use.
	note=$(head -c 30000 /dev/zero | tr '\0' 'n')
	for item in connect_registration zone_access product_created git_repository project_created \
		plugin_status_confirmed company_profile product_profile openstack_appendix project_profile; do
		"$CERTTRACK" item "$NAME" "$item" in-progress --note "$note $item" >/dev/null 2>&1 ||
			fail "test set-up: item $item"
	done
	before=$(checksum "$CERTTRACK_DB")
	run backup "$T_DIR/full/copy.db"
	expect_rc 4
	expect_one_line_err
	expect_err_has "$T_DIR/full/copy.db"
	expect_err_has "disk is full"
	expect_err_not_has "$CERTTRACK_DB:"
	[ "$(checksum "$CERTTRACK_DB")" = "$before" ] || fail "the database changed"
	left=$(ls -A "$T_DIR/full")
	[ -z "$left" ] || fail "files left on the full disk: $left"
	run report --format json -o "$T_DIR/full/r.json"
	expect_rc 4
	expect_err_has "$T_DIR/full/r.json"
	left=$(ls -A "$T_DIR/full")
	[ -z "$left" ] || fail "files left on the full disk: $left"
	umount "$T_DIR/full"
	trap t_cleanup EXIT
else
	echo "SKIP: $T_NAME: full disk: cannot mount a small tmpfs (needs root)"
	t_skip "backup to a full disk: cannot mount a small tmpfs (needs root)"
fi

t_case "temporaries of killed runs are removed by the next backup or report -o"
mkdir -p "$T_DIR/out"
# pid 4194304 is beyond the kernel's pid_max: never a live process.
for f in .copy.db.ct4194304.AbCdEf .copy.db.ct4194304.AbCdEf-journal .r.json.ct4194304.Zz9Yy8; do
	: >"$T_DIR/out/$f"
done
# One of a live process (this shell) stays.
: >"$T_DIR/out/.copy.db.ct$$.Live01"
# A name without a pid could be someone's own file: kept, however old.
: >"$T_DIR/out/.copy.db.backup"
touch -d '2 hours ago' "$T_DIR/out/.copy.db.backup"
run backup "$T_DIR/out/copy.db"
expect_rc 0
run report --format json -o "$T_DIR/out/r.json"
expect_rc 0
left=$(cd "$T_DIR/out" && ls -A | sort | tr '\n' ' ')
[ "$left" = ".copy.db.backup .copy.db.ct$$.Live01 copy.db r.json " ] || fail "left in the folder: $left"

t_done
