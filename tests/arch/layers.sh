#!/bin/sh
# layers.sh - the architecture's rules, checked on the build:
# - no cycle among the core's files, by the symbols each object file
#   defines and uses (nm), nor among the headers by their #includes;
# - the core includes no curses and prints nothing to the terminal;
# - no TUI file includes the CLI, and the CLI includes no TUI file;
# - no product knowledge in C: the template id or names of RHOSP
#   releases appear in src/ only in comments.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
fail=0
say() { printf '%s\n' "$*"; }

objs=$(find "$top_builddir"/src/core -name "*.o" 2>/dev/null)
if [ -z "$objs" ]; then
	say "no object files under $top_builddir/src/core: build first"
	exit 99
fi
# Edges "a b": file a uses a symbol that file b defines.
for o in $objs; do
	n=$(basename "$o" .o)
	n=${n#libcertcore_a-}
	nm "$o" | awk -v n="$n" '$2 ~ /^[TDBR]$/ { print "D", n, $3 } $1 == "U" { print "U", n, $2 }'
done | awk '
	$1 == "D" { def[$3] = $2; next }
	{ use[++nu] = $2 " " $3 }
	END {
		for (i = 1; i <= nu; i++) {
			split(use[i], a, " ")
			if ((a[2] in def) && def[a[2]] != a[1])
				print a[1], def[a[2]]
		}
	}' | sort -u >edges.$$
# Headers: "a.h b.h" when a.h includes b.h (certtrack/ and core/ headers).
for h in "$top_srcdir"/include/certtrack/*.h "$top_srcdir"/src/core/*.h "$top_srcdir"/src/core/*/*.h; do
	sed -n 's/^#include "\(certtrack\|core\)\/\([a-z0-9_/]*\.h\)".*/\2/p' "$h" |
		while read -r to; do printf 'h:%s h:%s\n' "$(basename "$h")" "$to"; done
done >>edges.$$
# A cycle is a node that reaches itself: transitive closure by repeated
# relaxation (the graph has a few dozen nodes).
cycles=$(awk '
	{ e[$1, $2] = 1; node[$1] = 1; node[$2] = 1 }
	END {
		do {
			changed = 0
			for (k in node) for (i in node) if ((i, k) in e) for (j in node)
				if (((k, j) in e) && !((i, j) in e)) { e[i, j] = 1; changed = 1 }
		} while (changed)
		for (i in node) if ((i, i) in e) print i
	}' edges.$$ | sort | tr '\n' ' ')
rm -f edges.$$
if [ -n "$cycles" ]; then
	say "FAIL: these core files (or headers, h:) take part in a dependency cycle: $cycles"
	fail=1
else
	say "ok: no cycle among the core's files and headers"
fi

hits=$(grep -lE '#include[[:space:]]*[<"](n?curses|ncursesw/|form\.h|menu\.h|panel\.h)' \
	-r "$top_srcdir"/src/core "$top_srcdir"/include/certtrack 2>/dev/null)
[ -z "$hits" ] || { say "FAIL: the core includes curses: $hits"; fail=1; }
hits=$(grep -rnE --include='*.c' '\b(printf|puts|putchar)[[:space:]]*\(|\b(stdout|stderr)\b' "$top_srcdir"/src/core |
	grep -v 'snprintf\|vsnprintf\|asprintf' | grep -v '^\S*:[0-9]*:\s*/\?\*')
[ -z "$hits" ] || { say "FAIL: the core writes to the terminal:"; say "$hits"; fail=1; }
hits=$(grep -lE '#include[[:space:]]*"(\.\./)?cli/' "$top_srcdir"/src/tui/* 2>/dev/null)
[ -z "$hits" ] || { say "FAIL: the TUI includes the CLI: $hits"; fail=1; }
hits=$(grep -lE '#include[[:space:]]*"(\.\./)?tui/' -r "$top_srcdir"/src/cli "$top_srcdir"/src/core 2>/dev/null)
[ -z "$hits" ] || { say "FAIL: the CLI or the core includes the TUI: $hits"; fail=1; }
# libpq is the PostgreSQL backend's alone, as SQLite is the SQLite one's.
hits=$(grep -rlE '#include[[:space:]]*[<"](libpq-fe\.h|libpq/|postgres)' \
	"$top_srcdir"/src "$top_srcdir"/include "$top_srcdir"/tests/unit 2>/dev/null |
	grep -vE '/src/core/store/pg(_[a-z]+)?\.[ch]$')
[ -z "$hits" ] || { say "FAIL: only src/core/store/pg*.[ch] may include libpq: $hits"; fail=1; }
hits=$(grep -rlE '#include[[:space:]]*<sqlite3\.h>' "$top_srcdir"/src 2>/dev/null |
	grep -vE '/src/core/store/sqlite(_[a-z]+)?\.[ch]$')
[ -z "$hits" ] || { say "FAIL: only src/core/store/sqlite*.[ch] may include sqlite3.h: $hits"; fail=1; }
[ "$fail" = 0 ] && say "ok: layers"
exit "$fail"
