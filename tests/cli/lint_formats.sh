#!/bin/sh
# lint_formats.sh - lint --format sarif and --format junit on every case of
# the pre-scan corpus, validated against the schemas under tests/schemas
# (SARIF 2.1.0 with python3-jsonschema, JUnit with xmllint), and the
# schemas themselves shown to refuse what they must.
. "${top_srcdir}/tests/cli/lib.sh"
S="$top_srcdir/tests/schemas"
L="$top_srcdir/tests/lint"
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: $T_NAME needs python3-jsonschema (Debian python3-jsonschema, Fedora python3-jsonschema)"
	exit 77
fi
if ! command -v xmllint >/dev/null 2>&1; then
	echo "SKIP: $T_NAME needs xmllint (Debian libxml2-utils, Fedora libxml2)"
	exit 77
fi

# validate_sarif FILE...: every file against the SARIF 2.1.0 schema
validate_sarif() {
	python3 - "$S/sarif-2.1.0.json" "$@" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
bad = 0
for f in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(f))):
        print("%s: %s at %s" % (f, e.message, "/".join(map(str, e.absolute_path))))
        bad += 1
sys.exit(1 if bad else 0)
PY
}

t_case "SARIF and JUnit of every corpus case validate against the schemas"
n=0
for d in "$L"/*/; do
	c=$(basename "$d")
	[ -f "$d/expected.json" ] || continue
	p=$(jq -r '.path // empty' "$d/expected.json")
	target=$d${p:+$p}
	"$CERTTRACK" lint --format sarif "$target" >"$T_DIR/$c.sarif" 2>/dev/null
	rc=$?
	if [ "$(jq -r '.status // empty' "$d/expected.json")" = system ]; then
		# nothing read, nothing to report: exit 4 and no document
		[ "$rc" -eq 4 ] && [ ! -s "$T_DIR/$c.sarif" ] || fail "$c: exit $rc, want 4 and no output"
		rm -f "$T_DIR/$c.sarif"
		continue
	fi
	[ "$rc" -le 3 ] || fail "$c: lint --format sarif exit $rc"
	"$CERTTRACK" lint --format junit "$target" >"$T_DIR/$c.xml" 2>/dev/null
	n=$((n + 1))
done
[ "$n" -gt 100 ] || fail "only $n corpus cases"
validate_sarif "$T_DIR"/*.sarif >"$T_DIR/sarif.err" 2>&1 || fail "SARIF does not validate: $(head -5 "$T_DIR/sarif.err")"
xmllint --noout --schema "$S/junit.xsd" "$T_DIR"/*.xml >"$T_DIR/xml.err" 2>&1 ||
	fail "JUnit does not validate: $(grep -v validates "$T_DIR/xml.err" | head -5)"

t_case "SARIF: one rule per policy with help and guide section, results at file and line"
run lint --format sarif "$L/packages-kernel-devel-uname"
expect_rc 1
expect_json '.version' 2.1.0
expect_json '.runs[0].tool.driver.rules | length' 10
expect_json '.runs[0].tool.driver.rules[2].id' has_licenses
expect_json '.runs[0].tool.driver.rules[2].name' HasLicense
expect_json '.runs[0].tool.driver.rules[2].properties.guide_section' 7.3
expect_jq '.runs[0].tool.driver.rules | all(.help.text | length > 20)'
expect_json '.runs[0].results[] | select(.ruleId=="has_no_prohibited_packages") | .level' error
expect_json '.runs[0].results[] | select(.ruleId=="has_no_prohibited_packages") | .locations[0].physicalLocation.region.startLine' 10
expect_jq '.runs[0].results[] | select(.ruleId=="has_no_prohibited_packages") | .locations[0].physicalLocation.artifactLocation.uri | endswith("packages-kernel-devel-uname/Dockerfile")'
expect_json '[.runs[0].results[] | select(.ruleId=="has_licenses")] | length' 0
expect_json '.runs[0].invocations[0].executionSuccessful' true

t_case "SARIF: a Dockerfile that cannot be parsed is a failed execution with its line"
run lint --format sarif "$L/error-unterminated-heredoc"
expect_rc 1
expect_json '.runs[0].invocations[0].executionSuccessful' false
expect_jq '.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.region.startLine > 0'

t_case "JUnit: a testcase per policy; fail a failure, warn passes with output, unknown skipped"
run lint --format junit "$L/packages-kernel-devel-uname"
expect_rc 1
expect_out_has '<testsuites name="certtrack lint" tests="10" failures="1" errors="0" skipped="1">'
expect_out_has '<testcase classname="certtrack.lint" name="has_no_prohibited_packages"'
expect_out_has '<failure message="line 10: dnf installs kernel-devel-... (kernel-devel), a prohibited package" type="HasNoProhibitedPackages">'
run lint --format junit "$L/licenses-run-arg-dir"
expect_rc 0
expect_out_has '<system-out>warning: '
run lint --format junit "$L/error-expansion-bomb-arg"
expect_rc 3
expect_out_has '<error message="a word expands to more than 8 MiB" type="data">'

t_case "the schemas refuse what the published ones refuse"
jq '.runs[0].results[0].level = "fatal"' "$T_DIR/packages-kernel-devel-uname.sarif" >"$T_DIR/bad1.json"
jq '.version = "2.0.0"' "$T_DIR/packages-kernel-devel-uname.sarif" >"$T_DIR/bad2.json"
jq '.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0' "$T_DIR/packages-kernel-devel-uname.sarif" >"$T_DIR/bad3.json"
jq '.runs[0].tool.driver.rules[0] |= del(.id)' "$T_DIR/packages-kernel-devel-uname.sarif" >"$T_DIR/bad4.json"
jq '.runs[0].resultz = []' "$T_DIR/packages-kernel-devel-uname.sarif" >"$T_DIR/bad5.json"
for b in 1 2 3 4 5; do
	validate_sarif "$T_DIR/bad$b.json" >/dev/null 2>&1 && fail "the SARIF schema accepts bad$b.json"
done
sed 's/failures="1"/failures="one"/' "$T_DIR/packages-kernel-devel-uname.xml" >"$T_DIR/bad.xml"
xmllint --noout --schema "$S/junit.xsd" "$T_DIR/bad.xml" >/dev/null 2>&1 && fail "the JUnit schema accepts failures=\"one\""
sed 's/<testcase classname="certtrack.lint" /<testcase /' "$T_DIR/packages-kernel-devel-uname.xml" >"$T_DIR/bad2.xml"
xmllint --noout --schema "$S/junit.xsd" "$T_DIR/bad2.xml" >/dev/null 2>&1 && fail "the JUnit schema accepts a testcase without classname"

t_case "an unknown --format is a usage error"
run lint --format xml "$L/partner-cinder-volume"
expect_rc 2
expect_err_has "sarif"

t_done
