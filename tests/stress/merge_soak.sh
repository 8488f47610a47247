#!/bin/sh
# merge_soak.sh - two engineers work on copies for a week (issue 12):
# alice backs up to bob, then each side makes N random changes (fields,
# item status, note and reason, owner hand-offs, collateral added and
# removed, renames; the pools are small so that many keys overlap, some
# with the same value), then bob's copy is merged into alice's resolving
# every conflict (one per key, the rest --theirs), then alice's into
# bob's, which must need no resolution. Afterwards:
#  - both copies give the same JSON report (projects, values, history),
#    generation metadata aside;
#  - every change of either side is applied, or its key is listed as a
#    resolved conflict and holds the side the resolution chose;
#  - collateral: what both kept, and what each added and kept;
#  - PRAGMA integrity_check is ok on both files.
# The changes are deterministic (SOAK_SEED). make check runs
# SOAK_CHANGES=200 per side; make stress-merge runs 1000 on more projects.
. "$top_srcdir/tests/stress/lib.sh"
# SOAK_KEEP=1 keeps the files to look at after a failure.
[ "${SOAK_KEEP:-0}" = 1 ] && trap 'echo "merge_soak: files kept in $S_DIR" >&2' EXIT
SEED=${SOAK_SEED:-12}
N=${SOAK_CHANGES:-$([ "$LONG" = 1 ] && echo 1000 || echo 200)}
NP=${SOAK_PROJECTS:-$([ "$LONG" = 1 ] && echo 6 || echo 3)}
A="$S_DIR/alice.db"
B="$S_DIR/bob.db"
CERTTRACK_NOW=2024-05-06T07:08:09Z
export CERTTRACK_NOW

# The projects, each with two collateral items both sides start with.
i=1
while [ "$i" -le "$NP" ]; do
	ct --db "$A" --user alice new "rhosp16-openstack-cinder-volume-p$i" product=Base \
		product_version=1.0 >/dev/null 2>&1 || fail "new p$i"
	for c in 1 2; do
		ct --db "$A" --user alice collateral "rhosp16-openstack-cinder-volume-p$i" add \
			"base-p$i-c$c" --type document >/dev/null 2>&1 || fail "collateral p$i"
	done
	i=$((i + 1))
done
ct --db "$A" backup "$B" >/dev/null 2>&1 || fail "backup"
UUIDS=$(ct --db "$A" --json list | jq -r '.[].uuid' | sort)
[ "$(echo "$UUIDS" | wc -l)" = "$NP" ] || fail "list"

# snapshot DB: the values the check compares, by project UUID.
snapshot() {
	ct --db "$1" --json report | jq -S '
	  [.projects[] | {key: .uuid, value: {
	    name: .name, owner: .owner,
	    fields: (.fields | map_values(.value)),
	    items: (.items | map({key: .key, value: {status, note, reason}}) | from_entries),
	    collateral: ([.collateral[].title] | sort)}}] | from_entries'
}
snapshot "$A" >"$S_DIR/base.json"

# The changes of one side: one line each, a function and its arguments,
# drawn from the seed (side 1 alice, side 2 bob).
changes() {
	awk -v seed="$SEED" -v side="$1" -v n="$N" -v uuids="$UUIDS" 'BEGIN {
	  srand(seed * 7 + side)
	  np = split(uuids, u, "\n")
	  nf = split("product product_version repository_description outbound_repository_description sales_contact_name product_description", f, " ")
	  ni = split("company_profile openstack_appendix package_and_test distribution_approval product_profile", it, " ")
	  ns = split("todo in-progress blocked n/a", st, " ")
	  nu = split("alice bob carol", us, " ")
	  me = side == 1 ? "a" : "b"
	  for (k = 1; k <= n; k++) {
	    p = u[int(rand() * np) + 1]
	    r = rand()
	    # Shared values now and then: the same change made on both sides.
	    v = rand() < 0.2 ? "same" int(rand() * 3) : me k
	    if (r < 0.35)
	      printf "c_set %s %s %s\n", p, f[int(rand() * nf) + 1], v
	    else if (r < 0.55) {
	      s = st[int(rand() * ns) + 1]
	      printf "c_item %s %s %s %s\n", p, it[int(rand() * ni) + 1], s, v
	    } else if (r < 0.65)
	      printf "c_owner %s %s %s\n", p, us[int(rand() * nu) + 1], v
	    else if (r < 0.8)
	      printf "c_add %s %s-c%d\n", p, me, k
	    else if (r < 0.93)
	      printf "c_rm %s %d\n", p, int(rand() * 1000)
	    else
	      printf "c_rename %s %s%d\n", p, me, k
	  }
	}'
}

