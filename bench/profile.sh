#!/usr/bin/env bash
# Profile one sitegen build under callgrind and print the functions that cost the most.
#
#   bench/profile.sh [--no-build] [--minimal] [N]     N pages (default 500)
#   bench/run.sh --profile [N]                        the same
#
# Generates an N-page corpus on tmpfs (BENCH_DIR, default /dev/shm/sitegen-bench), builds sitegen
# in release mode (unless --no-build or SITEGEN=PATH), runs it once under
# `valgrind --tool=callgrind`, and prints callgrind_annotate's top functions by exclusive cost
# (instructions spent in the function itself) and by inclusive cost (with its callees), with
# Swift names demangled when `swift demangle` is there. Valgrind runs the program ~50x slower:
# keep N small. The raw profile stays in BENCH_DIR/callgrind.out for kcachegrind or
# `callgrind_annotate --tree=caller`. TOP=N changes how many functions are listed (default 30).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
build=1
minimal=""
N=500
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0 ;;
        --minimal) minimal="--minimal" ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
        *) N=$1 ;;
    esac
    shift
done
W=${BENCH_DIR:-/dev/shm/sitegen-bench}
TOP=${TOP:-30}
SEED=${SEED:-1}
[ -n "${SITEGEN:-}" ] && build=0

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
    echo "installing valgrind" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null 2>&1 || {
        as_root apt-get update -qq >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
    }
fi

# Valgrind 3.19 cannot read the DWARF 5 debug information that Swift 6 emits: the profiled build uses
# DWARF 4, in a build folder of its own so that it does not disturb the normal release build.
profile_build=(swift build -c release --scratch-path "$repo/.build-profile" -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4)
if [ "$build" = 1 ]; then
    echo "building sitegen (${profile_build[*]})" >&2
    (cd "$repo" && "${profile_build[@]}" >&2)
    SITEGEN="$(cd "$repo" && "${profile_build[@]}" --show-bin-path)/sitegen"
fi
SITEGEN=${SITEGEN:-$repo/.build-profile/release/sitegen}
[ -x "$SITEGEN" ] || { echo "no sitegen binary at $SITEGEN" >&2; exit 1; }
TEMPLATES=${TEMPLATES:-$repo/templates}

mkdir -p "$W"
C="$W/corpus-$N${minimal:+-minimal}"
stamp="$(sha256sum "$here/gen.py" | cut -c1-16) $N $SEED $minimal"
if [ ! -f "$C/.stamp" ] || [ "$(cat "$C/.stamp")" != "$stamp" ]; then
    rm -rf "$C"
    python3 "$here/gen.py" --pages "$N" --out "$C" --seed "$SEED" $minimal
    echo "$stamp" > "$C/.stamp"
fi

out="$W/out-profile"
rm -rf "$out"
prof="$W/callgrind.out"
echo "profiling: $SITEGEN build on $N pages (valgrind log: $W/valgrind.log)" >&2
valgrind --tool=callgrind --callgrind-out-file="$prof" --log-file="$W/valgrind.log" \
    "$SITEGEN" build --quiet --content "$C/sitegen/content" --templates "$TEMPLATES" \
    --output "$out" --config "$C/sitegen/sitegen.yml" > "$W/sitegen-profile.log" 2>&1 || {
    echo "sitegen failed under valgrind; its output:" >&2
    tail -n 30 "$W/sitegen-profile.log" >&2
    exit 1
}

demangle() {
    if command -v swift >/dev/null && swift demangle --simplified </dev/null >/dev/null 2>&1; then
        swift demangle --simplified
    else
        cat
    fi
}
# callgrind_annotate prints a header, then one line per function: "COST (PCT)  file:function".
# Long demangled Swift names are cut to keep the table readable.
show() {   # show TITLE OPTIONS...
    local title=$1; shift
    echo "## $title"
    echo
    echo '```'
    callgrind_annotate "$@" "$prof" 2>/dev/null | awk '
        on && /^-+$/ { next }
        on && NF > 0 { print }
        /file:function/ { on = 1 }' |
        grep -Ev '\(below main\)|libc-start\.c|ld-linux|/libc_start_call_main' |
        head -n "$TOP" | demangle | cut -c1-200 || true
    echo '```'
    echo
}
total=$(callgrind_annotate "$prof" 2>/dev/null | awk '/PROGRAM TOTALS/ { print $1 }' || true)
echo "# sitegen callgrind profile: $N pages"
echo
echo "Total instructions: $total (Ir). Corpus: $C. Raw profile: $prof"
echo
show "Top $TOP functions by exclusive cost (self)" --inclusive=no
show "Top $TOP functions by inclusive cost (self + callees)" --inclusive=yes
