#!/bin/sh
# registry.sh - certtrack verify --registry against Debian's docker-registry
# on 127.0.0.1 (plain http, allowed only to this machine), with images
# pushed through the registry's upload API: labels present or not, root
# and non-root users, too many layers, several tags (more than a page),
# only latest, an index with linux/amd64 and one without.
. "$top_srcdir/tests/remote/lib.sh"

r_need "$R_REGISTRY" docker-registry

mkdir -p "$T_DIR/storage"
# Never the package's default configuration: it listens on every interface.
cat >"$T_DIR/registry.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $T_DIR/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:0
  secret: certtrack-test
EOF
r_registry registry "$T_DIR/registry.yml"
B="http://127.0.0.1:$R_PORT"

# ---- images ----
m=$(r_image "$B" ns/good 1001 "$R_GOOD_LABELS" 3) || exit 1
r_push_manifest "$B" ns/good 1.0 "$R_OCI_MANIFEST" "$m"
r_push_manifest "$B" ns/good latest "$R_OCI_MANIFEST" "$m"
GOOD_DIGEST="sha256:$(sha256sum "$m" | cut -d' ' -f1)"
# More tags than one page of the tag list (100).
i=0
while [ $i -lt 105 ]; do
	r_push_manifest "$B" ns/good "0.$i" "$R_OCI_MANIFEST" "$m"
	i=$((i + 1))
done

BAD_LABELS='{"name":"Red Hat Cinder","maintainer":"Jane <jane@example.com>","version":"1.0","summary":""}'
m=$(r_image "$B" ns/bad root "$BAD_LABELS" 41) || exit 1
r_push_manifest "$B" ns/bad 1.0 "$R_OCI_MANIFEST" "$m"

NODESC='{"name":"x","maintainer":"y","vendor":"z","version":"1","release":"1","summary":"s"}'
m=$(r_image "$B" ns/latestonly "" "$NODESC" 1) || exit 1
r_push_manifest "$B" ns/latestonly latest "$R_OCI_MANIFEST" "$m"

# An index: arm64 (root) first, then amd64 (non-root): amd64 must be read.
arm=$(r_image "$B" ns/multi 0 "$R_GOOD_LABELS" 2) || exit 1
r_push_manifest "$B" ns/multi arm "$R_OCI_MANIFEST" "$arm"
amd=$(r_image "$B" ns/multi 1001:1001 "$R_GOOD_LABELS" 2) || exit 1
r_push_manifest "$B" ns/multi amd "$R_OCI_MANIFEST" "$amd"
da="sha256:$(sha256sum "$arm" | cut -d' ' -f1)" sa=$(wc -c <"$arm" | tr -d ' ')
dm="sha256:$(sha256sum "$amd" | cut -d' ' -f1)" sm=$(wc -c <"$amd" | tr -d ' ')
printf '{"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":%s,"platform":{"architecture":"arm64","os":"linux"}},{"mediaType":"%s","digest":"%s","size":%s,"platform":{"architecture":"amd64","os":"linux"}}]}' \
	"$R_OCI_INDEX" "$R_OCI_MANIFEST" "$da" "$sa" "$R_OCI_MANIFEST" "$dm" "$sm" >"$T_DIR/index"
r_push_manifest "$B" ns/multi 2.0 "$R_OCI_INDEX" "$T_DIR/index"
printf '{"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":%s,"platform":{"architecture":"arm64","os":"linux"}}]}' \
	"$R_OCI_INDEX" "$R_OCI_MANIFEST" "$da" "$sa" >"$T_DIR/index-arm"
r_push_manifest "$B" ns/multi armonly "$R_OCI_INDEX" "$T_DIR/index-arm"

r_project registry_namespace=ns outbound_repository=good

# verify_reg REPO ARGS...: verify --registry --json of ns/REPO.
verify_reg() {
	run set "$NAME" outbound_repository="$1"
	expect_rc 0
	shift
	run --json verify "$NAME" --registry --registry-url "$B" "$@"
	if [ -n "${R_SHOW:-}" ]; then
		jq -r '.checks[] | "  \(.outcome) \(.kind): \(.message)"' "$OUT" >&2
	fi
}

# outcome KIND: the outcome of that check in the last JSON output.
outcome() {
	jq -r --arg k "$1" '.checks[] | select(.kind == $k) | .outcome' "$OUT"
}
expect_outcome() {
	t_o=$(outcome "$1")
	[ "$t_o" = "$2" ] || fail "$1: expected $2, got '$t_o'"
}

t_case "no tag: no build recorded and no --tag"
verify_reg good
expect_rc 1
expect_jq '.checks[0].message | contains("no build is recorded")'

