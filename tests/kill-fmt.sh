#!/usr/bin/env bash
# Nothing lost at scale: `currents fmt` on a folder of 20,000 pages is
# killed with SIGKILL at a random moment, several times. After each kill
# every page must be its original bytes or its canonical bytes (those of a
# complete fmt run), nothing may vanish, and the only extra files may be
# the temporary `.currents-*.tmp` files of writes cut short. A second run
# then finishes the job: the folder equals the fully formatted copy.
#
# usage: tests/kill-fmt.sh [BINARY] [PAGES] [ROUNDS]
#   BINARY  default target/release/currents (built if missing)
#   PAGES   default 20000     ROUNDS  default 5
#
# Pages come from ../shared/tools/scale-corpus when it exists (CI has it
# beside the checkout); otherwise the event pages of tests/corpus are
# copied into distinct day folders (also with SCALE_CORPUS=none). Needs
# bash, coreutils and diff.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$repo/target/release/currents}"
pages="${2:-20000}"
rounds="${3:-5}"
if [ ! -x "$bin" ]; then
  (cd "$repo" && cargo build --release --locked -q)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "-- building $pages pages"
scale="${SCALE_CORPUS:-$repo/../shared/tools/scale-corpus}"
if [ -x "$scale" ] && command -v python3 >/dev/null; then
  python3 "$scale" "$repo/tests/corpus/thecontext" "$work/orig" "$pages"
else
  echo "   (no ../shared/tools/scale-corpus: copying tests/corpus pages into day folders)"
  mapfile -t sources < <(find "$repo/tests/corpus/thecontext/news" -name '*.md' \
    ! -name index.md ! -name README.md | sort)
  for ((i = 0; i < pages; i++)); do
    day=$((i / 15))
    dir="$work/orig/news/$((2000 + day / 336))/$(printf %02d $((day / 28 % 12 + 1)))/$((day % 28 + 1))"
    [ $((i % 15)) -eq 0 ] && mkdir -p "$dir"
    src="${sources[i % ${#sources[@]}]}"
    name="$(basename "$src" .md)"
    cp "$src" "$dir/${name:0:120}-$i.md"
  done
fi
total=$(find "$work/orig" -type f | wc -l)

echo "-- the canonical copy (one complete run)"
cp -r "$work/orig" "$work/canon"
start=$(date +%s%N)
"$bin" fmt -q "$work/canon" 2>"$work/canon.err" || true
full_ms=$((($(date +%s%N) - start) / 1000000))
changed=$(diff -rq "$work/orig" "$work/canon" | wc -l || true)
echo "   $total files, $changed change under fmt, a full run takes ${full_ms} ms"
[ "$changed" -gt 0 ] || { echo "fmt changed nothing: no test"; exit 1; }
if find "$work/canon" -name '.currents-*.tmp' | grep -q .; then
  echo "a complete run left temporary files"; exit 1
fi

for ((round = 1; round <= rounds; round++)); do
  rm -rf "$work/run"
  cp -r "$work/orig" "$work/run"
  # A random moment within the round-th slice of a full run's time, so
  # the rounds spread from "just started" to "nearly done".
  delay_ms=$((full_ms * (round - 1) / rounds + RANDOM % (full_ms / rounds + 1)))
  "$bin" fmt -q "$work/run" 2>/dev/null &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null && how="killed" || how="finished before the kill"
  wait "$pid" 2>/dev/null || true

  # diff -rq lists files that differ and files only on one side.
  rewritten=0
  temps=0
  while IFS= read -r line; do
    case "$line" in
      "Files $work/orig/"*" and $work/run/"*" differ")
        rel="${line#"Files $work/orig/"}"
        rel="${rel%% and *}"
        if ! cmp -s "$work/run/$rel" "$work/canon/$rel"; then
          echo "round $round: $rel is neither original nor canonical"; exit 1
        fi
        rewritten=$((rewritten + 1)) ;;
      "Only in $work/run"*": .currents-"*".tmp")
        temps=$((temps + 1)) ;;
      *)
        echo "round $round: $line"; exit 1 ;;
    esac
  done < <(diff -rq "$work/orig" "$work/run" || true)
  echo "   round $round: $how after ${delay_ms} ms: $rewritten rewritten, $((total - rewritten)) original, $temps temporary files"

  # Running again finishes the job.
  "$bin" fmt -q "$work/run" 2>/dev/null || true
  if ! diff -rq -x '.currents-*.tmp' "$work/canon" "$work/run" >/dev/null; then
    echo "round $round: a second run does not give the canonical folder"; exit 1
  fi
done
echo "kill-fmt: every file original or canonical after $rounds SIGKILLs"
