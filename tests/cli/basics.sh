#!/bin/sh
# basics.sh - the command-line surface of cli.md: help, version, usage
# errors, check-name, the default database, and the JSON shapes of list,
# show and history.
. "$top_srcdir/tests/cli/lib.sh"

# Commands of cli.md that this foundation provides.
COMMANDS="init templates new list show set item collateral check-name validate handoff history undo"

t_case "--help and -h exit 0 and list every command"
for opt in --help -h; do
	run $opt
	expect_rc 0
	expect_out_has "Usage: certtrack"
	for c in $COMMANDS; do
		grep -q "^  $c " "$OUT" || fail "$opt does not list the command $c"
	done
done
expect_out_has "--db FILE|SERVER"
expect_out_has "--json"

t_case "--version exits 0 and prints the version"
run --version
expect_rc 0
grep -q '^certtrack [0-9]' "$OUT" || fail "--version does not print 'certtrack VERSION'"

t_case "every command listed by --help accepts --help (exit 0)"
run --help
listed=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$OUT")
[ -n "$listed" ] || fail "no commands found in --help"
for c in $listed; do
	run "$c" --help
	expect_rc 0
	expect_out_has "Usage: certtrack $c"
	run "$c" -h
	expect_rc 0
done
# Commands of later issues appear in --help only once they exist.
for c in lint report import backup; do
	if printf '%s\n' "$listed" | grep -qx "$c"; then
		run "$c" --help
		expect_rc 0
	else
		run "$c" --help
		expect_rc 2
	fi
done

# A terminal of 80 columns shows help without a wrapped line; a folded
# usage keeps an option with its argument and an alternative whole.
t_case "help fits in 80 columns, folded where a reader expects"
run --help
expect_rc 0
awk 'length > 80 { print "line " NR " is " length " columns: " $0; bad = 1 } END { exit bad }' \
	"$OUT" >"$T_DIR/wide" || fail "--help is too wide: $(cat "$T_DIR/wide")"
for c in $listed; do
	run "$c" --help
	awk 'length > 80 { print "line " NR " is " length " columns: " $0; bad = 1 } END { exit bad }' \
		"$OUT" >"$T_DIR/wide" || fail "$c --help is too wide: $(cat "$T_DIR/wide")"
done
run lint --help
expect_out_has "| --project PROJECT"
run build --help
expect_out_has "--tag T"
grep -q '^                       | PROJECT finish' "$OUT" ||
	fail "build's usage is not folded under its arguments: $(cat "$OUT")"

t_case "--help does not touch the database"
[ ! -e "$CERTTRACK_DB" ] || fail "--help created $CERTTRACK_DB"

t_case "unknown command: exit 2, named"
run frobnicate
expect_rc 2
expect_first_err_line_has '"frobnicate"'
expect_out_empty

t_case "unknown global option: exit 2"
run --frobnicate list
expect_rc 2
expect_err_has "frobnicate"

t_case "unknown command option: exit 2"
for c in $COMMANDS; do
	run "$c" --no-such-option
	expect_rc 2
	expect_err_has "no-such-option"
done

t_case "missing or extra arguments: exit 2"
run show
expect_rc 2
run set "$NAME"
expect_rc 2
run set "$NAME" product
expect_rc 2
expect_first_err_line_has 'FIELD=VALUE'
run new
expect_rc 2
run item "$NAME"
expect_rc 2
run check-name
expect_rc 2
run check-name a b
expect_rc 2
run undo now
expect_rc 2
run init extra
expect_rc 2
run history --limit 0
expect_rc 2
run history --limit abc
expect_rc 2
run --color=purple list
expect_rc 2
run collateral "$NAME" frob x
expect_rc 2
run collateral "$NAME" rm abc
expect_rc 2
run handoff "$NAME"
expect_rc 2
expect_err_has "--to"
run item "$NAME" zone_access done --note x --bogus
expect_rc 2

t_case "check-name: the guide's example is valid, with its parts"
run --json check-name "$NAME"
expect_rc 0
expect_valid_json
expect_json '.name' "$NAME"
expect_json '.valid' true
expect_json '.errors | length' 0
expect_json '.parts.major' 16
expect_json '.parts.base_image' openstack-cinder-volume
expect_json '.parts.plugin' myplugin
expect_jq '.warnings | type == "array"'
run check-name "$NAME"
expect_rc 0
expect_out_has "valid"

t_case "check-name: longest base image wins"
run --json check-name rhosp16-openstack-neutron-server-ovn-myplugin
expect_rc 0
expect_json '.parts.base_image' openstack-neutron-server-ovn
expect_json '.parts.plugin' myplugin
run --json check-name rhosp16-openstack-nova-compute-ironic-vendorx
expect_rc 0
expect_json '.parts.base_image' openstack-nova-compute-ironic
expect_json '.parts.plugin' vendorx
run --json check-name rhosp16-openstack-nova-compute-vendorx
expect_rc 0
expect_json '.parts.base_image' openstack-nova-compute

