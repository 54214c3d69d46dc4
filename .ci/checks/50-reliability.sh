#!/usr/bin/env bash
# Reliability (docs/reliability.md): nothing lost when fmt is SIGKILLed on
# 20,000 pages; a full disk (a small tmpfs) leaves originals intact and is
# reported; a short run of every fuzz target from the committed seeds; the
# property tests with more cases. Whole script: under 12 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"

cargo build --release --locked -q
bin="${CARGO_TARGET_DIR:-$repo/target}/release/currents"
work="$(mktemp -d)"
mnt="$work/tmpfs"
cleanup() {
  if mountpoint -q "$mnt" 2>/dev/null; then umount "$mnt" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== SIGKILL at random moments during fmt of 20,000 pages"
bash tests/kill-fmt.sh "$bin" 20000 5

echo "== a full disk: fmt and convert -o on a 512 KiB tmpfs"
mkdir -p "$mnt"
if mount -t tmpfs -o size=512k tmpfs "$mnt" 2>"$work/mount.err"; then
  mkdir -p "$mnt/pages"
  cp -r tests/corpus/thecontext/news/2017 "$mnt/pages/"
  echo "the old bytes" >"$mnt/out.json"
  cp -r "$mnt/pages" "$work/pages-orig"
  # Fill what is left, so that no new data block can be had.
  dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null || true
  set +e
  "$bin" fmt "$mnt/pages" >/dev/null 2>"$work/fmt.err"
  fmt_code=$?
  "$bin" convert --to json -q tests/corpus/thecontext -o "$mnt/out.json" 2>"$work/convert.err"
  convert_code=$?
  set -e
  [ "$fmt_code" -eq 1 ] || { echo "fmt on a full disk exited $fmt_code"; cat "$work/fmt.err"; exit 1; }
  diff -r "$work/pages-orig" "$mnt/pages" || { echo "a page changed on a full disk"; exit 1; }
  failed=$(grep -c 'error: not written: No space left on device' "$work/fmt.err" || true)
  [ "$failed" -gt 0 ] || { echo "fmt did not report the full disk"; cat "$work/fmt.err"; exit 1; }
  [ "$convert_code" -eq 1 ] || { echo "convert on a full disk exited $convert_code"; exit 1; }
  grep -q "$mnt/out.json: No space left on device" "$work/convert.err" \
    || { echo "convert did not name the file and the cause"; cat "$work/convert.err"; exit 1; }
  [ "$(cat "$mnt/out.json")" = "the old bytes" ] || { echo "out.json was damaged"; exit 1; }
  if find "$mnt" -name '.currents-*.tmp' | grep -q .; then
    echo "temporary files were left on the full disk"; exit 1
  fi
  echo "   fmt: $failed files reported 'No space left on device', all kept; convert -o: old file kept"
  rm "$mnt/filler"
  "$bin" fmt -q "$mnt/pages" || { echo "fmt fails once there is space"; exit 1; }
  # Room for a few pages only: fmt keeps the old pages until the end, and
  # frees them when the disk fills, so every page is still rewritten.
  rm -rf "$mnt/pages" "$mnt/out.json"
  cp -r "$work/pages-orig" "$mnt/pages"
  cp -r "$work/pages-orig" "$work/pages-canon"
  "$bin" fmt -q "$work/pages-canon"
  free_kb=$(df -Pk "$mnt" | awk 'NR==2 {print $4}')
  dd if=/dev/zero of="$mnt/filler" bs=1k count=$((free_kb - 40)) 2>/dev/null || true
  "$bin" fmt -q "$mnt/pages" 2>"$work/fmt2.err" \
    || { echo "fmt with 40 KiB free failed"; cat "$work/fmt2.err"; exit 1; }
  diff -r "$work/pages-canon" "$mnt/pages" >/dev/null \
    || { echo "fmt with 40 KiB free left pages as they were"; exit 1; }
  if find "$mnt" -name '.currents-*.tmp' | grep -q .; then
    echo "temporary files were left on the nearly full disk"; exit 1
  fi
  echo "   fmt with 40 KiB free: all $(find "$mnt/pages" -name '*.md' | wc -l) pages rewritten"
  umount "$mnt"
else
  echo "   SKIPPED: cannot mount a tmpfs here ($(head -1 "$work/mount.err")); the full-disk"
  echo "   check did not run. (cargo test covers failing writes with RLIMIT_FSIZE.)"
fi

echo "== fuzz targets: a short run of each from fuzz/seeds"
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked -q
fi
export RUSTC_BOOTSTRAP=1
# The fuzz build goes where the others go (.ci/run removes it at the end).
fuzz_dir=()
if [ -n "${CARGO_TARGET_DIR:-}" ]; then fuzz_dir=(--target-dir "$CARGO_TARGET_DIR/fuzz"); fi
(cd fuzz && cargo fuzz build -O "${fuzz_dir[@]}")
# Real inputs join the committed seeds in a scratch corpus (a fuzz run
# writes what it finds into its corpus; the repository stays untouched):
# the corpus's pages, and its exports and feeds of one year (small inputs
# keep 20,000 runs quick).
year=tests/corpus/thecontext/news/2016
"$bin" convert -q --to atom --limit 0 --site-url https://example.org "$year" -o "$work/real.atom"
"$bin" convert -q --to rss --limit 0 --site-url https://example.org "$year" -o "$work/real.rss"
"$bin" convert -q --to jsonl "$year" -o "$work/real.jsonl"
"$bin" convert -q --to csv "$year" -o "$work/real.csv"
for target in parse markdown_roundtrip read_jsonl read_csv read_rss read_atom; do
  corpus="$work/fuzz/$target"
  mkdir -p "$corpus" "$work/artifacts/$target"
  cp fuzz/seeds/"$target"/* "$corpus/" 2>/dev/null || true
  case "$target" in
    parse | markdown_roundtrip)
      mapfile -t real < <(find tests/corpus -type f -name '*.md' -size -64k | sort)
      for page in "${real[@]:0:40}" tests/regressions/*; do
        cp "$page" "$corpus/page-$(echo "$page" | md5sum | cut -c1-12)"
      done ;;
    read_jsonl) cp "$work/real.jsonl" "$corpus/" ;;
    read_csv) cp "$work/real.csv" "$corpus/" ;;
    read_rss) cp "$work/real.rss" "$corpus/" ;;
    read_atom) cp "$work/real.atom" "$corpus/" ;;
  esac
  echo "-- $target ($(ls "$corpus" | wc -l) seeds)"
  (cd fuzz && cargo fuzz run -O "${fuzz_dir[@]}" "$target" "$corpus" -- \
    -runs=20000 -max_len=65536 -timeout=2 -rss_limit_mb=2048 \
    -artifact_prefix="$work/artifacts/$target/" -print_final_stats=1 2>"$work/fuzz-$target.log") \
    || { tail -40 "$work/fuzz-$target.log"; ls -l "$work/artifacts/$target"; exit 1; }
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$work/fuzz-$target.log" | tr '\n' ' '
  echo
done
unset RUSTC_BOOTSTRAP

echo "== property tests with 2,000 cases each"
PROPTEST_CASES=2000 cargo test --release --locked -q --test it -- \
  proptest_roundtrip:: proptest_feeds:: output_safety::
echo "reliability checks passed"
