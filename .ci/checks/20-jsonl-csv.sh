#!/usr/bin/env bash
# JSON Lines and CSV exports of tests/corpus, read by real consumers:
# pandas (read_json lines=True, read_csv), DuckDB (read_json_auto,
# read_csv_auto) and jsonschema (docs/event.schema.json). See jsonl_csv.py.
set -euo pipefail
cd "$(dirname "$0")/../.."

source .ci/venv.sh pandas duckdb jsonschema

cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/currents"
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
# Site mode (the default: one record per event) and --pages (one per page).
for mode in site pages; do
  flags=(-q)
  [ "$mode" = pages ] && flags+=(--pages)
  dir="$out/$mode"
  mkdir -p "$dir"
  "$bin" convert "${inputs[@]}" "${flags[@]}" --to jsonl -o "$dir/events.jsonl"
  "$bin" convert "${inputs[@]}" "${flags[@]}" --to csv -o "$dir/events.csv"
  "$bin" convert "${inputs[@]}" "${flags[@]}" --to csv --bom -o "$dir/events-bom.csv"
  "$bin" convert "${inputs[@]}" "${flags[@]}" --to csv --excel-safe -o "$dir/events-safe.csv"
  for table in sources related contexts revisions; do
    "$bin" convert "${inputs[@]}" "${flags[@]}" --to csv --table "$table" -o "$dir/$table.csv"
  done
  # Every output reads back to the same bytes.
  "$bin" convert "$dir/events.jsonl" --to jsonl | cmp - "$dir/events.jsonl"
  "$bin" convert "$dir/events.csv" --to jsonl | cmp - "$dir/events.jsonl"
  "$bin" convert "$dir/events.jsonl" --to csv | cmp - "$dir/events.csv"
  "$py" .ci/checks/jsonl_csv.py "$dir" tests/corpus docs "$mode"
done
