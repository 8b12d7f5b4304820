#!/usr/bin/env bash
# Benchmark sitegen against Hugo and a libcmark floor on a synthetic wiki.
#
#   bench/run.sh [options] [N] [RUNS]        N pages (default 10000), RUNS timed runs (default 5)
#   bench/run.sh --profile [N]               callgrind profile of sitegen (bench/profile.sh)
#
# Options:
#   --no-build         do not run `swift build -c release`; use the existing .build/release/sitegen
#   --only LIST        measure only these tools, comma-separated: sitegen,hugo,floor
#   --minimal          generate the corpus with gen.py --minimal (no quotes, figures, events,
#                      heading links or callouts), for an engine that lacks them
#   -h, --help         this help
# Environment:
#   SITEGEN=PATH       the sitegen binary to measure (implies --no-build)
#   BENCH_DIR=DIR      work folder (default /dev/shm/sitegen-bench, on tmpfs; a folder on a disk measures the disk)
#   FLOOR_JOBS=N       threads for the floor (default: nproc, like sitegen and Hugo)
#   SEED=S             gen.py seed (default 1)
#   NICE="nice -n 19"  prefix for every timed command (default none: timings assume an idle machine)
#
# Each run's output goes to BENCH_DIR and is deleted before the next run (not timed). After one
# untimed warm-up run per tool, the tools are run in turn (sitegen, hugo, floor, sitegen, ...)
# RUNS times each under bench/measure.py (wall clock around fork/wait; CPU time and peak RSS
# from the child's rusage, as /usr/bin/time reports them, at finer resolution). The table
# reports medians of wall and user+sys CPU time and the largest peak RSS. It is printed and also written to bench/out/results-N.md, with every
# run in bench/out/runs-N.tsv.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

build=1
only="sitegen,hugo,floor"
minimal=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) shift; exec "$here/profile.sh" "$@" ;;
        --no-build) build=0 ;;
        --only) only="$2"; shift ;;
        --only=*) only="${1#--only=}" ;;
        --minimal) minimal="--minimal" ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) args+=("$1") ;;
    esac
    shift
done
N=${args[0]:-10000}
RUNS=${args[1]:-5}
case "$N$RUNS" in *[!0-9]*) echo "run.sh: N and RUNS must be numbers" >&2; exit 2 ;; esac
W=${BENCH_DIR:-/dev/shm/sitegen-bench}
FLOOR_JOBS=${FLOOR_JOBS:-$(nproc)}
SEED=${SEED:-1}
NICE=${NICE:-}
[ -n "${SITEGEN:-}" ] && build=0
want() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

say() { printf '%s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {   # apt_install PACKAGE...
    say "installing $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || {
        as_root apt-get update -qq >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    }
}

# ---- tools ---------------------------------------------------------------------------------
[ -x /usr/bin/time ] || apt_install time   # bench/measure.py reads peak RSS from it
want hugo && { command -v hugo >/dev/null || apt_install hugo; }
if [ "$build" = 1 ] && want sitegen; then
    [ -f /usr/include/cmark.h ] || apt_install libcmark-dev
    [ -f /usr/include/mimalloc.h ] || apt_install libmimalloc-dev
fi
if want floor; then
    [ -f /usr/include/cmark.h ] || apt_install libcmark-dev
    command -v cc >/dev/null || apt_install gcc
fi

mkdir -p "$W"
if want floor; then
    cc -O2 -pthread -o "$W/floor" "$here/floor.c" -lcmark
fi

if want sitegen; then
    if [ "$build" = 1 ]; then
        say "building sitegen (swift build -c release)"
        (cd "$repo" && swift build -c release >&2)
        SITEGEN="$(cd "$repo" && swift build -c release --show-bin-path)/sitegen"
    fi
    SITEGEN=${SITEGEN:-$repo/.build/release/sitegen}
    [ -x "$SITEGEN" ] || { say "no sitegen binary at $SITEGEN"; exit 1; }
fi

# ---- corpus --------------------------------------------------------------------------------
C="$W/corpus-$N${minimal:+-minimal}"
stamp="$(sha256sum "$here/gen.py" | cut -c1-16) $N $SEED $minimal"
if [ ! -f "$C/.stamp" ] || [ "$(cat "$C/.stamp")" != "$stamp" ]; then
    say "generating $N pages into $C"
    rm -rf "$C"
    python3 "$here/gen.py" --pages "$N" --out "$C" --seed "$SEED" $minimal
    echo "$stamp" > "$C/.stamp"
fi
TEMPLATES=${TEMPLATES:-$repo/templates}

# The commands measured (OUT is the output folder). Adjust here if sitegen's flags change.
set_cmd() {   # set_cmd TOOL OUT: sets the array cmd
    case "$1" in
        sitegen) cmd=("$SITEGEN" build --quiet --content "$C/sitegen/content"
                      --templates "$TEMPLATES" --output "$2" --config "$C/sitegen/sitegen.yml") ;;
        hugo) cmd=(hugo --quiet --source "$C/hugo" --destination "$2" --cacheDir "$W/hugo-cache") ;;
        floor) cmd=("$W/floor" -q -j "$FLOOR_JOBS" "$C/sitegen/content" "$2") ;;
    esac
}

