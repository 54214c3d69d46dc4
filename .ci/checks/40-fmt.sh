#!/usr/bin/env bash
# currents fmt against real tools: GNU patch applies its --diff output and
# gives the fmt result; --check agrees; fmt is idempotent; interrupted runs
# leave only original or canonical files.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v patch >/dev/null; then
  apt-get update -qq && apt-get install -y -qq patch >/dev/null
fi
cargo build --release --locked -q
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/currents"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Pages: the corpus, the seed, and odd line endings.
mkdir -p "$work/orig"
cp -r tests/corpus/thecontext "$work/orig/"
cp tests/corpus/seed/000_c9a94dbc7f91e72e.txt "$work/orig/seed.md"
printf '### [2015-11-25](/news/2015/11/25/index.md)\r\n\r\n#  H \r\n' > "$work/orig/crlf.md"
printf '### [2015-11-25](/news/2015/11/25/index.md)\n\n# H' > "$work/orig/no-final-newline.md"
cp -r "$work/orig" "$work/fmt"
cp -r "$work/orig" "$work/patched"

echo "-- --check on the original pages exits 1 and lists them"
set +e
(cd "$work/fmt" && "$bin" fmt --check . >"$work/listed" 2>/dev/null)
code=$?
set -e
[ "$code" -eq 1 ] || { echo "fmt --check on the originals exited $code, not 1"; exit 1; }
[ "$(wc -l <"$work/listed")" -ge 70 ] || { echo "too few files listed"; exit 1; }
diff -r "$work/orig" "$work/fmt" >/dev/null || { echo "--check wrote something"; exit 1; }

echo "-- --diff applies with patch and gives the fmt result"
(cd "$work/fmt" && "$bin" fmt --diff . >"$work/changes.diff" 2>/dev/null)
diff -r "$work/orig" "$work/fmt" >/dev/null || { echo "--diff wrote something"; exit 1; }
(cd "$work/patched" && patch -p0 -s --no-backup-if-mismatch <"$work/changes.diff")
(cd "$work/fmt" && "$bin" fmt . 2>/dev/null)
diff -r "$work/fmt" "$work/patched" || { echo "patch result differs from fmt"; exit 1; }

echo "-- --diff of a path without ./ applies with git apply too"
cp -r "$work/orig" "$work/git"
(cd "$work/orig" && "$bin" fmt --diff thecontext seed.md crlf.md no-final-newline.md >"$work/git.diff" 2>/dev/null)
(cd "$work/git" && git init -q . && git apply --whitespace=nowarn "$work/git.diff" && rm -rf .git)
diff -r "$work/fmt" "$work/git" || { echo "git apply result differs from fmt"; exit 1; }

echo "-- fmt is idempotent; --check passes; canonical files are not rewritten"
cp -r "$work/fmt" "$work/again"
find "$work/fmt" -type f -exec stat -c '%i %Y %n' {} + | sort >"$work/stamps-before"
(cd "$work/fmt" && "$bin" fmt --check . >/dev/null 2>&1) || { echo "--check fails after fmt"; exit 1; }
(cd "$work/fmt" && "$bin" fmt . 2>/dev/null)
find "$work/fmt" -type f -exec stat -c '%i %Y %n' {} + | sort >"$work/stamps-after"
diff "$work/stamps-before" "$work/stamps-after" || { echo "canonical files were rewritten"; exit 1; }
diff -r "$work/fmt" "$work/again" || { echo "fmt(fmt(x)) != fmt(x)"; exit 1; }

echo "-- stdin to stdout gives the same bytes as in place"
page=thecontext/news/2009/06/25/index.md
"$bin" fmt - <"$work/orig/$page" 2>/dev/null | cmp - "$work/fmt/$page"

echo "-- convert --to md of a page is its fmt form"
"$bin" convert --pages --quiet "$work/orig/$page" --to md | cmp - "$work/fmt/$page"

echo "-- a SIGKILL in the middle of a large run leaves original or canonical files"
mkdir -p "$work/big"
for i in $(seq -w 1 40); do cp -r "$work/orig/thecontext" "$work/big/c$i"; done
cp -r "$work/big" "$work/big-orig"
"$bin" fmt "$work/big" 2>/dev/null &
pid=$!
first="$work/big/c01/README.md"
while kill -0 "$pid" 2>/dev/null && cmp -s "$first" "$work/big-orig/c01/README.md"; do :; done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
big, orig, fmt = (os.path.join(work, d) for d in ("big", "big-orig", "fmt"))
done = same = temps = 0
for root, _, files in os.walk(big):
    for name in files:
        path = os.path.join(root, name)
        rel = os.path.relpath(path, big)
        if name.startswith(".currents-"):
            temps += 1
            continue
        now = open(path, "rb").read()
        before = open(os.path.join(orig, rel), "rb").read()
        canonical = open(os.path.join(fmt, "thecontext", rel.split(os.sep, 1)[1]), "rb").read()
        if now == before:
            same += 1
        elif now == canonical:
            done += 1
        else:
            sys.exit(f"{rel}: neither original nor canonical")
print(f"   {done} files canonical, {same} original, {temps} temporary files left")
PY
echo "fmt checks passed"