# Each change as its side makes it; one that certtrack refuses (a rule)
# is no change, and is not counted.
c_set() { ct --db "$DB" --user "$WHO" set "$1" "$2=$3"; }
c_item() {
	case $3 in
	blocked | n/a) ct --db "$DB" --user "$WHO" item "$1" "$2" "$3" --reason "r-$4" --note "n-$4" ;;
	*) ct --db "$DB" --user "$WHO" item "$1" "$2" "$3" --note "n-$4" ;;
	esac
}
c_owner() { ct --db "$DB" --user "$WHO" handoff "$1" --to "$2" --note "h-$3"; }
c_add() { ct --db "$DB" --user "$WHO" collateral "$1" add "$2" --type document; }
c_rm() {
	ids=$(ct --db "$DB" --json show "$1" | jq -r '.collateral[].id')
	[ -n "$ids" ] || return 1
	cnt=$(echo "$ids" | wc -l)
	id=$(echo "$ids" | sed -n "$(($2 % cnt + 1))p")
	ct --db "$DB" --user "$WHO" collateral "$1" rm "$id"
}
c_rename() {
	# A name of this side's own: both sides renaming one project is a
	# conflict, never a clash of two projects.
	n=$(ct --db "$DB" --json show "$1" | jq -r .name | sed 's/-[ab][0-9]*$//')
	ct --db "$DB" --user "$WHO" set "$1" "project_name=$n-$2"
}

work() {
	DB=$1 WHO=$2
	done_n=0
	while read -r fn a1 a2 a3 a4; do
		if $fn $a1 $a2 $a3 $a4 >/dev/null 2>>"$S_DIR/refused.$WHO"; then
			done_n=$((done_n + 1))
		fi
	done
	echo "$done_n"
}
changes 1 >"$S_DIR/alice.changes"
changes 2 >"$S_DIR/bob.changes"
na=$(work "$A" alice <"$S_DIR/alice.changes")
nb=$(work "$B" bob <"$S_DIR/bob.changes")
[ "$na" -gt $((N / 2)) ] && [ "$nb" -gt $((N / 2)) ] ||
	fail "too few changes were accepted (alice $na, bob $nb of $N): $(head -n 3 "$S_DIR/refused.alice")"
snapshot "$A" >"$S_DIR/alice.json"
snapshot "$B" >"$S_DIR/bob.json"

# bob -> alice: the conflicts listed, nothing written, then resolved: the
# first by --take ...=ours, the rest --theirs.
sum_a=$(cksum <"$A")
ct --db "$A" --user alice --json merge "$B" >"$S_DIR/conflicts.json" 2>"$S_DIR/merge.err"
rc=$?
[ "$(cksum <"$A")" = "$sum_a" ] || fail "an unresolved merge wrote to alice.db"
nc=$(jq '.conflicts | length' "$S_DIR/conflicts.json")
if [ "$nc" -gt 0 ]; then
	[ "$rc" = 1 ] || fail "conflicts, exit status $rc (want 1)"
else
	[ "$rc" = 0 ] || fail "merge exit status $rc: $(cat "$S_DIR/merge.err")"
fi
# A take names a key across projects: take one that only one project
# has in conflict.
first=$(jq -r '[.conflicts[].key] | group_by(.) | map(select(length == 1)) | .[0][0] // empty' \
	"$S_DIR/conflicts.json")
if [ -n "$first" ]; then
	ct --db "$A" --user alice --json merge "$B" --take "$first=ours" --theirs \
		>"$S_DIR/merged.json" 2>"$S_DIR/merge.err" || fail "merge bob -> alice: $(cat "$S_DIR/merge.err")"
else
	ct --db "$A" --user alice --json merge "$B" --theirs \
		>"$S_DIR/merged.json" 2>"$S_DIR/merge.err" || fail "merge bob -> alice: $(cat "$S_DIR/merge.err")"
fi
jq '.conflicts' "$S_DIR/merged.json" >"$S_DIR/resolved.json"
[ "$(jq length "$S_DIR/resolved.json")" = "$nc" ] || fail "the resolved merge lists other conflicts"
jq -e 'all(.[]; .resolved == "ours" or .resolved == "theirs")' "$S_DIR/resolved.json" >/dev/null ||
	fail "a conflict left unresolved"

