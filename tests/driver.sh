#!/bin/sh
# driver.sh - the test driver of make check (automake's LOG_DRIVER
# protocol): runs one test program or script and reports each of its
# cases, so that a case skipped inside a script is counted as skipped and
# a failure names the case, not just the file.
#
# Cases are read from what the tests print:
#   cmocka programs   "[       OK ] name", "[  FAILED  ] name",
#                     "[  SKIPPED ] name"
#   tests/*/lib.sh    "SCRIPT: what this case checks" (t_case), then
#                     "SCRIPT:   skipped: why" (t_skip) for that case
# A test without such lines is one case, the file. Exit status 77 skips
# what did not run; another non-zero status fails the last case (or adds
# an error when every case passed, e.g. a leak found at exit).
set -u

name="" log="" trs="" color=no
while [ $# -gt 0 ]; do
	case $1 in
	--test-name) name=$2; shift 2 ;;
	--log-file) log=$2; shift 2 ;;
	--trs-file) trs=$2; shift 2 ;;
	--color-tests) color=$2; shift 2 ;;
	--enable-hard-errors | --expect-failure | --collect-skipped-logs) shift 2 ;;
	--) shift; break ;;
	*) shift ;;
	esac
done
: "${name:?}" "${log:?}" "${trs:?}"

"$@" >"$log" 2>&1
rc=$?

# tests/cli/X_pg.pg runs tests/cli/X.sh on PostgreSQL: the same case names.
script=$(basename "$name")
script=${script%.sh}
script=${script%_pg.pg}
if [ "$color" = yes ]; then
	c_pass='\033[0;32m' c_fail='\033[0;31m' c_skip='\033[1;34m' c_err='\033[0;35m' c_end='\033[m'
else
	c_pass='' c_fail='' c_skip='' c_err='' c_end=''
fi

# One "RESULT<TAB>case" line per case, in order.
awk -v script="$script" -v rc="$rc" '
	function add(r, c) { n++; res[n] = r; cas[n] = c; idx[c] = n }
	/^\[       OK \] / { sub(/^\[       OK \] /, ""); if (!($0 in idx)) add("PASS", $0); next }
	/^\[  FAILED  \] / {
		sub(/^\[  FAILED  \] /, "")
		if ($0 ~ /test\(s\), listed below:$/ || $0 ~ /^[0-9]+ test/) next
		if ($0 in idx) res[idx[$0]] = "FAIL"; else add("FAIL", $0)
		failed = 1; next
	}
	/^\[  SKIPPED \] / { sub(/^\[  SKIPPED \] /, ""); if (!($0 in idx)) add("SKIP", $0); next }
	index($0, script ":   skipped: ") == 1 { if (n) res[n] = "SKIP"; next }
	index($0, script ": ") == 1 {
		c = substr($0, length(script) + 3)
		if (c ~ /^[0-9]+ cases passed$/) next
		add("PASS", c); cli = 1; next
	}
	END {
		if (!n) {
			add(rc == 0 ? "PASS" : rc == 77 ? "SKIP" : rc == 99 ? "ERROR" : "FAIL", script)
		} else if (rc == 77) {
			add("SKIP", "the rest of " script)
		} else if (rc != 0 && !failed) {
			if (cli && res[n] == "PASS") res[n] = "FAIL"
			else add("ERROR", script " exited with status " rc)
		}
		for (i = 1; i <= n; i++) printf "%s\t%s\n", res[i], cas[i]
	}' "$log" >"$trs.cases"

global=PASS
: >"$trs"
while IFS='	' read -r res case; do
	printf ':test-result: %s %s\n' "$res" "$case" >>"$trs"
	case $res in
	PASS) col=$c_pass ;;
	SKIP) col=$c_skip; [ "$global" = PASS ] && global=SKIP ;;
	FAIL) col=$c_fail; global=FAIL ;;
	*) col=$c_err; global=FAIL ;;
	esac
	# Only what did not pass on the terminal; every case is in the .trs.
	[ "$res" = PASS ] || printf "${col}%s${c_end}: %s - %s\n" "$res" "$name" "$case"
done <"$trs.cases"
rm -f "$trs.cases"
# A file whose cases all passed, some skipped, still passed.
[ "$global" = SKIP ] && grep -q '^:test-result: PASS' "$trs" && global=PASS
case $global in
PASS) printf "${c_pass}PASS${c_end}: %s\n" "$name" ;;
SKIP) printf "${c_skip}SKIP${c_end}: %s\n" "$name" ;;
*) printf "${c_fail}FAIL${c_end}: %s\n" "$name" ;;
esac
{
	printf ':global-test-result: %s\n' "$global"
	[ "$global" = FAIL ] && printf ':recheck: yes\n' || printf ':recheck: no\n'
	[ "$global" = PASS ] && printf ':copy-in-global-log: no\n' || printf ':copy-in-global-log: yes\n'
} >>"$trs"
exit 0
