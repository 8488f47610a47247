#!/bin/sh
# html_chromium.sh - the HTML report in a real browser: headless Chromium
# loads it without console errors or blocked resources, shows a <script>
# note as text, opens with the portfolio table (one row per project,
# linking to its section), and prints it to PDF. Skipped (77) when Chromium is not
# installed (Debian package chromium).
. "$top_srcdir/tests/cli/lib.sh"

BROWSER=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then
		BROWSER=$b
		break
	fi
done
if [ -z "$BROWSER" ]; then
	echo "SKIP: $T_NAME needs Chromium (Debian package chromium)"
	exit 77
fi

# A browser that never phones home and keeps its profile in the test folder.
browse() {
	timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-dev-shm-usage --user-data-dir="$T_DIR/profile" "$@"
}

t_case "the HTML report of the golden database"
run import "$top_srcdir/tests/golden/report.json"
expect_rc 0
run report --format html -o "$T_DIR/report.html"
expect_rc 0

t_case "Chromium renders it without console errors"
browse --enable-logging=stderr --v=0 --dump-dom "file://$T_DIR/report.html" \
	>"$T_DIR/dom.html" 2>"$T_DIR/browser.log"
rc=$?
[ $rc = 0 ] || fail "chromium exited $rc: $(tail -n 5 "$T_DIR/browser.log")"
# Console messages, script errors and refused loads are logged as
# CONSOLE(...) or "Refused to ..." lines.
if grep -E 'CONSOLE|Uncaught|Refused to|net::ERR_' "$T_DIR/browser.log" >"$T_DIR/errors"; then
	fail "browser reported: $(head -n 5 "$T_DIR/errors")"
fi

t_case "the page shows the <script> note as text and runs nothing"
grep -q '<h1>Certification status</h1>' "$T_DIR/dom.html" || fail "the DOM has no report heading"
grep -F -q 'ticket RH-1234 &lt;script&gt;alert(1)&lt;/script&gt; | pipe' "$T_DIR/dom.html" ||
	fail "the note is not shown as text in the DOM"
grep -q '<script' "$T_DIR/dom.html" && fail "the DOM has a script element"
grep -q 'rhosp16-openstack-neutron-server-acme' "$T_DIR/dom.html" || fail "the second project is missing"

t_case "the page opens with the portfolio: one row per project, linked to its section"
tr -d '\n' <"$T_DIR/dom.html" >"$T_DIR/dom1.html"
grep -q '<h2>Portfolio</h2><table class="portfolio">' "$T_DIR/dom1.html" ||
	fail "no portfolio table right after its heading"
rows=$(grep -o '<tbody><tr><td><a href="#p-[^"]*">[^<]*</a>.*</tbody>' "$T_DIR/dom1.html" |
	sed 's/<\/tbody>.*//' | grep -o '<tr>' | wc -l)
[ "$rows" = 2 ] || fail "the portfolio has $rows rows, not 2"
# The portfolio comes before the first project's section, whose id its
# first link names; the failed scan policy and the blocked item show.
before=$(sed 's/<section class="project".*//' "$T_DIR/dom1.html")
echo "$before" | grep -q 'Portfolio' || fail "the portfolio is not before the sections"
first=$(echo "$before" | grep -o 'href="#p-[^"]*"' | head -n 1 | sed 's/href="#//; s/"//')
grep -q "<section class=\"project\" id=\"$first\">" "$T_DIR/dom1.html" ||
	fail "the first link ($first) names no section"
echo "$before" | grep -q '<td class="error">runs_as_non_root</td>' ||
	fail "the failed scan policy is not in the portfolio"
echo "$before" | grep -q '<td class="st-blocked">Zone access' ||
	fail "the blocked item is not in the portfolio"

t_case "it prints (PDF) without fetching anything"
browse --print-to-pdf="$T_DIR/report.pdf" --no-pdf-header-footer "file://$T_DIR/report.html" \
	>/dev/null 2>"$T_DIR/print.log"
[ -s "$T_DIR/report.pdf" ] || fail "no PDF: $(tail -n 5 "$T_DIR/print.log")"
head -c 5 "$T_DIR/report.pdf" | grep -q '%PDF-' || fail "the output is not a PDF"

t_done