t_case "tag from the latest recorded build; a good image passes every policy"
run build "$NAME" start --tag 1.0
expect_rc 0
verify_reg good
expect_rc 0
expect_outcome image pass
expect_json '.checks[0].details.digest' "$GOOD_DIGEST"
expect_jq '.checks[0].target | endswith("/ns/good:1.0")'
expect_outcome has_required_labels pass
expect_outcome has_no_prohibited_labels pass
expect_outcome runs_as_non_root pass
expect_outcome layer_count_acceptable pass
expect_outcome has_unique_tag pass
expect_jq '[.checks[].kind] == ["image", "has_required_labels", "has_no_prohibited_labels", "runs_as_non_root", "layer_count_acceptable", "has_unique_tag"]'

t_case "the tag list is read across pages (Link)"
expect_jq '.checks[0].details.tags | length == 107'

t_case "the messages are the pre-scan's"
expect_jq '(.checks[] | select(.kind == "has_required_labels") | .message) == "name, maintainer, vendor, version, release, summary and description are set"'
expect_jq '(.checks[] | select(.kind == "runs_as_non_root") | .message) == "the image runs as 1001"'

t_case "tag missing: a failure listing the tags"
verify_reg good --tag 9.9
expect_rc 1
expect_jq '.checks[0].message | contains("tag 9.9 is not in ns/good; its tags: 0.0, 0.1, 0.2, ") and contains("and 87 more")'

t_case "repository missing"
verify_reg nothere --tag 1.0
expect_rc 1
expect_jq '.checks[0].message | contains("ns/nothere does not exist")'

t_case "bad image: labels missing and empty, Red Hat's name, root, 41 layers"
verify_reg bad --tag 1.0
expect_rc 1
expect_outcome image pass
expect_outcome has_required_labels fail
expect_jq '(.checks[] | select(.kind == "has_required_labels") | .message) | contains("vendor, release") and contains("summary is empty")'
expect_outcome has_no_prohibited_labels fail
expect_jq '(.checks[] | select(.kind == "has_no_prohibited_labels") | .message) | contains("Red Hat'"'"'s own")'
expect_outcome runs_as_non_root fail
expect_jq '(.checks[] | select(.kind == "runs_as_non_root") | .message) | contains("root")'
expect_outcome layer_count_acceptable fail
expect_jq '(.checks[] | select(.kind == "layer_count_acceptable") | .message) | contains("41 layers")'

t_case "only latest: has_unique_tag fails; no user: root; no description: warning"
verify_reg latestonly --tag latest
expect_rc 1
expect_outcome has_unique_tag fail
expect_outcome runs_as_non_root fail
expect_outcome has_required_labels warn

t_case "an index: the linux/amd64 image is the one checked"
verify_reg multi --tag 2.0
expect_rc 0
expect_json '.checks[0].details.platform' linux/amd64
expect_jq '(.checks[] | select(.kind == "runs_as_non_root") | .message) == "the image runs as 1001:1001"'

t_case "an index without linux/amd64"
verify_reg multi --tag armonly
expect_rc 1
expect_jq '.checks[0].message | contains("without a linux/amd64") and contains("linux/arm64")'

t_case "text output"
run set "$NAME" outbound_repository=bad
run verify "$NAME" --registry --registry-url "$B" --tag 1.0
expect_rc 1
expect_out_has "fail"
expect_out_has "runs_as_non_root"
expect_out_has "fix: end the final stage with a non-root user"
expect_out_has "result: a check found a problem (recorded)"

t_case "both checks by default: the git check too"
run set "$NAME" outbound_repository=good git_url=git@github.com:example/plugin.git
run --json verify "$NAME" --registry-url "$B"
expect_rc 0
expect_jq '[.checks[].kind] | index("git") == 0 and index("image") == 1'

t_case "a registry URL that is not a registry: no /v2/"
run --json verify "$NAME" --registry --registry-url "$B/nothing"
expect_rc 1
expect_jq '.checks[0].message | contains("not a container registry")'

t_case "invalid --tag is a usage error"
run verify "$NAME" --registry --registry-url "$B" --tag '../x'
expect_rc 2

t_case "nothing listening on the registry's port"
r_free_port
run --json verify "$NAME" --registry --registry-url "http://127.0.0.1:$R_PORT"
expect_rc 4
expect_jq '.checks[0].outcome == "error" and (.checks[0].message | contains("refused the connection"))'

t_case "a host that does not resolve (.invalid): DNS failure, exit 4"
run --json verify "$NAME" --registry --registry-url "https://certtrack-test.invalid" --timeout 20
expect_rc 4
expect_jq '.checks[0].message | contains("cannot find the host certtrack-test.invalid")'

echo "$T_NAME: $T_CASES cases passed"
