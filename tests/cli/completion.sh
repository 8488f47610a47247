#!/bin/sh
# completion.sh - bash completion from the command table, position-aware:
# commands, options of a command and their values, project names, a
# project's item keys after "item PROJECT", field keys after "set
# PROJECT", template ids after --template; without the bash-completion
# package, and never creating a database.
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v bash >/dev/null 2>&1; then
	echo "SKIP: bash is not installed"
	exit 77
fi
BIN_DIR=$(dirname "$CERTTRACK")
SCRIPT="$top_srcdir/contrib/bash-completion/certtrack"

# complete WORD... : the candidates bash offers for the last word.
complete_words() {
	PATH="$BIN_DIR:$PATH" bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=(certtrack "$@"); COMP_CWORD=$#
		_certtrack
		printf "%s\n" "${COMPREPLY[@]}"' sh "$SCRIPT" "$@" >"$OUT" 2>"$ERR"
}
has() { grep -qxF -- "$1" "$OUT" || fail "completion of '$*' lacks \"$1\"; got: $(tr '\n' ' ' <"$OUT")"; }
lacks() { ! grep -qxF -- "$1" "$OUT" || fail "completion offers \"$1\"; got: $(tr '\n' ' ' <"$OUT")"; }

t_case "commands and global options"
complete_words ""
has new; has item; has check-name; has backup
lacks __complete
complete_words --j
has --json
t_case "no database is created by completing"
complete_words item ""
[ ! -e "$CERTTRACK_DB" ] || fail "completion created $CERTTRACK_DB"

run new "$NAME"
expect_rc 0
t_case "project names, then the project's item keys, then statuses"
complete_words item ""
has "$NAME"
complete_words item "$NAME" sales
has sales_contact
lacks registry_namespace=
complete_words item "$NAME" sales_contact ""
has done; has n/a; has in-progress
t_case "set PROJECT completes field keys with '='"
complete_words set "$NAME" registry_n
has registry_namespace=
t_case "options of the command and their values"
complete_words item "$NAME" sales_contact done --
has --note; has --reason; has --force
complete_words report --format ""
has markdown; has csv
complete_words new --template ""
has rhosp16-container; has rhosp17-container
complete_words collateral "$NAME" ""
has add; has rm
complete_words build "$NAME" ""
has start; has finish
complete_words import ""
# __files__ becomes file names of the current folder: nothing to assert
# beyond not offering the marker itself.
lacks __files__

t_done
