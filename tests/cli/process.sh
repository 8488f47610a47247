#!/bin/sh
# process.sh - the guide's process driven from the command line, from init
# through project_settings (7, 7.1, 7.2, 7.4): every field, collateral, the
# items in order with the refusals their requirements call for, then
# progress, next action, history and undo.
. "$top_srcdir/tests/cli/lib.sh"

# done_ok ITEM [OPTIONS...]: the item can be done now.
done_ok() {
	t_item=$1
	shift
	run item "$NAME" "$t_item" done "$@"
	expect_rc 0
	run --json show "$NAME"
	expect_json ".items[] | select(.key == \"$t_item\") | .status" done
}

# done_refused ITEM WORD: done is refused (exit 1), the message names WORD,
# and the item stays as it was.
done_refused() {
	run --json show "$NAME"
	t_before=$(jq -r ".items[] | select(.key == \"$1\") | .status" "$OUT")
	run item "$NAME" "$1" done
	expect_rc 1
	expect_err_has "[requirement]"
	expect_err_has "$2"
	expect_err_has "--force"
	run --json show "$NAME"
	expect_json ".items[] | select(.key == \"$1\") | .status" "$t_before"
}

t_case "7: init creates the database"
run init
expect_rc 0
[ "$T_PG" = 1 ] || [ -f "$CERTTRACK_DB" ] || fail "no database after init"

t_case "7.1: new project with the creation fields"
run new "$NAME" "product=Acme Cinder Driver" "release_category=Tech Preview" \
	"rh_product=Red Hat OpenStack Platform" rh_product_version=16.0
expect_rc 0
expect_out_has "$NAME"
run --json show "$NAME"
expect_json '.progress.done' 0
expect_json '.progress.total' 21
expect_json '.next_action' connect_registration
expect_json '.fields.product' "Acme Cinder Driver"
expect_json '.fields.product_version' null

t_case "7: prerequisites in order; zone access needs the registration"
done_refused zone_access connect_registration
done_refused product_created zone_access
done_ok connect_registration --note "company registered as ACME-123"
run --json show "$NAME"
expect_json '.items[0].note' "company registered as ACME-123"
expect_json '.items[0].updated_by' tester
expect_json '.items[0].updated_at' "$NOW"
expect_json '.next_action' zone_access
done_ok zone_access
done_ok product_created
done_ok git_repository --note "https://github.com/acme/cinder-plugin"

t_case "7.1: project_created needs every creation field valid"
done_refused project_created product_version
run set "$NAME" product_version=3.7
expect_rc 0
done_ok project_created

t_case "7.1: plugin status set, then confirmed by Red Hat"
done_refused plugin_status_confirmed plugin_status
run set "$NAME" plugin_status=sideways
expect_rc 1
expect_err_has '"sideways"'
expect_err_has "out-of-tree"
run set "$NAME" plugin_status=out-of-tree plugin_status_confirmed=yes
expect_rc 0
run --json show "$NAME"
expect_json '.fields.plugin_status' out-of-tree
expect_json '.fields.plugin_status_confirmed' true
done_ok plugin_status_confirmed --note "confirmed by email, 2024-05-02"

t_case "7.2: company profile"
done_ok company_profile

t_case "7.2: product profile needs its fields"
done_refused product_profile product_contact_email
run set "$NAME" "product_type=storage driver" \
	"product_description=Block storage driver for OpenStack Cinder" \
	product_repository_url=https://acme.example.com/cinder \
	product_contact_email=not-an-email
expect_rc 1
expect_err_has "[email.format]"
expect_err_has '"not-an-email"'
run --json show "$NAME"
expect_json '.fields.product_type' null
run set "$NAME" "product_type=storage driver" \
	"product_description=Block storage driver for OpenStack Cinder" \
	product_repository_url=https://acme.example.com/cinder \
	product_contact_email=partners@acme.example.com company_name=Acme
expect_rc 0
done_ok product_profile

t_case "7.2: OpenStack appendix"
done_ok openstack_appendix

t_case "7.2: project profile needs a supported platform and a namespace"
done_refused project_profile supported_platforms
run set "$NAME" "supported_platforms=Red Hat OpenStack Platform" auto_publish=off
expect_rc 0
done_refused project_profile registry_namespace
run set "$NAME" "registry_namespace=Acme Corp"
expect_rc 1
expect_err_has "[namespace.format]"
expect_err_has "acme-corp"
run set "$NAME" registry_namespace=acme
expect_rc 0
done_ok project_profile