t_case "check-name: invalid names exit 1 naming the rule"
# name|rule
while IFS='|' read -r bad rule; do
	run --json check-name -- "$bad"
	expect_rc 1
	expect_valid_json
	expect_json '.valid' false
	expect_jq "[.errors[].rule] | index(\"$rule\") != null"
	expect_jq '[.errors[] | .message | length > 0] | all'
	run check-name -- "$bad"
	expect_rc 1
	expect_out_has "[$rule]"
done <<'EOF'
rhosp13-openstack-cinder-volume-myplugin|name.version
rhosp10-openstack-cinder-volume-myplugin|name.version
Rhosp16-openstack-cinder-volume-myplugin|name.case
RHOSP16-OPENSTACK-CINDER-VOLUME-MYPLUGIN|name.case
rhosp16--openstack-cinder-volume-myplugin|name.hyphen
rhosp16-openstack-cinder-volume-myplugin-|name.hyphen
-rhosp16-openstack-cinder-volume-myplugin|name.hyphen
rhosp16-openstack-cinder-volume--myplugin|name.hyphen
rhosp16-openstack-cinder-volume|name.plugin
rhosp16-openstack-cinder-volume-|name.plugin
openstack-cinder-volume-myplugin|name.prefix
rhosp-openstack-cinder-volume-myplugin|name.prefix
rhospXX-baseimage-myplugin|name.prefix
rhosp16_openstack-cinder-volume-myplugin|name.charset
rhosp16-openstack-cinder-volume-my plugin|name.charset
rhosp16-openstack-cinder-volume-my.plugin|name.charset
rhosp16-openstack-cinder-volume-myplügin|name.charset
EOF

t_case "check-name: the name.version message names both versions"
run --json check-name rhosp13-openstack-cinder-volume-myplugin
expect_jq '[.errors[] | select(.rule == "name.version") | .message | test("13") and test("16")] | any'
expect_jq '[.errors[] | select(.rule == "name.version") | .fix | length > 0] | any'

t_case "check-name: unknown base image is a warning with the nearest name"
run --json check-name rhosp16-openstack-cinder-volum-myplugin
expect_rc 0
expect_json '.valid' true
expect_jq '[.warnings[].rule] | index("name.base_image") != null'
expect_jq '[.warnings[] | select(.rule == "name.base_image") | .message | test("openstack-cinder-volume")] | any'

t_case "check-name --version follows the given Red Hat product version"
run --json check-name rhosp13-openstack-cinder-volume-myplugin --version 13.0
expect_rc 0
expect_json '.valid' true
run --json check-name "$NAME" --version 13.0
expect_rc 1
expect_jq '[.errors[].rule] | index("name.version") != null'

t_case "init: default database under XDG_DATA_HOME, with its folder, mode 0600"
run_env CERTTRACK_DB= -- init
expect_rc 0
db="$XDG_DATA_HOME/certtrack/certtrack.db"
[ -f "$db" ] || fail "init did not create $db"
[ "$(file_mode "$db")" = 600 ] || fail "$db has mode $(file_mode "$db"), expected 600"
[ "$(file_mode "$XDG_DATA_HOME/certtrack")" = 700 ] || fail "folder mode $(file_mode "$XDG_DATA_HOME/certtrack"), expected 700"
sum1=$(checksum "$db")
run_env CERTTRACK_DB= -- init
expect_rc 0
[ "$(checksum "$db")" = "$sum1" ] || fail "a second init changed the database"
run_env CERTTRACK_DB= XDG_DATA_HOME= -- --json list
expect_rc 0
[ -f "$HOME/.local/share/certtrack/certtrack.db" ] || fail "no database under ~/.local/share without XDG_DATA_HOME"

t_case "--db overrides CERTTRACK_DB"
run --db "$T_DIR/other.db" init
expect_rc 0
[ -f "$T_DIR/other.db" ] || fail "--db was not used"
[ ! -e "$CERTTRACK_DB" ] || fail "CERTTRACK_DB was used despite --db"
expect_out_has "$T_DIR/other.db"

t_case "templates: the shipped one, and --templates adds a folder"
run --json templates
expect_rc 0
expect_jq '[.[].id] | index("rhosp16-container") != null'
run --templates "$TEMPLATES/minimal" --json templates
expect_rc 0
expect_jq '[.[].id] | (index("rhosp16-container") != null) and (index("test-minimal") != null)'
run_env CERTTRACK_TEMPLATES="$TEMPLATES/override" -- --json templates
expect_rc 0
expect_jq '[.[] | select(.id == "rhosp16-container") | .title] == ["Override test template"]'
run templates
expect_rc 0
expect_out_has rhosp16-container

t_case "list on an empty database"
run --json list
expect_rc 0
expect_json 'length' 0
run list
expect_rc 0

