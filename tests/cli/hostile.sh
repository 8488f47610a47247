#!/bin/sh
# hostile.sh - stored values with terminal escape sequences (from an
# imported report, a Dockerfile) are shown escaped by every text output,
# kept exact in JSON, and refused when typed with set or item.
. "$top_srcdir/tests/cli/lib.sh"

ESC=$(printf '\033')
BEL=$(printf '\007')
DEL=$(printf '\177')
C1=$(printf '\302\233') # U+009B, the one-byte CSI

# no_raw_controls FILE: fails when FILE has ESC, BEL, DEL, a lone CR or a
# C1 control.
no_raw_controls() {
	if LC_ALL=C grep -q "[$ESC$BEL$DEL]" "$1" || LC_ALL=C grep -q "$C1" "$1"; then
		fail "raw control characters in $1: $(od -c "$1" | grep -E '033|007|177|302 233' | head -3)"
	fi
}

t_case "set and item refuse control characters (exit 1), tab and newline in a note are fine"
run new "$NAME" product="Acme" product_version=1.0 plugin_status=in-tree
expect_rc 0
run set "$NAME" "product=Acme${ESC}[31mRed"
expect_rc 1
expect_err_has 'control character \x1b'
no_raw_controls "$ERR"
run item "$NAME" connect_registration in-progress --note "bell$BEL"
expect_rc 1
expect_err_has 'control character \x07'
run item "$NAME" connect_registration in-progress --note "line one
	line two"
expect_rc 0
run collateral "$NAME" add "Guide${ESC}]0;pwned${BEL}" --type document
expect_rc 2
expect_err_has "control characters"

t_case "values imported from a report with escapes: shown escaped by show, list, history, validate"
run report --format json -o "$T_DIR/r.json"
expect_rc 0
jq --arg esc "$ESC" --arg bel "$BEL" --arg c1 "$C1" --arg del "$DEL" '
	.projects[0].fields.product.value = "Acme" + $esc + "]0;pwned" + $bel + $esc + "[2J" |
	.projects[0].owner = "mallory" + $c1 + "31m" + $del |
	(.projects[0].items[] | select(.key == "zone_access")) |= (.status = "blocked" | .reason = "wait" + $esc + "[5m") |
	.projects[0].collateral = [{"id": 1, "title": ("Guide" + $esc + "[8m"), "type": "document", "location": null, "added_at": "2024-05-06T07:08:09Z", "added_by": "x"}] |
	.projects[0].history = [.projects[0].history[] | .new = ((.new // "") + $esc + "[1A")]
' "$T_DIR/r.json" >"$T_DIR/hostile.json" || fail "test set-up: jq"
CERTTRACK_DB="$T_DIR/other.db"
export CERTTRACK_DB
run import "$T_DIR/hostile.json"
expect_rc 0
no_raw_controls "$OUT"
for cmd in "show $NAME" "list" "history" "history $NAME" "validate $NAME" "report --format markdown" "report --format csv" "report --format html"; do
	T_CASE="escaped in: certtrack $cmd"
	# shellcheck disable=SC2086
	run $cmd
	[ "$RC" -le 1 ] || fail "exit code $RC"
	no_raw_controls "$OUT"
	no_raw_controls "$ERR"
done
run show "$NAME"
expect_out_has 'Acme\x1b]0;pwned\x07\x1b[2J'
expect_out_has 'wait\x1b[5m'
expect_out_has 'Guide\x1b[8m'
run list
expect_out_has 'mallory\u009b31m\x7f'

t_case "the markdown and CSV files escape them too, JSON keeps them exact"
run report --format markdown -o "$T_DIR/r.md"
expect_rc 0
no_raw_controls "$T_DIR/r.md"
run report --format csv -o "$T_DIR/r.csv"
expect_rc 0
no_raw_controls "$T_DIR/r.csv"
grep -q -F 'wait\x1b[5m' "$T_DIR/r.csv" || fail "the CSV lacks the escaped value"
run --json show "$NAME"
expect_rc 0
expect_json '.fields.product' "Acme${ESC}]0;pwned${BEL}${ESC}[2J"
grep -qi 'u001b' "$OUT" || fail "JSON does not escape ESC as \\u001b"

t_case "the HTML report replaces controls, DEL and C1 with U+FFFD (its file and standard output)"
run report --format html -o "$T_DIR/r.html"
expect_rc 0
no_raw_controls "$T_DIR/r.html"
FFFD=$(printf '\357\277\275')
grep -q -F "mallory${FFFD}31m${FFFD}" "$T_DIR/r.html" || fail "the HTML lacks the replaced owner"
run report --format html
expect_rc 0
cmp -s "$OUT" "$T_DIR/r.html" || fail "standard output and the file differ"

t_case "colour codes of certtrack itself still work with --color=always"
run --color=always list
expect_rc 0
LC_ALL=C grep -q "${ESC}\[1m" "$OUT" || fail "no bold header with --color=always"
LC_ALL=C grep -q 'mallory\\u009b31m' "$OUT" || fail "the owner is not escaped with colour on"

t_case "lint: a Dockerfile label with an escape sequence"
mkdir -p "$T_DIR/ctx"
printf 'FROM registry.access.redhat.com/ubi8/ubi\nLABEL name="x%s[31m" vendor="v" version="1" release="1" summary="s" description="d"\nRUN true\n' "$ESC" >"$T_DIR/ctx/Dockerfile"
run lint "$T_DIR/ctx"
no_raw_controls "$OUT"
no_raw_controls "$ERR"
printf 'FROM quay.example.com/x%s]0;title%s:1\nRUN true\n' "$ESC" "$BEL" >"$T_DIR/ctx/Dockerfile"
run lint "$T_DIR/ctx"
no_raw_controls "$OUT"
no_raw_controls "$ERR"
expect_out_has '\x1b'

t_done
