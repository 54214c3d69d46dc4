#!/usr/bin/env bash
# Side-by-side performance of currents, measured in one run on the same files,
# written to BENCHMARKS.md.
#
#   bench/compare.sh [PAGES]        (default 100000; needs ../shared/tools)
#
# Builds a PAGES-page corpus with ../shared/tools/scale-corpus, then times
# (wall clock, best of 5, page cache warm) and measures peak RSS
# (/usr/bin/time, the largest of the runs) for: the floor (examples/floor: read every file, iterate
# pulldown-cmark's events, nothing else), `convert --to jsonl` with -j 1 and
# -j 2, `--to csv`, `--to parquet`, `--to xlsx`, `--to atom --limit 0`, `--to rss` (default limit 50) and
# `fmt --check`; peak RSS again at 20,000 pages; and, on a 2,000-page subset,
# pandoc (-f commonmark -t json, one process per file) and mdformat --check,
# which it installs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pages=${1:-100000}
work=${BENCH_DIR:-/tmp/currents-bench}
scale=../shared/tools/scale-corpus
[ -x "$scale" ] || { echo "needs $scale (the shared tools beside the repo)" >&2; exit 2; }

echo "== building (release)"
cargo build --release --quiet --bin currents --example floor
bin=$root/target/release/currents
floor=$root/target/release/examples/floor

mkdir -p "$work"
corpus_for() { # N -> folder with N event pages
  local n=$1 dir=$work/corpus-$1
  if [ ! -e "$dir/.done" ]; then
    rm -rf "$dir"
    python3 "$scale" ../shared/corpus "$dir" "$n" >/dev/null
    touch "$dir/.done"
  fi
  echo "$dir"
}
big=$(corpus_for "$pages")
small=$(corpus_for 20000)
bytes=$(find "$big" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')
files=$(find "$big" -name '*.md' | wc -l)

# Best wall time of 5 runs (this machine's timings vary by ±20% from run
# to run) and the largest peak RSS of them (a peak depends on thread
# timing), for one command.
measure() { # name, command...   (RUNS=n for fewer runs of slow tools;
  #                                PAIRED=1 to run the floor before each run)
  local name=$1; shift
  local best="" rss=0 floor_best=""
  for _ in $(seq "${RUNS:-5}"); do
    local start end
    if [ -n "${PAIRED:-}" ]; then
      # The floor beside the command: its ratio then compares runs made
      # minutes apart at most, as this machine's speed drifts.
      start=$(date +%s%N); "$floor" "$big" >/dev/null 2>&1; end=$(date +%s%N)
      local floor_secs
      floor_secs=$(awk "BEGIN {printf \"%.3f\", ($end - $start) / 1e9}")
      if [ -z "$floor_best" ] || awk "BEGIN {exit !($floor_secs < $floor_best)}"; then floor_best=$floor_secs; fi
    fi
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
      # fmt --check exits 1 when files would change: that is its answer, not a failure.
      case "$name" in *"fmt --check"*|*mdformat*) ;; *) cat "$work/stderr" >&2; exit 1 ;; esac
    }
    end=$(date +%s%N)
    # Milliseconds from the clock: /usr/bin/time's own figure has 10 ms steps,
    # too coarse for the 2,000-page subset.
    local secs kb
    secs=$(awk "BEGIN {printf \"%.3f\", ($end - $start) / 1e9}")
    kb=$(tail -1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN {exit !($secs < $best)}"; then best=$secs; fi
    if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
  done
  printf '%s\t%s\t%s\t%s\n' "$name" "$best" "$rss" "$floor_best" >>"$work/results.tsv"
  printf '  %-28s %6ss  %7s KiB  %s\n' "$name" "$best" "$rss" "${floor_best:+(floor beside it: ${floor_best}s)}"
}

