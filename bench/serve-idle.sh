#!/usr/bin/env bash
# Idle CPU of `sitegen serve` on a generated corpus: after the first build, the process's CPU time
# (user + sys, from /proc/PID/stat) over DURATION seconds while nothing changes; then one edit, to check
# that the watcher still works. Runs with inotify (the default on Linux) and with the polling fallback
# (SITEGEN_WATCH=poll) for comparison.
# Usage: bench/serve-idle.sh [N] [DURATION]   (defaults 10000 pages, 20 s)
# Environment: SITEGEN (binary; default .build/release/sitegen, built if missing), BENCH_DIR, SEED,
#              MODES (default "inotify poll").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
N="${1:-10000}"
DURATION="${2:-20}"
BENCH_DIR="${BENCH_DIR:-/dev/shm/sitegen-bench}"
C="$BENCH_DIR/corpus-$N"
SITEGEN="${SITEGEN:-$repo/.build/release/sitegen}"
MODES="${MODES:-inotify poll}"
[ -x "$SITEGEN" ] || (cd "$repo" && swift build -c release >/dev/null)
[ -d "$C/sitegen/content" ] || python3 "$here/gen.py" --pages "$N" --out "$C" --seed "${SEED:-1}"
work="$BENCH_DIR/serve-idle-$N"
rm -rf "$work" && mkdir -p "$work" && cp -r "$C/sitegen/." "$work/"
hz="$(getconf CLK_TCK)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null || true' EXIT

ticks() { # utime + stime of a process, in clock ticks (fields 14 and 15, counted after the command name)
    sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

wait_for() { # log, pattern, count
    for _ in $(seq 3000); do
        [ "$(grep -c -- "$2" "$1" || true)" -ge "$3" ] && return 0
        sleep 0.1
    done
    echo "timed out waiting for '$2'"; cat "$1"; exit 1
}

pages=("$work"/content/actors/*.md)
page="${pages[0]}"
rows=()
for mode in $MODES; do
    log="$work/serve-$mode.log"
    cd "$work"
    if [ "$mode" = poll ]; then
        SITEGEN_WATCH=poll "$SITEGEN" serve --templates "$repo/templates" --port 0 >"$log" 2>&1 &
    else
        "$SITEGEN" serve --templates "$repo/templates" --port 0 >"$log" 2>&1 &
    fi
    pid=$!
    wait_for "$log" "rebuilt in" 1
    first="$(grep -m1 "rebuilt in" "$log" | sed 's/ (.*//')"
    sleep 2                                   # let the first build's threads wind down
    t0="$(ticks "$pid")"; s0="$(date +%s.%N)"
    sleep "$DURATION"
    t1="$(ticks "$pid")"; s1="$(date +%s.%N)"
    rss="$(rss_mb "$pid")"
    cpu="$(awk -v t="$((t1 - t0))" -v hz="$hz" -v a="$s0" -v b="$s1" 'BEGIN {printf "%.2f", 100 * t / hz / (b - a)}')"
    secs="$(awk -v t="$((t1 - t0))" -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')"
    printf '\nOne more sentence, added by the idle benchmark.\n' >> "$page"
    wait_for "$log" "rebuilt in" 2
    edit="$(grep "rebuilt in" "$log" | sed -n 2p | sed 's/ (.*//')"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    rows+=("| $mode | $cpu % | $secs s in ${DURATION} s | $rss MB | $first | $edit |")
done
echo
echo "sitegen serve, $N pages, idle for $DURATION s after the first build ($(nproc) cores)"
echo
echo "| watcher | idle CPU | CPU time | RSS | first build | after one edit |"
echo "|---|---:|---:|---:|---|---|"
printf '%s\n' "${rows[@]}"
