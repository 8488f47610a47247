#!/bin/sh
# catalogs.sh - fails when a catalog falls behind the source: regenerates
# the template strings and the pot the way 'make update-po' does (the
# xgettext options of po/Makevars, the files of po/POTFILES.in) and
# checks that po/template-strings.c is current and that de and ja
# translate every message, none fuzzy, with valid formats and plurals.
# The fix for a failure is 'make update-po', then translating what it
# marks untranslated or fuzzy.
set -u
: "${top_srcdir:?set top_srcdir to the source tree (make check does)}"
for t in xgettext msgmerge msgcmp msgfmt msgattrib; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "SKIP: $t (gettext) is not installed"
		exit 77
	fi
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/certtrack-catalogs.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
cd "$top_srcdir" || exit 99
rc=0
fail() {
	echo "FAIL: $*" >&2
	rc=1
}

# The template texts (po/template-strings.sh needs jq).
if command -v jq >/dev/null 2>&1; then
	sh po/template-strings.sh checklists/*.json >"$TMP/template-strings.c" || exit 99
	if cmp -s "$TMP/template-strings.c" po/template-strings.c; then
		echo "ok: po/template-strings.c matches checklists/*.json"
	else
		fail "po/template-strings.c is stale; run 'make update-po':"
		diff po/template-strings.c "$TMP/template-strings.c" | head -20 >&2
	fi
else
	echo "note: jq is missing, po/template-strings.c is not compared"
fi

# XGETTEXT_OPTIONS of po/Makevars, continuation lines joined.
opts=$(sed -n '/^XGETTEXT_OPTIONS *=/,/[^\\]$/p' po/Makevars |
	sed -e 's/^XGETTEXT_OPTIONS *= *//' -e 's/\\$//' | tr '\n' ' ')
# shellcheck disable=SC2086 # the options are words
xgettext $opts --default-domain=certtrack --output="$TMP/certtrack.pot" \
	--files-from=po/POTFILES.in 2>"$TMP/xgettext.err" || {
	cat "$TMP/xgettext.err" >&2
	exit 99
}
n=$(grep -c '^msgid ' "$TMP/certtrack.pot")
echo "ok: the source has $((n - 1)) messages"

for l in $(cat po/LINGUAS); do
	po=po/$l.po
	[ -f "$po" ] || { fail "$po is listed in po/LINGUAS but missing"; continue; }
	if msgcmp "$po" "$TMP/certtrack.pot" 2>"$TMP/msgcmp.$l"; then
		echo "ok: $po has every message of the source"
	else
		fail "$po lacks messages of the source (or has them fuzzy/untranslated):"
		head -20 "$TMP/msgcmp.$l" >&2
	fi
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ')
	untr=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ')
	[ "$fuzzy" = 0 ] || fail "$po has $((fuzzy - 1)) fuzzy messages"
	[ "$untr" = 0 ] || fail "$po has $((untr - 1)) untranslated messages"
	if msgfmt --check --statistics -o /dev/null "$po" 2>"$TMP/msgfmt.$l"; then
		echo "ok: msgfmt --check $po: $(cat "$TMP/msgfmt.$l")"
	else
		fail "msgfmt --check $po:"
		cat "$TMP/msgfmt.$l" >&2
	fi
done
exit $rc
