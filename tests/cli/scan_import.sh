#!/bin/sh
# scan_import.sh - scan --import keeps what preflight's results.json says
# (issue 11): the image tested, test_library, certification_hash, each
# check's description, help, elapsed_time and check_url; show prints the
# description and help of failed checks; results of another image are
# refused without --force, naming both; a JSON report round-trips it all.
. "${top_srcdir}/tests/cli/lib.sh"
P="$top_srcdir/tests/preflight"
N=rhosp16-openstack-cinder-volume-myplugin

t_case "the build of the image preflight tested"
run new "$N" product=Acme product_version=1.0 registry_namespace=vendorx outbound_repository="$N"
expect_rc 0
run build "$N" start --tag 3.7.0
expect_rc 0
run build "$N" finish
expect_rc 0

t_case "import keeps image, test library, certification hash and each check's texts"
run --json scan "$N" --import "$P/certified-hash.json"
expect_rc 1
expect_json '.image' "registry.connect.redhat.com/vendorx/$N:3.7.0"
expect_json '.test_library.version' 1.10.0
expect_json '.certification_hash' 9c1b5f2e7d3a4b6c8e0f1a2b3c4d5e6f
expect_json '.results[] | select(.policy=="has_unique_tag") | .elapsed_time' 410

t_case "show --json has the latest scan with every field"
run --json show "$N"
expect_rc 0
expect_json '.latest_scan.image' "registry.connect.redhat.com/vendorx/$N:3.7.0"
expect_json '.latest_scan.test_library.name' github.com/redhat-openshift-ecosystem/openshift-preflight
expect_json '.latest_scan.test_library.commit' 0000000000000000000000000000000000000000
expect_json '.latest_scan.certification_hash' 9c1b5f2e7d3a4b6c8e0f1a2b3c4d5e6f
expect_jq '.latest_scan.results[] | select(.policy=="has_licenses") | .description | startswith("Checking if terms and conditions")'
expect_jq '.latest_scan.results[] | select(.policy=="has_licenses") | .help | contains("encountered an error")'
expect_jq '.latest_scan.results[] | select(.policy=="has_licenses") | .check_url | startswith("https://access.redhat.com/")'
expect_json '.latest_scan.results[] | select(.policy=="based_on_red_hat_image") | .elapsed_time' 300

t_case "show text gives what a failed check checks, not only 'encountered an error'"
run show "$N"
expect_rc 0
expect_out_has "checks: Checking if terms and conditions"
expect_out_has "by preflight 1.10.0"

t_case "a JSON report imported into an empty database keeps it all"
run --json report -o "$T_DIR/report.json"
expect_rc 0
run --db "$T_DIR/other.db" import "$T_DIR/report.json"
expect_rc 0
run --db "$T_DIR/other.db" --json show "$N"
expect_rc 0
expect_json '.latest_scan.certification_hash' 9c1b5f2e7d3a4b6c8e0f1a2b3c4d5e6f
expect_json '.latest_scan.test_library.version' 1.10.0
expect_json '.latest_scan.results[] | select(.policy=="has_unique_tag") | .elapsed_time' 410
expect_jq '.latest_scan.results[] | select(.policy=="runs_as_non_root") | .description | startswith("Checking if container runs as the root user")'

t_case "results of another image are refused, naming both, unless --force"
run build "$N" start --tag 3.7.1
run build "$N" finish
run scan "$N" --import "$P/certified-hash.json"
expect_rc 1
expect_err_has "registry.connect.redhat.com/vendorx/$N:3.7.0"
expect_err_has "registry.connect.redhat.com/vendorx/$N:3.7.1"
expect_err_has "--force"
run --json show "$N"
expect_json '.latest_scan' null
run scan "$N" --import "$P/certified-hash.json" --force
expect_rc 1
expect_err_has "recorded because of --force"
run --json show "$N"
expect_json '.latest_scan.image' "registry.connect.redhat.com/vendorx/$N:3.7.0"

t_case "another registry host for the same path and tag is the same image"
run build "$N" start --tag 3.7.0
run build "$N" finish
jq '.image = "quay.io/vendorx/'"$N"':3.7.0"' "$P/passed.json" >"$T_DIR/mirror.json"
run scan "$N" --import "$T_DIR/mirror.json"
expect_rc 0

t_done
