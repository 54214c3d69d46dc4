#!/usr/bin/env bash
# Linear time on hostile shapes (docs/reliability.md): each input is run at
# size n and 2n under valgrind's callgrind, which counts the instructions
# executed (a counter, not a clock: the same on a loaded machine), and 2n
# must take less than 3 times the instructions of n. A quadratic step gives
# 4 times. Installs valgrind when missing (Debian).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v valgrind >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
fi
cargo build --release --locked -q
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/currents"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# make SHAPE N FILE: one hostile input of size N.
make() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
head = "### [2017-06-19](/news/2017/06/19/index.md)\n\n# H\n\n"
tags = ", ".join("T%d" % i for i in range(n))
text = {
    "day-tags": "## [2017-06-19](/news/2017/06/19/index.md)\n\n### [H](/news/2017/06/19/h.md)\n\n_Context: " + tags + "_\n",
    "event-tags": head + "_Context: " + tags + "_\n",
    "emphasis": head + "*a" * n + "\n",
    "lone-cr": head + "x\r" * n,
    "brackets": head + "[" * n + "x" + "]" * n + "\n",
    "sources": head + "### Sources:\n\n" + "".join("%d. [S%d](https://s.example/%d)\n" % (i + 1, i, i) for i in range(n)),
    "jsonl-tags": json.dumps({"date": "2017-06-19", "headline": "H", "contexts": ["T%d" % i for i in range(n)]}) + "\n",
}[shape]
open(out, "w", newline="").write(text)
PY
}

# instructions ARGS...: instructions executed by one run of the binary
# (whatever its exit status: `fmt --check` exits 1 for a page to change).
instructions() {
  local log="$work/callgrind.log"
  MIMALLOC_ARENA_EAGER_COMMIT=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" "$@" >/dev/null 2>"$log" || true
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log"
}

failed=0
check() { # SHAPE N EXTENSION ARGS... (the input file is appended)
  local shape=$1 n=$2 ext=$3; shift 3
  make "$shape" "$n" "$work/a.$ext"
  make "$shape" "$((2 * n))" "$work/b.$ext"
  local one two
  one=$(instructions "$@" "$work/a.$ext")
  two=$(instructions "$@" "$work/b.$ext")
  local ratio
  ratio=$(awk "BEGIN {printf \"%.2f\", $two / $one}")
  printf '%-12s n=%-6s %-28s %12s -> %12s instructions: x%s\n' "$shape" "$n" "$*" "$one" "$two" "$ratio"
  if awk "BEGIN {exit !($ratio >= 3)}"; then
    echo "   superlinear: 2n takes ${ratio} times the instructions of n"
    failed=1
  fi
}

check day-tags 20000 md convert -q -j 1 --to jsonl
check day-tags 20000 md convert -q -j 1 --to csv
check event-tags 20000 md fmt --check -q -j 1
check emphasis 50000 md check -j 1
check emphasis 50000 md convert -q -j 1 --to md
check lone-cr 100000 md fmt --check -q -j 1
check brackets 20000 md check -j 1
check sources 5000 md convert -q -j 1 --to jsonl
check jsonl-tags 20000 jsonl convert -q -j 1 --to md
# Feeds: the context tags of one event (issue 19: per-pair re-parse).
check jsonl-tags 1000 jsonl convert -q -j 1 --to atom --site-url https://example.org
exit "$failed"
