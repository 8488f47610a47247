#!/bin/sh
# templates.sh - product knowledge as data: the RHOSP 16.0 and 17.1
# templates ship side by side, the default template is chosen explicitly
# (--template, $CERTTRACK_TEMPLATE, "set template ID" in the config file,
# else the template marked default), and a project of the 17.1 template
# goes through the commands with nothing in C specific to it.
. "$top_srcdir/tests/cli/lib.sh"

N17=rhosp17-openstack-cinder-volume-myplugin

t_case "templates lists both shipped templates"
run --json templates
expect_rc 0
expect_jq '[.[].id] | index("rhosp16-container") != null and index("rhosp17-container") != null'

t_case "check-name reads a name by the chosen template's rule and version"
run check-name --template rhosp17-container "$N17"
expect_rc 0
expect_out_has "rhosp17 | openstack-cinder-volume | myplugin"
run --json check-name --template rhosp17-container "$NAME"
expect_rc 1
expect_json '.errors[0].rule' name.version
expect_jq '.errors[0].message | contains("product version is 17.1")'
t_case "without --template, check-name uses the default template (16.0)"
run check-name "$N17"
expect_rc 1
expect_out_has "product version is 16.0"

t_case "\$CERTTRACK_TEMPLATE and the config file choose the default template"
CERTTRACK_TEMPLATE=rhosp17-container run check-name "$N17"
expect_rc 0
mkdir -p "$HOME/.config/certtrack"
printf '# choose the release\nset template rhosp17-container\n' >"$HOME/.config/certtrack/config"
run check-name "$N17"
expect_rc 0
t_case "an unknown default template is a usage error naming it"
printf 'set template rhosp99-container\n' >"$HOME/.config/certtrack/config"
run check-name "$N17"
expect_rc 2
expect_err_has 'unknown template "rhosp99-container"'
rm -f "$HOME/.config/certtrack/config"
run new "$N17" --template rhosp99-container
expect_rc 2
expect_err_has 'unknown template "rhosp99-container"'

t_case "a 17.1 project: created, its checklist and fields from its template"
run new "$N17" --template rhosp17-container product=MyStorage product_version=3.7 plugin_status=out-of-tree
expect_rc 0
run --json show "$N17"
expect_rc 0
expect_json .template rhosp17-container
expect_json .fields.rh_product_version 17.1
expect_json '.progress.total' 21
run --json validate "$N17"
expect_jq '[.problems[] | select(.rule == "name.version")] | length == 0'
t_case "a 17.1 project through the checklist, reports and undo"
run item "$N17" connect_registration done
expect_rc 0
run set "$N17" registry_namespace=vendorx outbound_repository="$N17"
expect_rc 0
run --json show "$N17"
expect_json '.items[] | select(.key == "connect_registration") | .status' done
run report --format csv
expect_rc 0
expect_out_has "$N17"
run --json report
expect_jq '.projects[] | select(.name == "'"$N17"'") | .template == "rhosp17-container"'
run undo
expect_rc 0
run --json show "$N17"
expect_json .fields.registry_namespace null

t_case "the pre-scan's base-image fix names the project's own base image and release"
LINT="$top_srcdir/tests/lint"
run new rhosp16-openstack-manila-share-acme "source_path=$LINT/base-ubuntu"
expect_rc 0
run --json lint --project rhosp16-openstack-manila-share-acme
expect_rc 1
expect_json '.results[] | select(.policy == "based_on_red_hat_image") | .fix' \
	"build FROM a Red Hat image, e.g. FROM registry.redhat.io/rhosp-rhel8/openstack-manila-share:16.2"
run new rhosp17-openstack-nova-compute-acme --template rhosp17-container "source_path=$LINT/base-ubuntu"
expect_rc 0
run --json lint --project rhosp17-openstack-nova-compute-acme
expect_rc 1
expect_json '.results[] | select(.policy == "based_on_red_hat_image") | .fix' \
	"build FROM a Red Hat image, e.g. FROM registry.redhat.io/rhosp-rhel9/openstack-nova-compute:17.1"
t_case "a bare lint suggests the default template's first base image"
run --json lint "$LINT/base-ubuntu"
expect_rc 1
expect_jq '.results[] | select(.policy == "based_on_red_hat_image") | .fix | test("registry.redhat.io/rhosp-rhel8/openstack-[a-z-]+:16.2")'

t_done