rm -f "$work/results.tsv"
echo "== $files files, $bytes bytes under $big"
find "$big" -name "*.md" -exec cat {} + >/dev/null # warm the page cache
measure "floor" "$floor" "$big"
PAIRED=1 measure "convert --to jsonl -j 1" "$bin" convert -q -j 1 --to jsonl "$big"
PAIRED=1 measure "convert --to jsonl -j 2" "$bin" convert -q -j 2 --to jsonl "$big"
measure "convert --to csv" "$bin" convert -q --to csv "$big"
PAIRED=1 measure "convert --to parquet" "$bin" convert -q --to parquet "$big"
RUNS=3 PAIRED=1 measure "convert --to xlsx" "$bin" convert -q --to xlsx "$big"
RUNS=3 measure "convert --to atom --limit 0" "$bin" convert -q --to atom --limit 0 --site-url https://example.org --title Bench "$big"
# The whole history kept on disk, a month at a time (docs/feeds.md, "Memory and speed").
RUNS=3 PAIRED=1 measure "convert --to atom --archive" "$bin" convert -q --to atom --archive --site-url https://example.org --title Bench -o "$work/archive" "$big"
RUNS=3 measure "convert --to atom --split-by context --limit 0" "$bin" convert -q --to atom --split-by context --limit 0 --site-url https://example.org --title Bench -o "$work/split" "$big"
RUNS=3 measure "convert --to site --split-by context --archive" "$bin" convert -q --to site --split-by context --archive --site-url https://example.org --title Bench -o "$work/site" "$big"
measure "convert --to rss (limit 50)" "$bin" convert -q --to rss --site-url https://example.org --title Bench "$big"
PAIRED=1 measure "fmt --check" "$bin" fmt --check -q "$big"
measure "fmt --check -j 1" "$bin" fmt --check -q -j 1 "$big"
canon=$work/canonical-$pages
if [ ! -e "$canon/.done" ]; then
  rm -rf "$canon"; cp -r "$big" "$canon"; "$bin" fmt -q "$canon"; touch "$canon/.done"
fi
measure "fmt --check (canonical tree)" "$bin" fmt --check -q "$canon"
echo "== the Chinese edition: 20,000 pages scaled from tests/corpus/thecontext-zh"
zh=$work/corpus-zh-20000
if [ ! -e "$zh/.done" ]; then
  rm -rf "$zh"; python3 "$scale" tests/corpus/thecontext-zh "$zh" 20000 >/dev/null; touch "$zh/.done"
