#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time and fails on a crash, an assertion, a hang or a leak.
#
#   Fuzz/run.sh [SECONDS]        # per target, default 60
#   FUZZ_TARGETS="FuzzPage" Fuzz/run.sh 600
#
# The targets are built optimised (15 times the executions per second of a debug build) with
# `-sanitize=fuzzer,address` into .build-fuzz/ (the root manifest declares
# them only when SITEGEN_FUZZ=1). The seed corpus is every page of content/; the corpus grows in
# .build-fuzz/corpus/TARGET across runs. A failing input is saved as Fuzz/crashes/TARGET-crash-…;
# replay it with `SWIFT_BACKTRACE=enable=no .build-fuzz/release/TARGET Fuzz/crashes/TARGET-crash-…`, and
# once fixed, keep it in Fuzz/regressions/TARGET/, which every run replays first.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
read -r -a targets <<< "${FUZZ_TARGETS:-FuzzFrontMatter FuzzAnnotations FuzzPage}"
scratch=.build-fuzz
flags=(-c release -Xswiftc -enable-testing --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address)

for t in "${targets[@]}"; do
  echo "== build $t"
  mkdir -p "$scratch"
  if ! SITEGEN_FUZZ=1 swift build "${flags[@]}" --product "$t" > "$scratch/build-$t.log" 2>&1; then
    grep -aE "error" "$scratch/build-$t.log" | head -40; echo "building $t failed"; exit 1
  fi
done

# Seeds: the wiki's pages. The first byte of a front-matter or page input picks the page's folder.
seed() {
  local target=$1 dir=$scratch/corpus/$1
  mkdir -p "$dir"
  local f kind byte
  for f in content/*.md content/*/*.md; do
    [ -f "$f" ] || continue
    kind=$(basename "$(dirname "$f")")
    case "$target:$kind" in
      *:countries) byte='\x00' ;; *:actors) byte='\x01' ;; *:policies) byte='\x02' ;;
      FuzzFrontMatter:sources) byte='\x03' ;; FuzzFrontMatter:content) byte='\x05' ;; *) byte='\x03' ;;
    esac
    if [ "$target" = FuzzAnnotations ]; then
      cp "$f" "$dir/seed-$(echo "$f" | tr / -)"
    else
      { printf "$byte"; cat "$f"; } > "$dir/seed-$(echo "$f" | tr / -)"
    fi
  done
}

# Swift's crash backtracer and ASan's report collide (the process hangs); libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no
mkdir -p Fuzz/crashes
failed=()
for t in "${targets[@]}"; do
  seed "$t"
  # FuzzPage: the site's caches keep allocations across inputs, so libFuzzer would scan for leaks after
  # nearly every input (30 times slower); leaks of the annotation pass are FuzzAnnotations' to find.
  leaks=1
  [ "$t" = FuzzPage ] && leaks=0
  if [ -d "Fuzz/regressions/$t" ]; then
    echo "== replay Fuzz/regressions/$t"
    if ! "$scratch/release/$t" Fuzz/regressions/"$t"/* -timeout=10 -detect_leaks=$leaks > "$scratch/$t-regressions.log" 2>&1; then
      echo "FAILED: $t on a saved input"; tail -40 "$scratch/$t-regressions.log"; failed+=("$t"); continue
    fi
  fi
  echo "== fuzz $t for ${seconds}s"
  start=$(date +%s)
  # -timeout: an input that takes 10 s is a hang; -max_len: inputs up to 16 KB (most pages of the wiki).
  if "$scratch/release/$t" "$scratch/corpus/$t" -dict=Fuzz/syntax.dict -max_total_time="$seconds" \
       -timeout=10 -max_len=16384 -rss_limit_mb=4096 -detect_leaks=$leaks -print_final_stats=1 \
       -artifact_prefix="Fuzz/crashes/$t-" > "$scratch/$t.log" 2>&1; then
    grep -aE "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ *DONE" "$scratch/$t.log" | tr '\n' ' '
    echo "ok ($(( $(date +%s) - start )) s)"
  else
    echo "FAILED: $t"; grep -av "^#[0-9]" "$scratch/$t.log" | tail -60
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]} (inputs in Fuzz/crashes/)"; exit 1
fi
echo "fuzzing passed: ${targets[*]}, ${seconds}s each"