t_case "new: creates, --json names the project"
run --json new "$NAME" product=Acme product_version=1.0
expect_rc 0
expect_valid_json
expect_json '.ok' true
expect_jq '.project | test("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")'
uuid=$(jq -r .project "$OUT")
run new "$NAME"
expect_rc 1
expect_err_has "exists"

t_case "list --json has the keys of cli.md"
run --json list
expect_rc 0
expect_json 'length' 1
for k in uuid name owner progress next_action problems; do
	expect_jq ".[0] | has(\"$k\")"
done
expect_json '.[0].uuid' "$uuid"
expect_json '.[0].name' "$NAME"
expect_json '.[0].owner' tester
expect_json '.[0].next_action' connect_registration
expect_json '.[0].progress.done' 0
expect_json '.[0].progress.total' 21
run list
expect_rc 0
expect_out_has "$NAME"
expect_out_has "connect_registration"
expect_out_has "0/21"
printf '\033' >"$T_DIR/esc"
if grep -q "$(cat "$T_DIR/esc")" "$OUT"; then fail "colour codes with NO_COLOR set"; fi
run --color=always list
expect_rc 0
grep -q "$(cat "$T_DIR/esc")" "$OUT" || fail "no colour with --color=always"

t_case "show --json has the keys of cli.md"
run --json show "$NAME"
expect_rc 0
expect_valid_json
for k in uuid name template owner fields items progress next_action problems; do
	expect_jq "has(\"$k\")"
done
expect_json '.template' rhosp16-container
expect_json '.owner' tester
expect_json '.fields.product' Acme
expect_json '.fields.release_category' "Tech Preview"
expect_json '.fields.plugin_status' null
for f in project_name product product_version release_category rh_product \
	rh_product_version plugin_status plugin_status_confirmed company_name \
	product_type product_description product_repository_url \
	product_contact_email auto_publish supported_platforms registry_namespace \
	outbound_repository outbound_repository_description repository_description \
	supporting_documentation sales_contact_name sales_contact_email \
	sales_contact_phone container_build git_url git_ssh_key dockerfile \
	context_dir branch source_path; do
	expect_jq ".fields | has(\"$f\")"
done
expect_json '.items | length' 21
expect_json '[.items[].key] | join(" ")' "connect_registration zone_access product_created git_repository project_created plugin_status_confirmed company_profile product_profile openstack_appendix project_profile package_and_test collateral registry_namespace sales_contact distribution_approval project_settings build_service image_built scan_passed published api_testing"
for k in key title status note reason updated_at updated_by; do
	expect_jq "[.items[] | has(\"$k\")] | all"
done
expect_jq '[.items[].status] | all(. == "todo")'
expect_json '.progress.done' 0
expect_json '.progress.total' 21
expect_json '.next_action' connect_registration
expect_jq '.problems | type == "array"'
expect_jq '[.problems[] | has("severity") and has("rule") and has("message")] | all'
expect_jq '[.problems[] | select(.field == "plugin_status") | .rule] | index("field.required") != null'
run --json show "$uuid"
expect_rc 0
expect_json '.name' "$NAME"
run show "$NAME"
expect_rc 0
expect_out_has "$NAME"
expect_out_has "connect_registration"

t_case "history --json has the keys of cli.md"
run item "$NAME" connect_registration done --note "registered"
expect_rc 0
run --user alice set "$NAME" company_name=Acme
expect_rc 0
run --json history
expect_rc 0
expect_valid_json
for k in at user project what old new; do
	expect_jq "[.[] | has(\"$k\")] | all"
done
expect_json '.[0].what' field.set
expect_json '.[0].user' alice
expect_json '.[0].project' "$NAME"
expect_json '.[0].old' null
expect_json '.[0].new' Acme
expect_json '.[0].at' "$NOW"
expect_jq '[.[] | select(.what == "item.status")][0] | .old == "todo" and .new == "done" and .user == "tester"'
expect_jq '[.[].what] | index("project.create") != null'
run --json history "$NAME" --limit 2
expect_rc 0
expect_json 'length' 2
run history "$NAME"
expect_rc 0
expect_out_has "field.set"
expect_out_has "alice"

t_case "validate: exit 1 with errors, the problems in JSON"
run --json validate "$NAME"
expect_rc 1
expect_json '.valid' false
expect_jq '.errors > 0'
expect_jq '[.problems[].field] | index("plugin_status") != null'
run validate "$NAME"
expect_rc 1
expect_out_has "[field.required] Plugin status"

t_case "delete and undo"
run delete "$NAME"
expect_rc 0
run show "$NAME"
expect_rc 2
run undo
expect_rc 0
run --json show "$NAME"
expect_rc 0
expect_json '.fields.company_name' Acme

# Last, so that a failure here does not hide the cases above.
t_case "check-name: an empty name is invalid (exit 1, not valid)"
run --json check-name ""
expect_rc 1
expect_json '.valid' false

t_done
