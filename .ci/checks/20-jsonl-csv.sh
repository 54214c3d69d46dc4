#!/usr/bin/env bash
# JSON Lines and CSV exports of tests/corpus, read by real consumers:
# pandas (read_json lines=True, read_csv), DuckDB (read_json_auto,
# read_csv_auto) and jsonschema (docs/event.schema.json). See jsonl_csv.py.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="${TMPDIR:-/tmp}/currents-ci-jsonl-csv-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  pandas duckdb jsonschema

cargo build --release --locked --quiet
bin="$PWD/target/release/currents"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# One hand-made record beside the corpus: a headline with commas, quotes, a
# line break, a formula and a leading `-`, and a name (Öcalan) that the
# corpus itself does not contain. It is JSON Lines, so the export also mixes
# input formats.
cat > "$out/extra.jsonl" <<'JSONL'
{"date":"2016-12-04","headline":"-Abdullah Öcalan, \"Apo\", and RTÉ —\nsecond line =1+1","summary":"=1+1","contexts":["PKK, Turkey"],"sources":[{"name":"RTÉ","url":"http://www.rte.ie/news/x?a=1,2"}]}
JSONL

inputs=(tests/corpus tests/corpus/seed/000_c9a94dbc7f91e72e.txt "$out/extra.jsonl")
"$bin" convert "${inputs[@]}" --to jsonl -o "$out/events.jsonl" 2>/dev/null
"$bin" convert "${inputs[@]}" --to csv -o "$out/events.csv" 2>/dev/null
"$bin" convert "${inputs[@]}" --to csv --bom -o "$out/events-bom.csv" 2>/dev/null
"$bin" convert "${inputs[@]}" --to csv --excel-safe -o "$out/events-safe.csv" 2>/dev/null
for table in sources related contexts revisions; do
  "$bin" convert "${inputs[@]}" --to csv --table "$table" -o "$out/$table.csv" 2>/dev/null
done
# Every output reads back to the same bytes.
"$bin" convert "$out/events.jsonl" --to jsonl | cmp - "$out/events.jsonl"
"$bin" convert "$out/events.csv" --to jsonl | cmp - "$out/events.jsonl"

"$venv/bin/python" .ci/checks/jsonl_csv.py "$out" tests/corpus docs
