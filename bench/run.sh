#!/bin/sh
# bench/run.sh - benchmarks of certtrack as ratios against an anchor
# measured in the same run, alternating with it (never absolute times: the
# machine may be shared). Run from a build directory (make bench, or
# sh ../../bench/run.sh); BENCH_SIZES (default "100 1000 10000") and
# BENCH_RUNS (default 5, the median is shown) change the work done.
#
# Each command at each size, against:
#   report json/csv/markdown/html  sqlite3 -json/-csv/-markdown/-html
#                                  printing every row the report reads
#   list --json                    sqlite3 -json of the same columns
#   history                        sqlite3 of the same query (no limit)
#   TUI first frame                the TUI at 100 projects (start, first
#                                  frame, quit, timed inside a pseudo-terminal)
#   item change                    sqlite3 UPDATE of the same row, with
#                                  synchronous=FULL and the rollback journal
#   --version, show                sqlite3 -version (process start-up)
#   pg report json, pg list --json psql printing the same rows from the
#                                  same database on a throwaway PostgreSQL
#   pg item change                 psql UPDATE of the same row
# Peak memory is the command's maximum resident set (/usr/bin/time).
set -eu
sizes=${BENCH_SIZES:-"100 1000 10000"}
runs=${BENCH_RUNS:-5}
build=$(pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
make -s certtrack bench/populate >/dev/null
for tool in sqlite3 script /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing" >&2; exit 77; }
done
export TZ=UTC LC_ALL=C.UTF-8 CERTTRACK_USER=bench TERM=xterm LINES=24 COLUMNS=80
export CERTTRACK_TEMPLATES="$src/checklists"
ct="$build/certtrack --templates $src/checklists"

rows_sql="SELECT * FROM projects WHERE deleted_at IS NULL ORDER BY name;
SELECT * FROM field_values; SELECT * FROM item_states; SELECT * FROM collateral;
SELECT * FROM builds; SELECT * FROM scans; SELECT * FROM scan_results;
SELECT * FROM prescans; SELECT * FROM events;"
list_sql="SELECT uuid, name, template, owner, sum_done, sum_total, sum_next, sum_errors,
 sum_warnings, updated_at FROM projects WHERE deleted_at IS NULL ORDER BY name"
hist_sql="SELECT e.id, e.command_id, c.undo_of, e.at, e.user, e.project_uuid, e.project_name,
 e.what, e.key, e.old, e.new, e.note FROM events e JOIN commands c ON c.id = e.command_id
 ORDER BY e.id DESC"

# Microseconds one evaluation of "$1" takes, output discarded.
us() {
	s=$(date +%s%N)
	eval "$1" >/dev/null 2>&1 </dev/null || true
	e=$(date +%s%N)
	echo $(((e - s) / 1000))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# Peak resident set in KiB of the command "$1" (a program and its arguments).
peak() {
	eval "/usr/bin/time -f %M -o $tmp/rss $1" >/dev/null 2>&1 </dev/null || true
	tail -n 1 "$tmp/rss"
}
# Microseconds from the TUI's start to its exit after the first frame,
# timed inside the pseudo-terminal: script(1) itself lingers a quarter of
# a second after its child ends.
tui_us() {
	printf Q | script -qec "s=\$(date +%s%N); $ct --db $1; e=\$(date +%s%N); echo \$(((e - s) / 1000)) >$tmp/tui_us" \
		/dev/null >/dev/null 2>&1 || true
	cat "$tmp/tui_us"
}
tui_peak() {
	printf Q | script -qec "/usr/bin/time -f %M -o $tmp/rss $ct --db $1" /dev/null >/dev/null 2>&1 || true
	tail -n 1 "$tmp/rss"
}

results="$tmp/results"
: >"$results"
# measure_tui N: the TUI on database N against the same at the smallest
# size, alternated.
measure_tui() {
	: >"$tmp/c"
	: >"$tmp/a"
	tui_us "$tmp/bench-$1.db" >/dev/null
	for _ in $(seq "$runs"); do
		tui_us "$tmp/bench-$1.db" >>"$tmp/c"
		tui_us "$small" >>"$tmp/a"
	done
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "TUI first frame" "$1" "$(median <"$tmp/c")" \
		"TUI at $(basename "$small" .db | sed 's/bench-//')" "$(median <"$tmp/a")" \
		"$(tui_peak "$tmp/bench-$1.db")" 1.2 >>"$results"
}

# measure NAME N TARGET CMD ANCHOR_NAME ANCHOR [PEAK]: alternates the two
# $runs times and records the medians, their ratio and the peak memory.
measure() {
	: >"$tmp/c"
	: >"$tmp/a"
	eval "$4" >/dev/null 2>&1 </dev/null || true # warm the page cache
	for _ in $(seq "$runs"); do
		us "$4" >>"$tmp/c"
		us "$6" >>"$tmp/a"
	done
	c=$(median <"$tmp/c")
	a=$(median <"$tmp/a")
	m=${7:-$(peak "$4")}
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$c" "$5" "$a" "$m" "$3" >>"$results"
}

# Populated in memory when /dev/shm is there (its fsyncs cost nothing),
# then copied to the disk the commands are measured on.
shm=$tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && shm=$(mktemp -d /dev/shm/certtrack-bench.XXXXXX)
trap 'rm -rf "$tmp"; [ "$shm" = "$tmp" ] || rm -rf "$shm"' EXIT INT TERM
for n in $sizes; do
	db="$tmp/bench-$n.db"
	echo "bench: populating $n projects ..." >&2
	"$build/bench/populate" "$shm/bench-$n.db" "$n" "$src/checklists"
	[ "$shm" = "$tmp" ] || mv "$shm/bench-$n.db" "$db"
done
# The item change flips between todo and in-progress, so that every run
# changes the row.
flip() {
	if [ -e "$tmp/flip" ]; then rm -f "$tmp/flip"; echo todo; else : >"$tmp/flip"; echo in-progress; fi
}
small="$tmp/bench-$(echo "$sizes" | awk '{ print $1 }').db"

for n in $sizes; do
	db="$tmp/bench-$n.db"
	echo "bench: measuring at $n projects ..." >&2
	measure "report json" "$n" 1.2 "$ct --db $db report --format json" "sqlite3 -json" \
		"sqlite3 -json $db \"$rows_sql\""
	measure "report csv" "$n" 1.2 "$ct --db $db report --format csv" "sqlite3 -csv" \
		"sqlite3 -csv $db \"$rows_sql\""
	measure "report markdown" "$n" 1.2 "$ct --db $db report --format markdown" \
		"sqlite3 -markdown" "sqlite3 -markdown $db \"$rows_sql\""
	measure "report html" "$n" 1.2 "$ct --db $db report --format html" "sqlite3 -html" \
		"sqlite3 -html $db \"$rows_sql\""
	measure "list --json" "$n" 1.5 "$ct --db $db --json list" "sqlite3 -json" \
		"sqlite3 -json $db \"$list_sql\""
	measure "history" "$n" "" "$ct --db $db history" "sqlite3" "sqlite3 $db \"$hist_sql\""
	measure_tui "$n"
	# The same row flips between todo and in-progress: every run changes it.
	p=rhosp16-openstack-manila-share-plugin1
	pid=$(sqlite3 "$db" "SELECT id FROM projects WHERE name = '$p'")
	measure "item change" "$n" 1.5 \
		"$ct --db $db item $p connect_registration \$(flip)" \
		"sqlite3 UPDATE" \
		"sqlite3 $db \"PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; UPDATE item_states SET status = CASE status WHEN 'todo' THEN 'in-progress' ELSE 'todo' END, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ') WHERE project_id = $pid AND key = 'connect_registration'\""
	measure "--version" "$n" 2 "$ct --version" "sqlite3 -version" "sqlite3 -version"
	measure "show" "$n" 2 "$ct --db $db show $p" "sqlite3 -version" "sqlite3 -version"
done

# PostgreSQL (issue 13): the same databases on a throwaway server
# (tests/pg/server.sh; BENCH_PG=0 leaves it out), against psql reading
# the same rows and a psql UPDATE of the same row.
pg_bench=no
if [ "${BENCH_PG:-1}" != 0 ] && "$build/certtrack" --version | grep -q postgresql; then
	# shellcheck source=../tests/pg/server.sh
	. "$src/tests/pg/server.sh"
	pg_rc=0
	pg_server_start "$tmp/pg" || pg_rc=$?
	if [ "$pg_rc" = 0 ]; then
		pg_bench=yes
		trap 'pg_server_stop; rm -rf "$tmp"; [ "$shm" = "$tmp" ] || rm -rf "$shm"' EXIT INT TERM
	else
		echo "bench: no PostgreSQL rows: ${PG_SKIP:-the server did not start}" >&2
	fi
fi
# The tables and columns the backends share (scan_results' rid is the
# server's own).
pg_tables="commands:id,at,user,summary,undo_of,undone_by
projects:id,uuid,name,template,owner,created_at,updated_at,deleted_at,published,published_at,published_by,sum_done,sum_total,sum_next,sum_errors,sum_warnings,sum_broken,sum_next_blocked,sum_to_fill
field_values:project_id,key,value,updated_at,updated_by
item_states:project_id,key,status,note,reason,forced_reason,updated_at,updated_by
collateral:id,project_id,title,type,location,added_at,added_by,removed
events:id,command_id,at,user,project_uuid,project_name,what,key,old,new,note,uuid
prescans:id,project_id,at,user,file,digest,passed,results
builds:id,project_id,tag,build_ref,started_at,finished_at,result,note,user
scans:id,build_id,at,user,passed,source,image,test_library_name,test_library_version,test_library_commit,certification_hash
scan_results:scan_id,policy,status,message,fix,url,description,help,elapsed_ms,check_url
verifications:id,project_id,at,user,kind,target,outcome,message,details"
if [ "$pg_bench" = yes ]; then
	for n in $sizes; do
		db="$tmp/bench-$n.db"
		echo "bench: copying $n projects to PostgreSQL ..." >&2
		pgdb=$(pg_createdb "bench$n")
		$ct --db "$pgdb" init >/dev/null
		printf '%s\n' "$pg_tables" | while IFS=: read -r t cols; do
			qcols=$(printf '%s' "$cols" | sed 's/\buser\b/"user"/')
			sqlite3 -csv "$db" "SELECT $cols FROM $t" |
				pg_psql "bench$n" -c "\\copy $t($qcols) FROM STDIN CSV" >/dev/null
		done
		# The statistics autovacuum gathers soon after a bulk load: the
		# planner's choices are those of a server in use.
		pg_psql "bench$n" -c "ANALYZE" >/dev/null
		psql_cmd="$PG_BIN/psql -X -q -h $PG_SOCK -p $PG_PORT -U $PG_USER -d bench$n"
		echo "bench: measuring PostgreSQL at $n projects ..." >&2
		measure "pg report json" "$n" 1.2 "$ct --db \"$pgdb\" report --format json" "psql rows" \
			"$psql_cmd -At -c \"$rows_sql\""
		measure "pg list --json" "$n" 1.5 "$ct --db \"$pgdb\" --json list" "psql rows" \
			"$psql_cmd -At -c \"$list_sql\""
		p=rhosp16-openstack-manila-share-plugin1
		pid=$(sqlite3 "$db" "SELECT id FROM projects WHERE name = '$p'")
		measure "pg item change" "$n" 1.5 \
			"$ct --db \"$pgdb\" item $p connect_registration \$(flip)" \
			"psql UPDATE" \
			"$psql_cmd -c \"UPDATE item_states SET status = CASE status WHEN 'todo' THEN 'in-progress' ELSE 'todo' END, updated_at = '$(date -u +%Y-%m-%dT%H:%M:%SZ)' WHERE project_id = $pid AND key = 'connect_registration'\""
	done
fi

printf '| command | projects | certtrack ms | anchor | anchor ms | ratio | target | peak KiB |\n'
printf '| --- | ---: | ---: | --- | ---: | ---: | --- | ---: |\n'
awk -F '\t' '{
	r = $5 > 0 ? $3 / $5 : 0
	t = $7 == "" ? "" : sprintf("<= %s: %s", $7, r <= $7 + 0 ? "met" : "NOT met")
	printf "| %s | %s | %.1f | %s | %.1f | %.2f | %s | %s |\n", $1, $2, $3 / 1000, $4, $5 / 1000, r, t, $6
}' "$results"

# Memory against the smallest size: at most 2x for reports, 1.2x for the TUI.
first=$(echo "$sizes" | awk '{ print $1 }')
last=$(echo "$sizes" | awk '{ print $NF }')
echo
awk -F '\t' -v first="$first" -v last="$last" '
	$2 == first { m0[$1] = $6 } $2 == last { m1[$1] = $6 }
	END {
		for (k in m1) if (k ~ /^report|^TUI|^history|^list/) {
			lim = k ~ /^TUI/ ? 1.2 : 2
			r = m0[k] > 0 ? m1[k] / m0[k] : 0
			printf "peak memory of %s at %s vs %s projects: %d / %d KiB = %.2fx (target <= %sx: %s)\n",
				k, last, first, m1[k], m0[k], r, lim, r <= lim ? "met" : "NOT met"
		}
	}' "$results" | sort

# Disk syncs of one change (one transaction: the rollback journal with
# synchronous=FULL needs four), against the UPDATE.
if command -v strace >/dev/null 2>&1; then
	db="$tmp/bench-$last.db"
	p=rhosp16-openstack-manila-share-plugin1
	pid=$(sqlite3 "$db" "SELECT id FROM projects WHERE name = '$p'")
	# The other state than the row's: a change that is refused syncs nothing.
	to=$(sqlite3 "$db" "SELECT CASE status WHEN 'todo' THEN 'in-progress' ELSE 'todo' END FROM item_states WHERE project_id = $pid AND key = 'connect_registration'")
	strace -f -e trace=fsync,fdatasync -o "$tmp/st" $ct --db "$db" item $p connect_registration "$to" >/dev/null 2>&1 || true
	c=$(grep -c 'sync(' "$tmp/st" || true)
	strace -f -e trace=fsync,fdatasync -o "$tmp/st" sqlite3 "$db" "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; UPDATE item_states SET status = CASE status WHEN 'todo' THEN 'in-progress' ELSE 'todo' END WHERE project_id = $pid AND key = 'connect_registration'" >/dev/null 2>&1 || true
	a=$(grep -c 'sync(' "$tmp/st" || true)
	echo "fsyncs of one item change: certtrack $c, sqlite3 UPDATE $a"
fi

# The pre-scan's growth with the Dockerfile's size and stage chains.
sh "$src/bench/lint.sh"
