#!/bin/sh
# builds.sh - the pre-scan and builds screens: a project without a
# source_path offers to set it; a failing Dockerfile, one that cannot be
# parsed and the partner's passing one are pre-scanned and recorded, and
# build_service's requirement turns met; then a build is started (the tag
# checked as typed), finished, a failed preflight scan imported with each
# check's fix on screen, a bad file refused, a passing scan imported and
# the image published; checked in the database.
. "$top_srcdir/tests/tui/lib.sh"
NAME=rhosp16-openstack-cinder-volume-acme
"$CERTTRACK" new "$NAME" product="Acme Cinder" product_version=3.7.1 plugin_status=in-tree \
	registry_namespace=acme outbound_repository="$NAME" >/dev/null 2>&1 || fail "certtrack new"
SRC="$TUI_TMP/checkout"
# The results files name the image they tested: that of this project's
# build, or the import is refused as results of another image.
PRE="$TUI_TMP/preflight"
mkdir -p "$PRE"
for f in failed passed; do
	jq --arg img "registry.connect.redhat.com/acme/$NAME:3.7.1" '.image = $img' \
		"$top_srcdir/tests/preflight/$f.json" >"$PRE/$f.json" || fail "jq $f.json"
done
cp "$top_srcdir/tests/preflight/not-json.txt" "$top_srcdir/tests/preflight/wrong-shape.json" "$PRE/"
LINT="$top_srcdir/tests/lint"
mkdir -p "$SRC"
# A Dockerfile that lacks labels (with its license files).
cp -R "$LINT/labels-missing/." "$SRC/"
rm -f "$SRC/expected.json"

records() {
	"$CERTTRACK" --json show "$NAME" | grep -o '"records":{[^}]*}'
}

tui_start 80 24
wait_for "rhosp16-openstack-cinder-vol"
keys Enter
wait_for "[Checklist 0/21]"
# build_service, the 17th item: its pre-scan requirement is not met.
keys G k k k k
wait_for "Configure Automated Build Service · todo"
wait_for "✗ the Dockerfile pre-scan has not been run"

# No source_path: the screen says how to set it, and e does.
keys P
wait_for "Nothing to pre-scan yet"
wait_for "source_path is not set"
keys e
wait_for "source_path: the folder of your local checkout"
type_text "$SRC"
keys Enter
wait_for "[FAIL] has_required_labels"
wait_for 'fix: add `LABEL maintainer='
wait_for "Pre-scan FAILED (1 policy) and recorded"
wait_for "1 run recorded"
records | grep -q '"prescan":"failed"' || fail "failed pre-scan not recorded: $(records)"
"$CERTTRACK" --json show "$NAME" | grep -qF "\"$SRC\"" || fail "source_path not saved"

# A Dockerfile that cannot be parsed: the error with its line.
cp "$LINT/error-unterminated-heredoc/Dockerfile" "$SRC/Dockerfile"
keys r
wait_for "error: Dockerfile:2: unterminated heredoc"
wait_for "fix: end the heredoc"
wait_for "2 runs recorded"
records | grep -q '"prescan":"failed"' || fail "parse error not recorded as failed"

# The partner's Dockerfile passes; the project screen shows it at once.
cp -R "$LINT/partner-cinder-volume/." "$SRC/"
keys r
wait_for "Pre-scan passed and recorded"
wait_for "[pass] has_required_labels"
wait_for "3 runs recorded"
records | grep -q '"prescan":"passed"' || fail "passed pre-scan not recorded: $(records)"
keys q
wait_for "✓ the latest Dockerfile pre-scan passed"

# Builds: none yet; the reference shows where the tag goes.
keys B
wait_for "No builds yet"
wait_for "registry.connect.redhat.com/acme/$NAME:<tag>"
keys s
wait_for "Tag of the build (the plugin version):"
keys C-u
type_text latest
wait_for 'warning: tag "latest" names no version'
keys C-u
type_text 3.7.1
wait_gone 'warning: tag'
keys Enter
wait_for "Build ID"
type_text BLD-1
keys Enter
wait_for "Build #1 of 3.7.1 started."
wait_for "registry.connect.redhat.com/acme/$NAME:3.7.1"
wait_for "BLD-1"
# A scan of a running build is refused with what to do.
keys i
wait_for "Build #1 is still running; f finishes it before its scan."
keys f
wait_for "Build #1 (3.7.1) finished:"
keys Enter
wait_for "Build #1 succeeded; i imports its scan."
wait_for "succeeded  11-27 10:00 11-27 10:00"
keys p
wait_for "Not published: the latest build has no scan; i imports it."

# A failed preflight scan: each failed check's suggestion on screen.
keys i
wait_for "Path of preflight's results.json:"
type_text "$PRE/failed.json"
keys Enter
wait_for "Scan recorded: FAILED, 3 checks failed"
wait_for "Scan #1 · FAILED · 3 of 6 failed · preflight"
wait_for "fix: Create a directory named /licenses"
keys j
wait_for "runs_as_non_root · fail"
wait_for "fix: Indicate a specific USER in the dockerfile"
keys j
wait_for "has_required_labels · fail"
wait_for "fix: Add the following labels to your Dockerfile"
wait_for "https://access.redhat.com/documentation/"
keys p
wait_for "Not published: the latest build's scan did not pass"

# A file that is not preflight's is refused, saying why.
keys i
wait_for "Path of preflight's results.json:"
keys C-u
# A short path, so that the message is not wrapped across screen lines.
cp "$PRE/not-json.txt" "$TUI_TMP/n.txt"
type_text "$TUI_TMP/n.txt"
keys Enter
wait_for "Not imported:"
wait_for "not JSON"

# A passing scan, then publish.
keys i
wait_for "Path of preflight's results.json:"
keys C-u
type_text "$PRE/passed.json"
keys Enter
wait_for "Scan recorded: passed. p publishes the image."
wait_for "Not published yet: the scan passed"
keys p
wait_for "Published (7.7) 11-27 10:00 by alice"
wait_for "Builds of $NAME · published"

# Still usable small, and back.
tmx resize-window -x 60 -y 15
wait_for "Published (7.7)"
wait_for "Scan #2 · passed"
tmx resize-window -x 80 -y 24
wait_for "Builds of $NAME · published"

keys q
wait_for "[Checklist"
keys q
wait_for "1 project"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

B=$("$CERTTRACK" build "$NAME" --json) || fail "certtrack build --json"
for want in '"published":true' '"tag":"3.7.1"' '"build_id":"BLD-1"' '"result":"succeeded"' \
	"\"image\":\"registry.connect.redhat.com/acme/$NAME:3.7.1\"" \
	'"passed":false,"source":"preflight"' '"passed":true,"source":"preflight"' \
	'"fix":"Create a directory named /licenses' '"policy":"runs_as_non_root","status":"fail"'; do
	echo "$B" | grep -qF -- "$want" || fail "certtrack build --json lacks $want: $B"
done
records | grep -q '"build":"passed","scan":"passed","published":true' ||
	fail "records after publishing: $(records)"
echo ok
