#!/bin/sh
# bench/lint.sh - growth of the Dockerfile pre-scan (certtrack lint) with the
# size of the Dockerfile, as ratios within one run (never absolute limits:
# the machine may be shared). Not part of make check. Run from a build
# directory: sh ../../bench/lint.sh
#
#   instructions: 1k, 10k, 100k instructions in one stage (RUN, ENV,
#                 LABEL, COPY in turn);
#   stage chains: 1k, 4k, 20k stages, each FROM the one before with one
#                 ENV (issue 11: every FROM copied its parent's whole
#                 environment, quadratic);
#   copy --from:  the same chains, each stage copying /licenses from the
#                 stage two back (looking back through stages is bounded).
# For each size: best wall-clock time of 3 runs and peak memory (max RSS),
# and the ratio of time and memory per instruction against the smallest
# size. Linear growth keeps the per-instruction ratio near 1 (it may fall
# below 1 as start-up costs spread out); quadratic growth multiplies it by
# the size factor (10 and 100, or 4 and 20).
set -eu
build=$(pwd)
ct="$build/certtrack"
[ -x "$ct" ] || { echo "bench/lint.sh: run from a build directory (no ./certtrack)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "bench/lint.sh: needs python3 to write the Dockerfiles" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

gen() { # gen KIND N DIR
	python3 - "$1" "$2" "$3" <<'PY'
import os, sys
kind, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(d + "/licenses", exist_ok=True)
open(d + "/licenses/LICENSE", "w").write("license\n")
out = []
if kind == "instr":
    out.append("FROM registry.redhat.io/ubi8/ubi:8.6")
    i = 0
    while len(out) < n:
        k = i % 4
        if k == 0:
            out.append("RUN dnf install -y python3-acme-%d-${V%d} && rm -rf /var/cache/dnf" % (i, i - 1))
        elif k == 1:
            out.append("ENV V%d=value%d" % (i, i))
        elif k == 2:
            out.append('LABEL l%d="x"' % i)
        else:
            out.append("COPY licenses/ /licenses/")
        i += 1
elif kind == "bomb":
    # about 1 KiB: ARGs doubling to 4 MiB, then RUNs each expanding past
    # the 8 MiB a command may reach (refused, exit 3)
    out.append("FROM registry.redhat.io/ubi8/ubi:8.6")
    out.append("ARG A0=x")
    for i in range(1, 23):
        out.append("ARG A%d=${A%d}${A%d}" % (i, i - 1, i - 1))
    for i in range(n):
        out.append("RUN echo $A22$A22$A22 > /tmp/x%d" % i)
elif kind == "from":
    out.append("FROM registry.redhat.io/ubi8/ubi:8.6 AS s0")
    out.append("RUN true")
    for i in range(1, n):
        out.append("FROM s%d AS s%d" % (i - 1, i))
        out.append("COPY --from=s%d /licenses /licenses" % max(i - 2, 0))
else:
    out.append("FROM registry.redhat.io/ubi8/ubi:8.6 AS s0")
    out.append("ENV V0=v0")
    for i in range(1, n):
        out.append("FROM s%d AS s%d" % (i - 1, i))
        out.append("ENV V%d=v%d" % (i, i))
out.append('LABEL name=a maintainer=b vendor=c version=1 release=1 summary=s description=d')
out.append("COPY licenses/ /licenses/")
out.append("USER 1001")
open(d + "/Dockerfile", "w").write("\n".join(out) + "\n")
PY
}

# measure DIR: "MS KB" - best of 3 wall-clock times, the largest max RSS
measure() {
	b="" m=0
	for _ in 1 2 3; do
		s=$(date +%s%N)
		if command -v /usr/bin/time >/dev/null 2>&1; then
			/usr/bin/time -f %M -o "$tmp/rss" "$ct" lint --name bench "$1" >/dev/null 2>&1 || true
			r=$(tail -1 "$tmp/rss")
		else
			"$ct" lint --name bench "$1" >/dev/null 2>&1 || true
			r=0
		fi
		e=$(date +%s%N)
		t=$(((e - s) / 1000000))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
		if [ "$r" -gt "$m" ]; then m=$r; fi
	done
	echo "$b $m"
}

series() { # series KIND LABEL N1 N2 N3
	kind=$1 label=$2
	shift 2
	base_t="" base_m="" base_n=""
	for n in "$@"; do
		d="$tmp/$kind-$n"
		gen "$kind" "$n" "$d"
		set -- $(measure "$d")
		t=$1 m=$2
		if [ -z "$base_t" ]; then base_t=$t base_m=$m base_n=$n; fi
		awk -v n="$n" -v t="$t" -v m="$m" -v bn="$base_n" -v bt="$base_t" -v bm="$base_m" -v l="$label" 'BEGIN {
			if (bt < 1) bt = 1; if (bm < 1) bm = 1; if (t < 1) t = 1
			f = n / bn
			printf "%-13s %7d: %7d ms %8d KB  time x%.1f, memory x%.1f for x%.0f the size; per instruction: time %.2f, memory %.2f\n",
			       l, n, t, m, t / bt, m / bm, f, (t / bt) / f, (m / bm) / f
		}'
	done
}

echo "certtrack lint: growth with the Dockerfile's size (ratios against the smallest)"
series instr instructions 1000 10000 100000
series chain "stage chain" 1000 4000 20000
series from "copy --from" 1000 4000 20000

# A hostile file is refused once its first command goes over the limit:
# more such commands after it must cost nothing more.
echo "certtrack lint: expansion bombs (1 KiB files, refused), against the first"
series bomb "bomb RUNs" 1 10 40