tools=()
for t in sitegen hugo floor; do want "$t" && tools+=("$t"); done
[ ${#tools[@]} -gt 0 ] || { say "nothing to measure (--only $only)"; exit 2; }

out_dir="$here/out"
mkdir -p "$out_dir"
tsv="$out_dir/runs-$N.tsv"
printf 'tool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\texit\n' > "$tsv"
declare -A failed=()

# run_one TOOL RUN: one timed run, appended to the TSV; returns the command's status
run_one() {
    local t=$1 r=$2 o="$W/out-$1" status=0 line
    rm -rf "$o" "$W/hugo-cache"
    set_cmd "$t" "$o"
    line=$(python3 "$here/measure.py" --log "$W/log-$t.txt" -- $NICE "${cmd[@]}") || status=$?
    printf '%s\t%s\t%s\n' "$t" "$r" "$line" >> "$tsv"
    return $status
}

say "warm-up: ${tools[*]}"
for t in "${tools[@]}"; do
    if ! run_one "$t" 0; then
        failed[$t]=1
        say "$t FAILED (exit status $(tail -n 1 "$tsv" | cut -f7)); last lines of its output:"
        tail -n 20 "$W/log-$t.txt" >&2
    fi
done
for ((r = 1; r <= RUNS; r++)); do
    say "run $r/$RUNS"
    for t in "${tools[@]}"; do
        [ -n "${failed[$t]:-}" ] && continue
        run_one "$t" "$r" || { failed[$t]=1; say "$t failed on run $r"; tail -n 20 "$W/log-$t.txt" >&2; }
    done
done

# output sizes of the last run
sizes=""
for t in "${tools[@]}"; do
    o="$W/out-$t"
    if [ -d "$o" ]; then
        sizes+="$t $(find "$o" -type f | wc -l) $(du -sb "$o" | cut -f1);"
    fi
done

hugo_v=$(command -v hugo >/dev/null && hugo version 2>/dev/null | awk '{print $2}' | sed 's/+.*//' || true)
cmark_v=$(dpkg-query -W -f='${Version}' libcmark-dev 2>/dev/null | sed 's/-.*//' || true)
swift_v=$(swift --version 2>/dev/null | head -n 1 | sed 's/.*Swift version \([^ ]*\).*/\1/' || true)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')

fs=$(stat -f -c %T "$W" 2>/dev/null || echo unknown)
python3 - "$tsv" "$C/corpus.json" "$N" "$RUNS" "$FLOOR_JOBS" "$sizes" "$hugo_v" "$cmark_v" \
    "$swift_v" "$(nproc)" "$cpu" "${!failed[*]}" "$fs" > "$out_dir/results-$N.md" <<'PY'
import csv, json, statistics, sys
tsv, corpus, n, runs, fj, sizes, hugo_v, cmark_v, swift_v, ncpu, cpu, failed, fs = sys.argv[1:]
n = int(n)
info = json.load(open(corpus))
failed = set(failed.split())
rows = {}
for row in csv.DictReader(open(tsv), delimiter="\t"):
    if row["run"] == "0" or row["exit"] != "0":
        continue
    rows.setdefault(row["tool"], []).append(row)
size = {}
for part in filter(None, sizes.split(";")):
    t, files, b = part.split()
    size[t] = (int(files), int(b))
names = {"sitegen": "sitegen" + (" (Swift %s)" % swift_v if swift_v else ""),
         "hugo": "Hugo %s" % hugo_v,
         "floor": "libcmark %s floor, %s thread%s" % (cmark_v, fj, "" if fj == "1" else "s")}
stat = {}
for t, rs in rows.items():
    wall = statistics.median(float(r["wall_s"]) for r in rs)
    cpu_t = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in rs)
    rss = max(int(r["maxrss_kb"]) for r in rs) / 1024
    stat[t] = (wall, cpu_t, rss, len(rs))

def fmt_s(x):
    return "%.3f s" % x if x < 10 else "%.2f s" % x if x < 100 else "%.0f s" % x

def ratio(a, b):
    return "%.2f×" % (a / b) if b > 0 else "n/a"

print("## sitegen benchmark: %d pages" % n)
print()
print("Corpus: %d pages (%s), %.1f MB of Markdown for sitegen, %.1f MB for Hugo; %d wiki links, "
      "%d citations%s. Machine: %s cores, %s. Medians of %s runs after one warm-up, output on "
      "%s." % (n, ", ".join("%d %s" % (v, k) for k, v in info["kinds"].items()),
                  info["sitegen_md_bytes"] / 1e6, info["hugo_md_bytes"] / 1e6,
                  info["wiki_links"], info["citations"],
                  "" if info.get("minimal") else " (%d with quotes), %d figures, %d events" % (
                      info["quoted_citations"], info["figures"], info["events"]),
                  ncpu, cpu, runs, fs))
print()
print("| tool | wall (median) | CPU user+sys (median) | peak memory (max RSS) | pages/s (wall) "
      "| output |")
print("|---|---:|---:|---:|---:|---:|")
for t in ("sitegen", "hugo", "floor"):
    if t in stat:
        wall, cpu_t, rss, k = stat[t]
        out = "%d files, %.1f MB" % (size[t][0], size[t][1] / 1e6) if t in size else ""
        print("| %s | %s | %s | %.0f MB | %.0f | %s |" % (
            names[t], fmt_s(wall), fmt_s(cpu_t), rss, n / max(wall, 1e-9), out))
    elif t in failed:
        print("| %s | failed | | | | |" % names[t])
print()
if "sitegen" in stat and ("hugo" in stat or "floor" in stat):
    print("| ratio | wall | CPU | peak memory |")
    print("|---|---:|---:|---:|")
    s = stat["sitegen"]
    for t, label in (("hugo", "sitegen / Hugo"), ("floor", "sitegen / floor")):
        if t in stat:
            o = stat[t]
            print("| %s | %s | %s | %s |" % (label, ratio(s[0], o[0]), ratio(s[1], o[1]),
                                              ratio(s[2], o[2])))
    print()
    print("Below 1× sitegen is faster or smaller; above 1× it is slower or larger.")
PY
cat "$out_dir/results-$N.md"
say "runs: $tsv"
[ ${#failed[@]} -eq 0 ]
