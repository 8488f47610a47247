#!/bin/sh
# wrap.sh - runs one unit test program, under valgrind when
# CERTTRACK_VALGRIND=1 (make check-valgrind).
if [ "${CERTTRACK_VALGRIND:-0}" = 1 ]; then
	exec valgrind --quiet --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect "$@"
fi
exec "$@"