# alice -> bob: nothing left to resolve.
ct --db "$B" --user bob --json merge "$A" >"$S_DIR/back.json" 2>"$S_DIR/merge.err" ||
	fail "merge alice -> bob: $(cat "$S_DIR/merge.err")"
[ "$(jq '.conflicts | length' "$S_DIR/back.json")" = 0 ] || fail "conflicts on the way back"

# Both copies equal. History as a set (each copy keeps its own order of
# rows); collateral by what it is, not by its id, which each copy numbers
# on its own (two sides adding one each both call it the next number).
state() {
	ct --db "$1" --json report |
		jq -S 'del(.generated_at, .generated_by, .generator)
		       | .projects |= map(.history |= sort_by(.uuid) | .handoffs |= sort_by(.at, .by, .from, .to, .note)
		                          | .collateral |= (map(del(.id)) | sort_by(.added_at, .added_by, .title)))'
}
state "$A" >"$S_DIR/a.final"
state "$B" >"$S_DIR/b.final"
cmp -s "$S_DIR/a.final" "$S_DIR/b.final" ||
	fail "the copies differ: $(diff "$S_DIR/a.final" "$S_DIR/b.final" | head -n 20)"
# A merge again either way adds nothing.
ct --db "$A" --user alice --json merge "$B" >"$S_DIR/again.json" 2>&1 || fail "merge again"
jq -e '.history == 0 and (.applied | length) == 0' "$S_DIR/again.json" >/dev/null ||
	fail "a second merge changed something: $(head -c 400 "$S_DIR/again.json")"

# Every change applied, or a resolved conflict holding the chosen side.
snapshot "$A" >"$S_DIR/final.json"
jq -n --slurpfile base "$S_DIR/base.json" --slurpfile a "$S_DIR/alice.json" \
	--slurpfile b "$S_DIR/bob.json" --slurpfile f "$S_DIR/final.json" \
	--slurpfile c "$S_DIR/resolved.json" '
  def want($k; $o; $a; $b; $cf):
    if $a == $b then $a
    elif $a == $o then $b
    elif $b == $o then $a
    elif $cf == null then "UNLISTED CONFLICT"
    elif $cf.resolved == "theirs" then $b else $a end;
  $base[0] as $o | $a[0] as $a | $b[0] as $b | $f[0] as $f |
  ($c[0] | map({key: (.uuid + " " + .key), value: .}) | from_entries) as $cf |
  [ $o | keys[] as $u |
    ( ($o[$u].fields | keys[] | select(. != "project_name")) as $k |
      {u: $u, k: $k, o: $o[$u].fields[$k], a: $a[$u].fields[$k], b: $b[$u].fields[$k], f: $f[$u].fields[$k]} ),
    ( ($o[$u].items | keys[]) as $i | ("status", "note", "reason") as $x |
      {u: $u, k: ($i + "." + $x), o: $o[$u].items[$i][$x], a: $a[$u].items[$i][$x], b: $b[$u].items[$i][$x], f: $f[$u].items[$i][$x]} ),
    ( ("owner", "name") as $k | {u: $u, k: $k, o: $o[$u][$k], a: $a[$u][$k], b: $b[$u][$k], f: $f[$u][$k]} )
  | . as $r | want($r.k; $r.o; $r.a; $r.b; $cf[$r.u + " " + $r.k]) as $w
  | select($w != $r.f) | . + {want: $w} ]
  + [ $o | keys[] as $u |
      ($o[$u].collateral) as $oc | ($a[$u].collateral) as $ac | ($b[$u].collateral) as $bc |
      ([$ac[] | . as $t | select(($bc | index([$t])) != null or ($oc | index([$t])) == null)]
       + [$bc[] | . as $t | select(($oc | index([$t])) == null)] | unique) as $w |
      select($w != $f[$u].collateral) | {u: $u, k: "collateral", want: $w, f: $f[$u].collateral} ]
' >"$S_DIR/lost.json" || fail "jq failed"
[ "$(jq length "$S_DIR/lost.json")" = 0 ] ||
	fail "changes lost or wrong: $(jq -c '.[:5]' "$S_DIR/lost.json")"

for db in "$A" "$B"; do
	ok=$(integrity "$db")
	[ "$ok" = ok ] || fail "integrity_check of $db: $ok"
done
echo "merge_soak: $na + $nb changes, $nc conflicts resolved, copies equal, nothing lost, integrity ok"
