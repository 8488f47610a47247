#!/bin/sh
# lint.sh - certtrack lint from the command line (issue 11): the image name
# (--name, --project), preflight's check names in JSON, the template's
# lists (--template), and hostile files ending in seconds with exit 3.
. "${top_srcdir}/tests/cli/lib.sh"
L="$top_srcdir/tests/lint"

t_case "a bare lint PATH cannot judge the image name: unknown, not a failure"
run --json lint "$L/partner-cinder-volume"
expect_rc 0
expect_valid_json
expect_json '.results | length' 10
expect_json '.results[] | select(.policy=="has_prohibited_container_name") | .status' unknown
expect_json '.results[] | select(.policy=="has_licenses") | .preflight' HasLicense
expect_json '.results[] | select(.policy=="no_deprecated_maintainer") | has("preflight")' false

t_case "--name with redhat in it fails has_prohibited_container_name (exit 1)"
run --json lint --name acme/redhat-cinder-volume "$L/partner-cinder-volume"
expect_rc 1
expect_json '.results[] | select(.policy=="has_prohibited_container_name") | .status' fail
expect_json '.results[] | select(.policy=="has_prohibited_container_name") | .preflight' HasProhibitedContainerName

t_case "--name without it passes"
run lint --name rhosp16-openstack-cinder-volume-acmestor "$L/partner-cinder-volume"
expect_rc 0
expect_out_has "has_prohibited_container_name"

t_case "--project takes the outbound repository as the image name"
run new rhosp16-openstack-cinder-volume-acmestor product=Acme product_version=1.0 \
	outbound_repository=redhat-acmestor source_path="$L/partner-cinder-volume"
expect_rc 0
run --json lint --project rhosp16-openstack-cinder-volume-acmestor
expect_rc 1
expect_json '.results[] | select(.policy=="has_prohibited_container_name") | .message | contains("redhat-acmestor")' true

t_case "several Dockerfiles (a pre-commit hook's): each scanned, the worst status wins"
run lint "$L/partner-cinder-volume" "$L/packages-kernel-devel-uname/Dockerfile"
expect_rc 1
expect_out_has "partner-cinder-volume/Dockerfile: 9 passed"
expect_out_has "packages-kernel-devel-uname/Dockerfile: 8 passed, 1 failed"
run lint "$L/partner-cinder-volume" "$L/error-expansion-bomb-env"
expect_rc 3
run lint --format sarif "$L/partner-cinder-volume" "$L/packages-kernel-devel-uname"
expect_rc 2

t_case "an unknown --template is a usage error naming it"
run lint --template no-such-template "$L/partner-cinder-volume"
expect_rc 2
expect_err_has "no-such-template"

t_case "a bare lint uses the default template; --template and \$CERTTRACK_TEMPLATE choose another"
mkdir -p "$T_DIR/tpl2"
jq '.id = "aaa-strict" | .default = false | .prescan.required_labels += ["url"]' \
	"$top_srcdir/checklists/rhosp16-container.json" >"$T_DIR/tpl2/aaa-strict.json"
run --templates "$T_DIR/tpl2" --json lint "$L/partner-cinder-volume"
expect_rc 0
run --templates "$T_DIR/tpl2" --json lint --template aaa-strict "$L/partner-cinder-volume"
expect_rc 1
expect_json '.results[] | select(.policy=="has_required_labels") | .message | contains("url")' true
CERTTRACK_TEMPLATE=aaa-strict run --templates "$T_DIR/tpl2" --json lint "$L/partner-cinder-volume"
expect_rc 1

t_case "a template without prescan rules cannot lint (exit 3)"
mkdir -p "$T_DIR/tpl"
jq 'del(.prescan) | .id = "no-prescan"' "$top_srcdir/checklists/rhosp16-container.json" >"$T_DIR/tpl/no-prescan.json"
run --templates "$T_DIR/tpl" lint --template no-prescan "$L/partner-cinder-volume"
expect_rc 3
expect_err_has '"prescan"'

t_case "kernel-devel-\$(uname -r) fails the packages policy"
run --json lint "$L/packages-kernel-devel-uname"
expect_rc 1
expect_json '.results[] | select(.policy=="has_no_prohibited_packages") | .status' fail

t_case "hostile expansion (ARG doubling) ends with a data error and its line"
run lint "$L/error-expansion-bomb-arg"
expect_rc 3
expect_err_has "Dockerfile:26: a word expands to more than 8 MiB"

t_case "the ENV form and a RUN that expands its variables too far: exit 3"
run lint "$L/error-expansion-bomb-env"
expect_rc 3
run --json lint "$L/error-expansion-run"
expect_rc 3
expect_json '.error.line' 25

t_done
