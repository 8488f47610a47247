#!/bin/sh
# cli.sh - the command line in German and Japanese: translated help,
# messages and template texts appear; --json output (show, list,
# check-name, lint, history, an error) are byte-identical in C.UTF-8,
# de_DE.UTF-8 and ja_JP.UTF-8; --dump-keys gives each language's man page
# key table.
. "$top_srcdir/tests/i18n/lib.sh"
i18n_setup

T="$I18N_TMP/t"
mkdir -p "$T/home"
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share"
export CERTTRACK_DB="$T/c.db" CERTTRACK_USER=tester CERTTRACK_NOW=2024-05-06T07:08:09Z
export NO_COLOR=1 TZ=UTC
unset CERTTRACK_TEMPLATES
P=rhosp16-openstack-cinder-volume-acme

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
# has LOCALE TEXT CMD...: CMD's stdout+stderr in LOCALE contains TEXT.
has() {
	loc=$1 want=$2
	shift 2
	out=$(in_locale "$loc" "$CERTTRACK" "$@" 2>&1)
	case $out in
	*"$want"*) echo "ok: [$loc] certtrack $* shows \"$want\"" ;;
	*) fail "[$loc] certtrack $*: \"$want\" missing in:
$out" ;;
	esac
}

"$CERTTRACK" new "$P" product=Acme product_version=1.0 plugin_status=in-tree >/dev/null ||
	fail "certtrack new"
"$CERTTRACK" item "$P" connect_registration done >/dev/null || fail "certtrack item"
"$CERTTRACK" set "$P" registry_namespace=Acme >/dev/null 2>&1
printf 'FROM docker.io/library/ubuntu:22.04\nRUN apt-get install -y kernel\n' >"$T/Dockerfile"

# Translated text: help, messages, template titles and help, plurals.
has de_DE.UTF-8 "Befehle:" --help
has ja_JP.UTF-8 "コマンド:" --help
has de_DE.UTF-8 "ist kein gültiger Projektname" check-name Foo
has ja_JP.UTF-8 "は有効なプロジェクト名ではありません" check-name Foo
has de_DE.UTF-8 "Projekt anlegen (7.1)" show "$P"
has ja_JP.UTF-8 "プロジェクトの作成 (7.1)" show "$P"
has de_DE.UTF-8 "Bei Red Hat Connect for Technology Partners registrieren" show "$P"
has ja_JP.UTF-8 "Red Hat Connect for Technology Partners への登録" show "$P"
has de_DE.UTF-8 "Begleitmaterial" show "$P"
has de_DE.UTF-8 "INHABER" list
has ja_JP.UTF-8 "担当者" list
has de_DE.UTF-8 "kein Projekt namens" show no-such-project
has ja_JP.UTF-8 "プロジェクト「no-such-project」はありません" show no-such-project
has de_DE.UTF-8 "Zeile 1: die letzte Stage basiert auf" lint "$T/Dockerfile"
has ja_JP.UTF-8 "1 行目: 最終ステージは" lint "$T/Dockerfile"
has de_DE.UTF-8 "unbekannter Befehl „frobnicate“" frobnicate
has de_DE.UTF-8 "Aufruf: certtrack item" item
# Exit codes do not depend on the language.
for loc in C.UTF-8 de_DE.UTF-8 ja_JP.UTF-8; do
	in_locale "$loc" "$CERTTRACK" check-name Foo >/dev/null 2>&1
	[ $? = 1 ] || fail "[$loc] check-name Foo: exit status is not 1"
	in_locale "$loc" "$CERTTRACK" frobnicate >/dev/null 2>&1
	[ $? = 2 ] || fail "[$loc] unknown command: exit status is not 2"
done
echo "ok: exit codes are the same in every locale"

# Machine output never translates.
n=0
for args in "show $P" "list" "check-name Foo--Bar" "check-name $P" "history" \
	"history $P" "lint $T/Dockerfile" "show no-such-project" "lint --format json $T/Dockerfile"; do
	n=$((n + 1))
	for loc in C.UTF-8 de_DE.UTF-8 ja_JP.UTF-8; do
		# shellcheck disable=SC2086 # args are words on purpose
		in_locale "$loc" "$CERTTRACK" --json $args >"$T/json.$n.$loc" 2>/dev/null
		echo $? >>"$T/json.$n.$loc"
	done
	grep -q . "$T/json.$n.C.UTF-8" || fail "--json $args printed nothing"
	for loc in de_DE.UTF-8 ja_JP.UTF-8; do
		cmp -s "$T/json.$n.C.UTF-8" "$T/json.$n.$loc" ||
			fail "--json $args differs in $loc:
$(diff "$T/json.$n.C.UTF-8" "$T/json.$n.$loc" | head -20)"
	done
	echo "ok: --json $args is byte-identical in C, de and ja"
done

# The man page's key table comes from the action table in the reader's
# language (doc/de/certtrack.1, doc/ja/certtrack.1); the same keys, the
# same stable action names, other words.
in_locale C.UTF-8 "$CERTTRACK" --dump-keys >"$T/keys.C"
in_locale de_DE.UTF-8 "$CERTTRACK" --dump-keys >"$T/keys.de"
in_locale ja_JP.UTF-8 "$CERTTRACK" --dump-keys >"$T/keys.ja"
grep -q "Keys of the interactive interface" "$T/keys.C" || fail "--dump-keys: English text missing"
grep -q "Die Tasten der interaktiven" "$T/keys.de" || fail "--dump-keys: German text missing"
grep -q "対話型インターフェースのキー" "$T/keys.ja" || fail "--dump-keys: Japanese text missing"
for l in de ja; do
	grep -c '^\.TP' "$T/keys.C" >"$T/n.C"
	grep -c '^\.TP' "$T/keys.$l" >"$T/n.$l"
	cmp -s "$T/n.C" "$T/n.$l" || fail "--dump-keys: $l has another number of keys"
	grep -o '([a-z-]*)\.$' "$T/keys.C" >"$T/a.C"
	grep -o '([a-z-]*)\.$' "$T/keys.$l" >"$T/a.$l"
	cmp -s "$T/a.C" "$T/a.$l" || fail "--dump-keys: $l changed the action names"
done
echo "ok: --dump-keys gives the key table in each language, same keys and actions"
