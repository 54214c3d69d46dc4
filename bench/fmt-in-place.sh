#!/usr/bin/env bash
# `fmt` rewriting pages in place, against the floor (reading and parsing
# every page) and the replace floor (replacing every page atomically with
# no markdown work: examples/replace_floor.rs).
#
# usage: bench/fmt-in-place.sh [CORPUS] [BINARY]
#   CORPUS  default /tmp/currents-bench/corpus-100000 (bench/compare.sh builds it)
#   BINARY  default target/release/currents
#
# Each command gets its own fresh copy of the corpus, made before any run.
# On ext4 without a journal, creating a file costs a scan over the inodes
# freed in the last five minutes of the same block group (`recently_deleted`),
# so the runs are five and a half minutes apart and nothing is deleted in
# between: a run must not pay for the one before it. Takes about 20 minutes.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-/tmp/currents-bench/corpus-100000}"
bin="${2:-$repo/target/release/currents}"
(cd "$repo" && cargo build --release --quiet --bin currents --example floor --example replace_floor)
floor=$repo/target/release/examples/floor
replace=$repo/target/release/examples/replace_floor
work="$(mktemp -d "${TMPDIR:-/tmp}/fmt-in-place.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -a "$corpus" "$work/fmt"
cp -a "$corpus" "$work/replace"
sync
quiet() { echo "   (waiting 330 s: the file system forgets recent deletions)"; sleep 330; }
timed() { # NAME COMMAND...: wall, user and system seconds, peak RSS
  /usr/bin/time -f "$1: %e s wall, %U s user, %S s system, %M KiB" "${@:2}" >/dev/null
}
quiet
timed floor "$floor" "$work/fmt"
touch "$work/mark"
timed "fmt (in place)" "$bin" fmt -q "$work/fmt"
timed floor "$floor" "$work/fmt"
echo "   changed: $(find "$work/fmt" -newer "$work/mark" -name '*.md' | wc -l) pages"
quiet
timed floor "$floor" "$work/replace"
timed "replace floor (-j 2)" "$replace" -j 2 --exchange "$work/replace"
timed floor "$floor" "$work/replace"
