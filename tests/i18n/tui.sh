#!/bin/sh
# tui.sh - the interface at 80x24 in German and Japanese: translated
# screens (projects, project, help, history), the projects table's
# columns starting at the same display column in every row with
# double-width owner names and titles, the bottom key line ending in a
# whole label, dates in the language's format.
. "$top_srcdir/tests/tui/lib.sh"
. "$top_srcdir/tests/i18n/lib.sh"
i18n_setup
trap 'cleanup; rm -rf "$I18N_TMP"' EXIT
export TZ=UTC

for u in alice 山田太郎 müller; do
	CERTTRACK_USER=$u "$CERTTRACK" new "rhosp16-openstack-nova-compute-$(printf %s "$u" | cksum | cut -c1-6)" \
		product=P product_version=1 plugin_status=in-tree >/dev/null 2>&1 || fail "certtrack new ($u)"
done
"$CERTTRACK" item "rhosp16-openstack-nova-compute-$(printf alice | cksum | cut -c1-6)" \
	connect_registration done >/dev/null || fail "certtrack item"

# col TEXT LINE: display column where TEXT starts in LINE (0-based).
col() {
	prefix=$(printf '%s\n' "$2" | LC_ALL=C awk -v s="$1" '{ i = index($0, s); if (i) print substr($0, 1, i - 1); else print "NOTFOUND" }')
	[ "$prefix" = NOTFOUND ] && { echo -1; return; }
	[ -z "$prefix" ] && { echo 0; return; }
	disp_width "$prefix"
}

# check_columns OWNERHEAD ISSUESHEAD AGEHEAD OK AGE: every row's owner,
# issues and age cells start where their headings do.
check_columns() {
	scr=$(screen)
	head=$(printf '%s\n' "$scr" | sed -n 2p)
	co=$(col "$1" "$head") ci=$(col "$2" "$head") ca=$(col "$3" "$head")
	[ "$co" -gt 0 ] && [ "$ci" -gt 0 ] && [ "$ca" -gt 0 ] || fail "headings $1/$2/$3 not found"
	rows=0
	for u in alice 山田太郎 müller; do
		line=$(printf '%s\n' "$scr" | grep -F " $u ")
		[ -n "$line" ] || fail "no row of $u"
		[ "$(col " $u " "$line")" = $((co - 1)) ] || fail "[$LC_ALL] owner $u not at column $co: $line"
		# The issues and age cells are the row's last two.
		rest=${line%"$5"*}
		[ "$(disp_width "$rest")" = "$ca" ] || fail "[$LC_ALL] age of $u not at column $ca: $line"
		rest=${line%" $4 "*}
		[ "$(disp_width "$rest")" = $((ci - 1)) ] || fail "[$LC_ALL] issues of $u not at column $ci: $line"
		rows=$((rows + 1))
	done
	echo "ok: [$LC_ALL] owner, issues and age start at columns $co, $ci, $ca in all $rows rows"
}

# check_keyline WORD...: the bottom line holds these labels, and its last
# hint is a whole label (never cut).
check_keyline() {
	last=$(screen | sed "/^ *$/d" | tail -n 1)
	for w in "$@"; do
		case $last in *"$w"*) ;; *) fail "[$LC_ALL] key line lacks \"$w\": $last" ;; esac
	done
	case $last in *…) fail "[$LC_ALL] key line is cut: $last" ;; esac
	[ "$(disp_width "$last")" -le 80 ] || fail "[$LC_ALL] key line wider than 80"
	echo "ok: [$LC_ALL] key line: $last"
}

run() {
	export LC_ALL=$1 LANGUAGE=
	[ -n "$I18N_LOCPATH" ] && export LOCPATH="$I18N_LOCPATH"
	tui_start 80 24
}

# German.
run de_DE.UTF-8
wait_for "3 Projekte"
wait_for "Inhaber"
check_columns Inhaber Mängel Zeit "12 leer" eben
check_keyline "Enter öffnen" "n neu" "/ Filter" "s sortieren" "? Hilfe" "q beenden"
keys Enter
wait_for "Bei Red Hat Connect for Technology Partners registrieren"
wait_for "Checkliste"
check_keyline "Space Status"
keys Tab
wait_for "Projekt anlegen (7.1)"
keys '?'
# Help opens at the keys of the fields, where it was asked from.
wait_for "Projekt: Felder"
keys g
wait_for "Überall"
wait_for "Die Tasten aller Bildschirme zeigen"
keys q q h
wait_for "Verlauf aller Projekte"
wait_for "27.11.2026 10:00"
keys Q
[ "$(wait_exit)" = 0 ] || fail "certtrack did not exit with 0"
unset LOCPATH

# Japanese.
run ja_JP.UTF-8
wait_for "3 件のプロジェクト"
wait_for "担当者"
check_columns 担当者 問題 経過 "空 12" 今
check_keyline "Enter 開く" "n 新規" "? ヘルプ" "q 終了"
keys Enter
wait_for "Red Hat Connect for Technology Partners への登録"
keys Tab
wait_for "プロジェクトの作成 (7.1)"
keys '?'
keys g
wait_for "すべての画面のキーを表示"
keys q q h
wait_for "すべてのプロジェクトの履歴"
wait_for "2026/11/27 10:00"
keys Q
[ "$(wait_exit)" = 0 ] || fail "certtrack did not exit with 0"
echo "ok: German and Japanese screens"