t_case "7.2: package and test"
done_ok package_and_test

t_case "7.2: collateral needs 3 items, one a document"
done_refused collateral "0 of 3"
run --json collateral "$NAME" add "Acme Cinder datasheet" --type datasheet --location https://acme.example.com/ds.pdf
expect_rc 0
expect_jq '.id | type == "number"'
ds=$(jq -r .id "$OUT")
run collateral "$NAME" add "Demo video" --type video
expect_rc 0
run collateral "$NAME" add "Web page" --type link --location https://acme.example.com
expect_rc 0
link=$(sed -n 's/.*#\([0-9][0-9]*\).*/\1/p' "$OUT")
[ -n "$link" ] || fail "collateral add does not print the id"
done_refused collateral document
run collateral "$NAME" add "Brochure" --type brochure
expect_rc 2
expect_first_err_line_has '"brochure"'
run collateral "$NAME" add "Installation guide" --type document --location https://acme.example.com/guide.pdf
expect_rc 0
run collateral "$NAME" rm "$link"
expect_rc 0
run collateral "$NAME" rm "$link"
expect_rc 2
run --json show "$NAME"
expect_json '.collateral | length' 3
expect_json '[.collateral[].type] | sort | join(",")' "datasheet,document,video"
expect_jq "[.collateral[].id] | index($ds) != null"
done_ok collateral

t_case "7.2: registry namespace item"
done_ok registry_namespace

t_case "7.2: sales contact needs name, email and phone"
done_refused sales_contact sales_contact_name
run set "$NAME" "sales_contact_name=Jane Doe" sales_contact_email=jane@acme.example.com \
	"sales_contact_phone=not a phone"
expect_rc 1
expect_err_has "[phone."
run set "$NAME" "sales_contact_name=Jane Doe" sales_contact_email=jane@acme.example.com \
	"sales_contact_phone=+1 555 123 4567"
expect_rc 0
done_ok sales_contact

t_case "7.2: distribution approval, recorded with who and when"
done_ok distribution_approval --note "approved by J. Smith (Red Hat), 2024-05-05"
run --json show "$NAME"
expect_json '.items[] | select(.key == "distribution_approval") | .note' \
	"approved by J. Smith (Red Hat), 2024-05-05"

t_case "7.4: project settings need the outbound repository"
done_refused project_settings outbound_repository
run set "$NAME" outbound_repository=rhosp16-openstack-cinder-volume-other
expect_rc 0
expect_err_has "outbound.differs"
run set "$NAME" "outbound_repository=$NAME" \
	"outbound_repository_description=Acme Cinder volume driver for RHOSP 16" \
	"repository_description=Certified Cinder volume with the Acme driver" \
	"supporting_documentation=https://acme.example.com/docs" auto_publish=on
expect_rc 0
run --json show "$NAME"
expect_json '.fields.outbound_repository' "$NAME"
expect_json '.fields.auto_publish' true
done_ok project_settings

t_case "progress and next action after project_settings"
run --json show "$NAME"
expect_json '.progress.done' 16
expect_json '.progress.total' 21
expect_json '.next_action' build_service
expect_json '[.items[] | select(.status == "done") | .key] | length' 16
expect_jq '[.problems[] | select(.severity == "error")] | length == 0'
run --json list
expect_json '.[0].progress.done' 16
expect_json '.[0].next_action' build_service
run list
expect_out_has "16/21"
expect_out_has "build_service"

t_case "7.5: build service needs the build fields and the pre-scan"
run set "$NAME" git_url=https://github.com/acme/cinder-plugin.git branch=main
expect_rc 0
run set "$NAME" "branch=bad..branch"
expect_rc 1
expect_err_has "[branch."
done_refused build_service "pre-scan"
run validate "$NAME"
expect_out_has "pre-scan"

t_case "Generally Available is refused until api_testing is done"
run set "$NAME" "release_category=Generally Available"
expect_rc 1
expect_err_has "release_category.ga"
run --json show "$NAME"
expect_json '.fields.release_category' "Tech Preview"

t_case "forced done is recorded with its reason and shown as a problem"
run item "$NAME" image_built done --force
expect_rc 2
run item "$NAME" image_built done --force --reason "built by the portal before certtrack"
expect_rc 0
run --json show "$NAME"
expect_json '.items[] | select(.key == "image_built") | .status' done
expect_jq '[.problems[] | select(.rule == "item.forced" and .item == "image_built" and (.message | test("built by the portal")))] | length == 1'
run --json history "$NAME" --limit 5
expect_jq '[.[] | select(.what == "item.forced") | .new] | index("built by the portal before certtrack") != null'
run undo
expect_rc 0
run --json show "$NAME"
expect_json '.items[] | select(.key == "image_built") | .status' todo

