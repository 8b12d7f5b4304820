#!/usr/bin/env bash
# Incremental rebuilds in `sitegen serve` on a generated corpus: the first build, a rebuild with
# nothing changed (a page saved with the same bytes) and a rebuild after editing one page.
# Usage: bench/incremental.sh [N]   (default 10000; the corpus is made by bench/run.sh or gen.py)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
N="${1:-10000}"
BENCH_DIR="${BENCH_DIR:-/dev/shm/sitegen-bench}"
C="$BENCH_DIR/corpus-$N"
SITEGEN="${SITEGEN:-$repo/.build/release/sitegen}"
[ -x "$SITEGEN" ] || (cd "$repo" && swift build -c release >/dev/null)
[ -d "$C/sitegen/content" ] || python3 "$here/gen.py" --pages "$N" --out "$C" --seed "${SEED:-1}"
work="$BENCH_DIR/incremental-$N"
rm -rf "$work" && mkdir -p "$work" && cp -r "$C/sitegen/." "$work/"
[ -d "$C/sitegen/source-texts" ] || true
log="$work/serve.log"
cd "$work"
stdbuf -oL "$SITEGEN" serve --templates "$repo/templates" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
wait_for() { # pattern, count
    for _ in $(seq 1200); do
        [ "$(grep -c -- "$1" "$log" || true)" -ge "$2" ] && return 0
        sleep 0.1
    done
    echo "timed out waiting for '$1'"; cat "$log"; exit 1
}
wait_for "rebuilt in" 1                   # the first build
pages=(content/actors/*.md)
page="${pages[0]}"
sleep 1
touch "$page"                              # same bytes: nothing changed
wait_for "rebuilt in" 2
sleep 1
printf '\nOne more sentence, added by the benchmark.\n' >> "$page"   # one page edited
wait_for "rebuilt in" 3
grep -E "built|rebuilt" "$log"
