#!/bin/sh
# bench/run.sh - benchmarks of certtrack, reported as ratios against a
# reference measured in the same run (never absolute times: the machine
# may be shared). Run from a build directory: sh ../../bench/run.sh [N]
#
#   list:  `certtrack list --json` on N projects, against sqlite3 reading
#          the same rows (the floor any list can reach).
#   show:  `certtrack --json show` of one project among N, against
#          `certtrack --version` (process start-up alone).
set -eu
n=${1:-10000}
build=$(pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
make -s bench/populate >/dev/null
db="$tmp/bench.db"
echo "populating $n projects ..." >&2
"$build/bench/populate" "$db" "$n" "$src/checklists"

# best of 5 wall-clock runs, in milliseconds
best() {
	b=""
	for _ in 1 2 3 4 5; do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s%N)
		t=$(((e - s) / 1000000))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	echo "$b"
}
ct="$build/certtrack --db $db"
ref=$(best sqlite3 "$db" "SELECT uuid, name, owner, sum_done, sum_total, sum_next FROM projects")
list=$(best $ct list --json)
start=$(best "$build/certtrack" --version)
show=$(best $ct --json show rhosp16-openstack-cinder-volume-plugin0)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b < 1) b = 1; printf "%.1f", a / b }'; }
echo "list of $n projects: ${list} ms; sqlite3 reading the same rows: ${ref} ms; ratio $(ratio "$list" "$ref")"
echo "show of one project among $n: ${show} ms; process start-up: ${start} ms; ratio $(ratio "$show" "$start")"

# The pre-scan's growth with the Dockerfile's size (bench/lint.sh).
sh "$src/bench/lint.sh"