t_case "blocked and n/a need a reason; n/a is not counted"
run item "$NAME" scan_passed blocked
expect_rc 2
expect_first_err_line_has "reason"
run item "$NAME" scan_passed blocked --reason "scanner outage"
expect_rc 0
run --json show "$NAME"
expect_json '.items[] | select(.key == "scan_passed") | .reason' "scanner outage"
expect_jq '[.problems[] | select(.rule == "item.blocked" and .item == "scan_passed")] | length == 1'
run item "$NAME" api_testing n/a
expect_rc 2
run item "$NAME" api_testing n/a --reason "plugin has no API"
expect_rc 0
run --json show "$NAME"
expect_json '.progress.total' 20
expect_json '.progress.done' 16

t_case "history: newest first, who and when, one command per change"
run --json history "$NAME"
expect_rc 0
expect_json '.[0].key' api_testing
expect_json '[.[0:2][].what] | sort | join(" ")' "item.reason item.status"
expect_jq '.[0].command == .[1].command and .[1].command != .[2].command'
expect_jq '[.[] | select(.what == "item.status" and .key == "api_testing")][0].new == "n/a"'
expect_jq "all(.[]; .user == \"tester\" and .at == \"$NOW\" and .project == \"$NAME\")"
expect_jq '[.[] | select(.what == "collateral.add")] | length == 4'
expect_jq '[.[] | select(.what == "collateral.rm")] | length == 1'
expect_jq '[.[] | select(.what == "field.set" and .key == "registry_namespace")][0].new == "acme"'
expect_jq '.[-1].what == "project.create"'
run history "$NAME" --limit 3
expect_rc 0
[ "$(wc -l <"$OUT" | tr -d ' ')" = 3 ] || fail "history --limit 3 printed $(wc -l <"$OUT") lines"

t_case "undo walks back: the n/a, the block, then the build fields"
run undo
expect_rc 0
expect_out_has "api_testing"
run --json show "$NAME"
expect_json '.items[] | select(.key == "api_testing") | .status' todo
expect_json '.items[] | select(.key == "api_testing") | .reason' null
run undo
expect_rc 0
run --json show "$NAME"
expect_json '.items[] | select(.key == "scan_passed") | .status' todo
run undo
expect_rc 0
run --json show "$NAME"
expect_json '.fields.git_url' null
expect_json '.fields.branch' null
run --json history "$NAME" --limit 3
expect_jq '[.[] | .undo_of] | all(. != null)'

t_case "undo of project_settings: item back to todo, progress back"
run undo
expect_rc 0
run --json show "$NAME"
expect_json '.items[] | select(.key == "project_settings") | .status' todo
expect_json '.progress.done' 15
expect_json '.next_action' project_settings
run undo
expect_rc 0
run --json show "$NAME"
expect_json '.fields.outbound_repository' rhosp16-openstack-cinder-volume-other
expect_json '.fields.auto_publish' false

t_case "handoff to a colleague, recorded, and undone"
run handoff "$NAME" --to bob --note "Alice is on leave; Bob takes over"
expect_rc 0
run --json show "$NAME"
expect_json '.owner' bob
run --json history "$NAME" --limit 1
expect_json '.[0].what' owner
expect_json '.[0].old' tester
expect_json '.[0].new' bob
run handoff "$NAME" --to bob
expect_rc 1
run undo
expect_rc 0
run --json show "$NAME"
expect_json '.owner' tester

t_case "rename, then undo"
run set "$NAME" project_name=rhosp16-openstack-cinder-volume-acme
expect_rc 0
run show "$NAME"
expect_rc 2
run --json show rhosp16-openstack-cinder-volume-acme
expect_rc 0
run undo
expect_rc 0
run --json show "$NAME"
expect_rc 0

t_case "undo back to before the project, then nothing to undo"
n=0
while [ $n -lt 200 ]; do
	run undo
	[ "$RC" = 0 ] || break
	n=$((n + 1))
done
expect_rc 1
expect_one_line_err
expect_err_has "nothing to undo"
run --json list
expect_json 'length' 0
run --json history
expect_jq 'length > 0'

t_done
