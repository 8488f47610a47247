#!/bin/sh
# records.sh - records say what happened, once: opening the pre-scan again
# on the same Dockerfile with the same result records nothing new (r does,
# and so does a changed Dockerfile); a scan entered by hand with a policy
# given twice is refused by the core (the command line too) and the editor
# keeps the text.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-acme
SRC="$TUI_TMP/checkout"
mkdir -p "$SRC"
cp -R "$top_srcdir/tests/lint/partner-cinder-volume/." "$SRC/"
rm -f "$SRC/expected.json"
"$CERTTRACK" new "$NAME" product=P product_version=1 plugin_status=in-tree \
	registry_namespace=acme outbound_repository="$NAME" source_path="$SRC" >/dev/null 2>&1 ||
	fail "certtrack new"
runs() {
	"$CERTTRACK" --json history "$NAME" | grep -o '"what":"prescan"' | wc -l
}

tui_start 80 24
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "[Checklist 0/21]"
keys P
wait_for "Pre-scan passed and recorded"
wait_for "1 run recorded"
keys q
wait_for "[Checklist 0/21]"
keys P
wait_for "Same Dockerfile and result as the run recorded"
wait_for "1 run recorded"
[ "$(runs)" -eq 1 ] || fail "opening the pre-scan again recorded a run ($(runs))"
# Asked explicitly: recorded.
keys r
wait_for "2 runs recorded"
keys q
# A changed Dockerfile is a new run.
echo "# a comment changes the digest" >>"$SRC/Dockerfile"
keys P
wait_for "3 runs recorded"
[ "$(runs)" -eq 3 ] || fail "runs in history: $(runs)"
keys q

# A policy given twice: refused by the core, from the CLI too.
"$CERTTRACK" build "$NAME" start --tag 1.0 >/dev/null || fail "build start"
"$CERTTRACK" build "$NAME" finish >/dev/null || fail "build finish"
out=$("$CERTTRACK" scan "$NAME" has_licenses=pass has_licenses=fail 2>&1) &&
	fail "the CLI recorded a scan with a policy given twice"
echo "$out" | grep -q "has_licenses is given twice" || fail "CLI message: $out"
keys B
wait_for "Builds"
keys m
wait_for "by hand"
type_text "has_licenses=fail"
keys C-x
wait_for "policy has_licenses is given twice"
wait_for "Ctrl-X save"
wait_for "has_licenses=fail"
"$CERTTRACK" --json show "$NAME" | grep -q '"scan":null' || fail "a scan was recorded: $("$CERTTRACK" --json show "$NAME" | grep -o '"records":{[^}]*}')"
keys Escape
wait_gone "Ctrl-X save"
keys Q
[ "$(wait_exit)" = 0 ] || fail "exit status"