fi
zh_bytes=$(find "$zh" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')
find "$zh" -name "*.md" -exec cat {} + >/dev/null
measure "zh: floor" "$floor" "$zh"
measure "zh: check" "$bin" check "$zh"
measure "zh: convert --to jsonl" "$bin" convert -q --to jsonl "$zh"
echo "== peak RSS at 20,000 pages"
measure "20k: convert --to jsonl" "$bin" convert -q -j 2 --to jsonl "$small"
measure "20k: convert --to csv" "$bin" convert -q --to csv "$small"

echo "== others, on a 2,000-page subset"
subset=$work/subset-2000
if [ ! -e "$subset/.done" ]; then
  rm -rf "$subset"; mkdir -p "$subset"
  find "$big/news" -name '*.md' | sort >"$work/all.list"
  head -2000 "$work/all.list" | while read -r f; do
    rel=${f#"$big"/}; mkdir -p "$subset/$(dirname "$rel")"; cp "$f" "$subset/$rel"
  done
  touch "$subset/.done"
fi
sub_bytes=$(find "$subset" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')
command -v pandoc >/dev/null || { apt-get update -qq && apt-get install -y -qq pandoc >/dev/null; }
command -v mdformat >/dev/null || pip install --quiet mdformat
find "$subset" -name '*.md' | sort >"$work/subset.list"
pandoc_each() { while read -r f; do pandoc -f commonmark -t json "$f" >/dev/null; done <"$work/subset.list"; }
export -f pandoc_each; export work
# Runs of a twentieth of a second: ten of them, so that one scheduling
# hiccup does not decide the ratio to mdformat.
RUNS=10 measure "subset: floor" "$floor" "$subset"
RUNS=10 measure "subset: fmt --check" "$bin" fmt --check -q "$subset"
RUNS=1 measure "subset: pandoc -t json" bash -c pandoc_each
RUNS=1 measure "subset: mdformat --check" bash -c 'mdformat --check $(cat "$work/subset.list")'

echo "== writing BENCHMARKS.md"
python3 - "$work/results.tsv" "$bytes" "$files" "$sub_bytes" "$pages" "$zh_bytes" <<'PY' >BENCHMARKS.md
import datetime, os, platform, subprocess, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
big, files, sub, pages = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
zh = int(sys.argv[6])
t = {name: (float(s), int(kb), float(f) if f else None) for name, s, kb, f in rows}
def mbps(name, size): return size / t[name][0] / 1e6
def ratio(name, floor="floor", size=big):
    # Against the floor run beside the command when there is one.
    paired = t[name][2]
    return (paired if paired else t[floor][0]) / t[name][0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) // 1024 // 1024
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
print("# Benchmarks\n")
print(f"Measured by `bench/compare.sh` on {datetime.date.today()}: {os.cpu_count()} cores ({cpu}), {mem} GiB, {rustc}.")
print(f"Corpus: {files} files ({pages} event pages and their day pages, {big/1e6:.0f} MB) built by")
print("`scale-corpus` from the real pages. Wall time is the best of 5 runs with a warm page cache")
print("(3 for the Atom feed, 10 for the short runs on the subset, 1 for pandoc and mdformat); peak RSS is the largest maximum resident")
print("set of those runs. Throughput is input bytes per second. The rows with a target")
print("(`convert --to jsonl`, `fmt --check`) alternate with runs of the floor, and their ratio is")
print("to the best of those floor runs, shown beside them: this machine's speed drifts by ±20%")
print("within minutes, so a ratio to a floor measured minutes earlier would measure the drift.\n")
print("| command | time (s) | MB/s | × floor | floor beside it (s) | peak RSS (MiB) |")
print("|---|---:|---:|---:|---:|---:|")
for name, s, kb, paired in rows:
    size = sub if name.startswith("subset") else (big if not name.startswith("20k") else None)
    floor = "subset: floor" if name.startswith("subset") else "floor"
    if name.startswith("zh:"):
        size, floor = zh, "zh: floor"
    if size:
        print(f"| {name} | {float(s):.3f} | {mbps(name, size):.1f} | {ratio(name, floor, size):.2f} | {paired} | {int(kb)/1024:.1f} |")
    else:
        print(f"| {name} | {float(s):.3f} | | | | {int(kb)/1024:.1f} |")
print("\n## Targets\n")
def check(ok): return "met" if ok else "**missed**"
j1, j2, fc = ratio("convert --to jsonl -j 1"), ratio("convert --to jsonl -j 2"), ratio("fmt --check")
rss = {n: t[n][1] / 1024 for n in t}
print(f"- `convert --to jsonl -j 1` ≥ 0.75 × floor: {j1:.2f} — {check(j1 >= 0.75)}")
print(f"- `convert --to jsonl -j 2` ≥ 1.4 × floor: {j2:.2f} — {check(j2 >= 1.4)}")
print(f"- `fmt --check` ≥ 0.6 × floor: {fc:.2f} — {check(fc >= 0.6)}")
md = t["subset: mdformat --check"][0] / t["subset: fmt --check"][0]
print(f"- `fmt --check` over 100 × mdformat (2,000 pages): {md:.0f}× — {check(md > 100)}")
for fmt in ["jsonl", "csv"]:
    # Same thread count on both sides (the default: all cores).
    big_rss, small_rss = rss[f"convert --to {fmt} -j 2" if fmt == "jsonl" else "convert --to csv"], rss[f"20k: convert --to {fmt}"]
    print(f"- peak RSS of `--to {fmt}` ≤ 32 MiB at {pages} pages: {big_rss:.1f} MiB — {check(big_rss <= 32)}; "
          f"within 10% of 20,000 pages ({small_rss:.1f} MiB): {check(big_rss <= small_rss * 1.1)}")
pq = rss["convert --to parquet"]
print(f"- peak RSS of `--to parquet` ≤ 32 MiB at {pages} pages: {pq:.1f} MiB — {check(pq <= 32)}")
feed = rss["convert --to rss (limit 50)"]
print(f"- peak RSS of a feed with `--limit 50` ≤ 32 MiB: {feed:.1f} MiB — {check(feed <= 32)}")
for name in ["convert --to atom --limit 0", "convert --to atom --archive", "convert --to atom --split-by context --limit 0", "convert --to site --split-by context --archive"]:
    print(f"- peak RSS of `{name[8:]}` ≤ 64 MiB at {pages} pages: {rss[name]:.1f} MiB — {check(rss[name] <= 64)}")
zc = ratio("zh: convert --to jsonl", "zh: floor")
print(f"- the Chinese edition (20,000 pages): `convert --to jsonl` at {zc:.2f} × its floor, `check` at {ratio('zh: check', 'zh: floor'):.2f}")
pd = t["subset: pandoc -t json"][0] / t["subset: fmt --check"][0]
print(f"\nFor scale: pandoc (one process per file, as a bulk job would run it) takes {pd:.0f}× as long as `fmt --check` on the subset.")
PY
{ echo; cat bench/NOTES.md; } >>BENCHMARKS.md
cat BENCHMARKS.md
