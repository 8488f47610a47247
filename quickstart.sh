#!/bin/sh
# quickstart.sh - set up a fresh Debian/Ubuntu or RHEL/Fedora machine and
# build certtrack in _build/.
#
#   ./quickstart.sh [ARGS]   install what is missing, build, run certtrack ARGS
#                            (no ARGS: the interactive interface)
#   ./quickstart.sh test     the same set-up, then build with warnings as
#                            errors and sanitizers, and run every test
set -eu

top=$(cd "$(dirname "$0")" && pwd)
cd "$top"

say() { printf '%s\n' "quickstart: $*" >&2; }

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		say "need root to install packages, and sudo is missing: run as root: $*"
		exit 4
	fi
}

deb_pkgs="build-essential autoconf automake autopoint gettext pkg-config
	libncurses-dev libsqlite3-dev libcurl4-openssl-dev libjansson-dev libpq-dev"
# Only what the tests need: tmux drives the interface, jq reads JSON output,
# sqlite3 crafts damaged databases, chromium renders the HTML report, and the
# remote checks run against a real registry and git server on 127.0.0.1;
# python3-jsonschema and xmllint validate lint's SARIF and JUnit output;
# postgresql gives the throwaway server the PostgreSQL backend is tested on.
deb_test_pkgs="libcmocka-dev tmux valgrind locales sqlite3 jq chromium
	docker-registry lighttpd lighttpd-mod-openssl apache2-utils openssl git curl
	python3-jsonschema libxml2-utils clang libclang-rt-dev postgresql"
rpm_pkgs="gcc make autoconf automake gettext-devel pkgconf-pkg-config
	ncurses-devel sqlite-devel libcurl-devel jansson-devel libpq-devel"
rpm_test_pkgs="libcmocka-devel tmux valgrind glibc-langpack-de glibc-langpack-ja sqlite jq
	chromium docker-distribution lighttpd lighttpd-mod-openssl httpd-tools openssl git curl
	python3-jsonschema libxml2 clang compiler-rt postgresql-server util-linux"

# RHEL and its rebuilds keep libcmocka-devel, jq and tmux in CodeReady
# Builder (CRB) and EPEL, which are off by default: turn them on.
enable_rhel_repos() {
	[ -r /etc/os-release ] || return 0
	# shellcheck disable=SC1091
	. /etc/os-release
	case " ${ID:-} ${ID_LIKE:-} " in
	*" rhel "*) ;;
	*) return 0 ;;
	esac
	[ "${ID:-}" = fedora ] && return 0
	major=${VERSION_ID%%.*}
	if [ "${ID:-}" = rhel ]; then
		if command -v subscription-manager >/dev/null 2>&1; then
			as_root subscription-manager repos --enable \
				"codeready-builder-for-rhel-$major-$(uname -m)-rpms" >/dev/null ||
				say "could not enable CodeReady Builder; enable it and run again"
		fi
	else
		as_root dnf config-manager --set-enabled crb 2>/dev/null ||
			as_root dnf config-manager --set-enabled powertools 2>/dev/null || true
	fi
	rpm -q epel-release >/dev/null 2>&1 ||
		as_root dnf install -y -q epel-release 2>/dev/null ||
		say "EPEL is not available here: install the epel-release package for RHEL $major, or the tests that need its packages are skipped"
}

# install_deps [test]: the build dependencies, and those of the tests.
install_deps() {
	if command -v apt-get >/dev/null 2>&1; then
		missing=""
		pkgs=$deb_pkgs
		[ "${1:-}" = test ] && pkgs="$pkgs $deb_test_pkgs"
		for p in $pkgs; do
			dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
				missing="$missing $p"
		done
		if [ -n "$missing" ]; then
			say "installing:$missing"
			as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
			# shellcheck disable=SC2086
			as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
		fi
	elif command -v dnf >/dev/null 2>&1; then
		missing=""
		pkgs=$rpm_pkgs
		[ "${1:-}" = test ] && pkgs="$pkgs $rpm_test_pkgs"
		for p in $pkgs; do
			rpm -q "$p" >/dev/null 2>&1 || missing="$missing $p"
		done
		if [ -n "$missing" ]; then
			say "installing:$missing"
			enable_rhel_repos
			# Test tools some releases lack (chromium lives in EPEL on
			# RHEL) are skipped; their tests then say they were skipped.
			# shellcheck disable=SC2086
			as_root dnf install -y -q --setopt=strict=0 $missing
			for p in $rpm_pkgs; do
				rpm -q "$p" >/dev/null 2>&1 || {
					say "could not install $p; install it and run again"
					exit 4
				}
			done
		fi
	else
		say "neither apt-get nor dnf found: install a C compiler, autotools, gettext, pkg-config and the ncursesw, sqlite3, libcurl, jansson and cmocka development packages, then run again"
		exit 4
	fi
}

# Builds into _build/$1 with configure options $2 (make target $3, else all).
build() {
	dir="_build/$1"
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
		say "generating configure"
		autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
	fi
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$(cat "$dir/.options" 2>/dev/null)" != "$2" ]; then
		say "configuring $dir"
		# shellcheck disable=SC2086
		(cd "$dir" && ../../configure $2 >configure.out) || {
			cat "$dir/configure.out" >&2
			exit 4
		}
		printf '%s' "$2" >"$dir/.options"
	fi
	say "building $dir"
	# shellcheck disable=SC2086
	make -C "$dir" -j"$(nproc 2>/dev/null || echo 2)" ${3:-} >/dev/null
}

install_deps "${1:-}"

if [ "${1:-}" = test ]; then
	build test "--enable-werror --enable-sanitizers --enable-debug --with-postgresql"
	say "running the test suite"
	status=0
	make -C _build/test -j"$(nproc 2>/dev/null || echo 2)" check || status=$?
	# The fuzz harnesses, a fixed number of executions each, built with
	# clang in a folder of their own (the sanitizer build stays as it is).
	fuzz="fuzz-smoke skipped (no clang)"
	if command -v clang >/dev/null 2>&1; then
		build fuzz "CC=clang --enable-fuzzing" libcertcore.a
		say "running the fuzz smoke"
		make -C _build/fuzz fuzz-smoke >_build/fuzz/smoke.log 2>&1 || status=1
		grep '^fuzz-smoke: ' _build/fuzz/smoke.log >&2 || tail -n 20 _build/fuzz/smoke.log >&2
		fuzz=$(grep '^fuzz-smoke: [0-9]* targets' _build/fuzz/smoke.log || echo "fuzz-smoke failed to build")
	fi
	# One closing line that any CI can read.
	pass=$(cat _build/test/tests/*/*.trs 2>/dev/null | grep -c '^:test-result: PASS' || true)
	fail=$(cat _build/test/tests/*/*.trs 2>/dev/null | grep -c '^:test-result: \(FAIL\|ERROR\|XPASS\)' || true)
	skip=$(cat _build/test/tests/*/*.trs 2>/dev/null | grep -c '^:test-result: SKIP' || true)
	if [ "$status" != 0 ]; then
		for log in _build/test/tests/*/*.log; do
			if grep -q '^:test-result: \(FAIL\|ERROR\)' "${log%.log}.trs" 2>/dev/null; then
				printf '\n===== %s =====\n' "$log"
				tail -n 60 "$log"
			fi
		done
	fi
	echo "$pass passed, $fail failed, $skip skipped; $fuzz"
	exit "$status"
fi

build run ""
exec ./_build/run/certtrack "$@"
