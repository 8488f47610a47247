#!/bin/sh
# run.sh - runs the libFuzzer harnesses: make fuzz-smoke (a fixed number
# of executions each, for CI) and make fuzz (a time limit each).
#   run.sh TESTS_DIR fuzz-smoke|fuzz LIMIT_OPTION TARGET...
# Seeds come from the test inputs; new corpus entries and crash inputs go
# to tests/fuzz/ of the build folder. The last line counts executions and
# crashes; the exit status is 1 when any target crashed.
set -u
tests=$1 mode=$2 limit=$3
shift 3
out=tests/fuzz
mkdir -p "$out"
total=0 crashed=0 targets=0
for target in "$@"; do
	name=$(basename "$target")
	dict=""
	case $name in
	fuzz_dockerfile | fuzz_roundtrip)
		seeds="$tests/lint"
		dict=$tests/fuzz/dockerfile.dict
		;;
	fuzz_import)
		seeds="$tests/golden $tests/fuzz/seeds/import"
		dict=$tests/fuzz/json.dict
		;;
	fuzz_preflight)
		seeds="$tests/preflight"
		dict=$tests/fuzz/json.dict
		;;
	fuzz_template)
		seeds="$tests/templates $tests/../checklists"
		dict=$tests/fuzz/json.dict
		;;
	fuzz_registry)
		seeds="$tests/fuzz/seeds/registry"
		dict=$tests/fuzz/json.dict
		;;
	*)
		seeds="$tests/fuzz/seeds/${name#fuzz_}"
		;;
	esac
	lim=$limit
	# Each round trip opens two databases: fewer executions for the smoke.
	if [ "$mode" = fuzz-smoke ] && [ "$name" = fuzz_roundtrip ]; then
		n=${limit#-runs=}
		lim="-runs=$((n / 4))"
	fi
	if [ "$mode" = fuzz ]; then
		corpus="$out/corpus/$name"
		mkdir -p "$corpus"
	else
		corpus=$(mktemp -d "${TMPDIR:-/tmp}/certtrack-$name.XXXXXX")
	fi
	log="$out/$name.log"
	# The smoke is CI's: the same executions on every run (a fixed seed),
	# so a red CI names a reproducible input; long runs explore at random.
	seed=""
	[ "$mode" = fuzz-smoke ] && seed="-seed=1"
	# shellcheck disable=SC2086
	"$target" $lim $seed ${dict:+-dict=$dict} -max_len=65536 -timeout=30 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/crash-$name-" "$corpus" $seeds >"$log" 2>&1
	rc=$?
	[ "$mode" = fuzz ] || rm -rf "$corpus"
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
	[ -n "$runs" ] || runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	runs=${runs:-0}
	targets=$((targets + 1))
	total=$((total + runs))
	if [ "$rc" != 0 ]; then
		crashed=$((crashed + 1))
		echo "$mode: $name: CRASHED after $runs executions (exit $rc); input saved as $out/crash-$name-*:"
		grep -E 'ERROR|SUMMARY|fuzz property|runtime error|Test unit written' "$log" | head -n 8
	else
		echo "$mode: $name: $runs executions, no crash"
	fi
done
echo "$mode: $targets targets, $total executions, $crashed crashed"
[ "$crashed" = 0 ]
