#!/bin/sh
# records.sh - the commands that record what happens outside certtrack,
# through the real binary: lint --project, build, scan (by hand and from
# preflight's results.json), publish and its gate (7.7), unpublish, and
# undo of each.
. "$top_srcdir/tests/cli/lib.sh"

LINT="$top_srcdir/tests/lint"
PF="$top_srcdir/tests/preflight"
published() {
	run --json show "$NAME"
	expect_json '.items[] | select(.key == "published") | .status' "$1"
}

run new "$NAME"
expect_rc 0

t_case "lint --project needs the project's checkout, and names the fix"
run lint --project "$NAME"
expect_rc 2
expect_err_has "source_path="
t_case "lint --project scans the project's Dockerfile and records the pre-scan"
run set "$NAME" "source_path=$LINT/partner-cinder-volume"
expect_rc 0
run --json lint --project "$NAME"
expect_rc 0
expect_json .passed true
run --json show "$NAME"
expect_json .records.prescan passed
t_case "lint --project of a failing Dockerfile exits 1 and records the failure"
run set "$NAME" "source_path=$LINT/user-root"
run lint --project "$NAME"
expect_rc 1
run --json show "$NAME"
expect_json .records.prescan failed

t_case "publish is refused without a build, then without a scan"
run publish "$NAME"
expect_rc 1
run build "$NAME" start --tag 3.7.0
expect_rc 0
run build "$NAME" finish
expect_rc 0
run publish "$NAME"
expect_rc 1
expect_err_has "no scan recorded"
published todo

t_case "a failed scan (by hand, with its fix) refuses publish"
run scan "$NAME" has_licenses=fail runs_as_non_root=pass --fix "has_licenses=copy LICENSE to /licenses"
expect_rc 1
expect_out_has "copy LICENSE to /licenses"
run publish "$NAME"
expect_rc 1
expect_err_has "did not pass"
run --json show "$NAME"
expect_json .records.scan failed
published todo

t_case "preflight results of another image are refused, naming both"
run scan "$NAME" --import "$PF/passed.json"
expect_rc 1
expect_err_has "vendorx/$NAME:3.7.0"
expect_err_has "<namespace>"
t_case "a scan from preflight's results.json"
run set "$NAME" registry_namespace=vendorx outbound_repository="$NAME"
expect_rc 0
run scan "$NAME" --import "$PF/failed.json"
expect_rc 1
run --json show "$NAME"
expect_json .records.scan failed
run scan "$NAME" --import "$PF/passed.json"
expect_rc 0
run --json show "$NAME"
expect_json .records.scan passed
t_case "a scan file that is not preflight's is refused as a data error"
run scan "$NAME" --import "$PF/not-json.txt"
expect_rc 3
run scan "$NAME" --import "$PF/wrong-shape.json"
expect_rc 3

t_case "publish after a passed scan; the item waits for its own requirements"
run publish "$NAME"
expect_rc 0
run --json show "$NAME"
expect_json .records.published true
# published needs scan_passed, which needs image_built and build_service.
published todo
t_case "unpublish"
run unpublish "$NAME"
expect_rc 0
run --json show "$NAME"
expect_json .records.published false

t_case "undo reverts unpublish, then publish"
run undo
expect_rc 0
run --json show "$NAME"
expect_json .records.published true
run undo
expect_rc 0
run --json show "$NAME"
expect_json .records.published false
t_case "a new build needs its own scan before publishing"
run publish "$NAME"
expect_rc 0
run build "$NAME" start --tag 3.7.1
run build "$NAME" finish
run unpublish "$NAME"
run publish "$NAME"
expect_rc 1
expect_err_has "no scan recorded"

t_done
