# lib.sh - helpers of the translation tests, sourced by tests/i18n/*.sh.
# POSIX sh. make check sets $CERTTRACK, $top_srcdir and $top_builddir.
#
# i18n_setup: compiles po/de.po and po/ja.po into a private folder named
#   by CERTTRACK_LOCALEDIR (the binary reads its catalogs from there
#   instead of the install path), and makes sure de_DE.UTF-8 and
#   ja_JP.UTF-8 exist: when the system lacks them (CI images often do),
#   builds them without root with localedef into a folder of the build
#   tree and names it in I18N_LOCPATH; in_locale passes it as LOCPATH
#   to that one command only, so that C.UTF-8 keeps coming from the
#   system. Exits 77 (skip) only when msgfmt or localedef is missing.
#
# in_locale LOCALE CMD...   runs CMD with LC_ALL=LOCALE (and LOCPATH)
# disp_width TEXT           display width of TEXT (double-width CJK = 2)

set -u
: "${CERTTRACK:?set CERTTRACK to the certtrack binary (make check does)}"
: "${top_srcdir:?set top_srcdir to the source tree (make check does)}"
top_builddir=${top_builddir:-.}

I18N_LOCALES="de_DE.UTF-8 ja_JP.UTF-8"

locale_ok() {
	# A missing locale makes setlocale fail; locale(1) then warns.
	[ -z "$(LC_ALL=$1 locale 2>&1 >/dev/null)" ] &&
		[ "$(LC_ALL=$1 locale charmap 2>/dev/null)" = UTF-8 ]
}

i18n_setup() {
	if ! command -v msgfmt >/dev/null 2>&1; then
		echo "SKIP: msgfmt (gettext) is not installed"
		exit 77
	fi
	I18N_TMP=$(mktemp -d "${TMPDIR:-/tmp}/certtrack-i18n.XXXXXX") || exit 99
	trap 'rm -rf "$I18N_TMP"' EXIT
	trap 'exit 130' INT TERM HUP
	CERTTRACK_LOCALEDIR="$I18N_TMP/catalogs"
	export CERTTRACK_LOCALEDIR
	for l in de ja; do
		mkdir -p "$CERTTRACK_LOCALEDIR/$l/LC_MESSAGES"
		msgfmt -o "$CERTTRACK_LOCALEDIR/$l/LC_MESSAGES/certtrack.mo" \
			"$top_srcdir/po/$l.po" || exit 99
	done
	I18N_LOCPATH=""
	missing=""
	for loc in $I18N_LOCALES; do
		locale_ok "$loc" || missing="$missing $loc"
	done
	[ -z "$missing" ] && return 0
	if ! command -v localedef >/dev/null 2>&1; then
		echo "SKIP:$missing not generated and localedef is not installed"
		exit 77
	fi
	# Built once per build tree; a parallel test builds its own copy and
	# renames it into place (rename is atomic).
	dir="$top_builddir/tests/i18n/locales"
	for loc in $missing; do
		[ -d "$dir/$loc" ] && continue
		mkdir -p "$dir"
		tmp="$dir/.tmp.$$.$loc"
		localedef -i "${loc%%.*}" -f UTF-8 "$tmp" >/dev/null 2>&1
		[ -f "$tmp/LC_CTYPE" ] || { echo "FAIL: localedef $loc" >&2; exit 99; }
		mv "$tmp" "$dir/$loc" 2>/dev/null || rm -rf "$tmp"
	done
	I18N_LOCPATH=$(cd "$dir" && pwd)
	for loc in $missing; do
		LOCPATH=$I18N_LOCPATH locale_ok "$loc" || { echo "FAIL: $loc unusable" >&2; exit 99; }
	done
}

in_locale() {
	loc=$1
	shift
	case $loc in
	C.UTF-8 | C | POSIX) LC_ALL=$loc LANGUAGE= "$@" ;;
	*)
		if [ -n "$I18N_LOCPATH" ]; then
			LC_ALL=$loc LANGUAGE= LOCPATH=$I18N_LOCPATH "$@"
		else
			LC_ALL=$loc LANGUAGE= "$@"
		fi
		;;
	esac
}

disp_width() {
	# wc -L counts display columns with the locale's wcwidth.
	printf '%s\n' "$1" | LC_ALL=C.UTF-8 wc -L | tr -d ' '
}
