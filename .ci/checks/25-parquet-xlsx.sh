#!/usr/bin/env bash
# Parquet and XLSX exports of tests/corpus opened in their real consumers:
# DuckDB, pandas (pyarrow) and Polars read the Parquet tables with their
# declared types; openpyxl (and LibreOffice headless, where it can be
# installed) read the workbook. Both read back into the JSON Lines byte for
# byte, and the filters give on every format what the same filter gives on
# the JSON Lines in Python. See parquet_xlsx.py.
set -euo pipefail
cd "$(dirname "$0")/../.."

source .ci/venv.sh duckdb pandas pyarrow polars openpyxl

# LibreOffice headless: about 190 MiB installed from Debian's packages,
# only where apt-get runs as root; the check goes on without it elsewhere.
if ! command -v soffice >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null) \
    || echo "note: LibreOffice could not be installed; its part of the check is skipped"
fi

cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/currents"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# One hand-made record beside the corpus: formulas, a leading `-`, quotes,
# a line break and non-ASCII names the corpus does not contain.
cat > "$out/extra.jsonl" <<'JSONL'
{"date":"2016-12-04","headline":"-Abdullah Öcalan, \"Apo\", and RTÉ —\nsecond line =1+1","category":"=1+1","summary":"=SUM(1,2)","contexts":["PKK, Turkey"],"sources":[{"name":"RTÉ","url":"http://www.rte.ie/news/x?a=1,2"}]}
JSONL

inputs=(tests/corpus tests/corpus/seed/000_c9a94dbc7f91e72e.txt "$out/extra.jsonl")
"$bin" convert "${inputs[@]}" -q --to jsonl -o "$out/events.jsonl"
"$bin" convert "${inputs[@]}" -q --to parquet -o "$out/events.parquet"
"$bin" convert "${inputs[@]}" -q --to xlsx -o "$out/events.xlsx"
for table in sources related contexts revisions; do
  "$bin" convert "${inputs[@]}" -q --to parquet --table "$table" -o "$out/$table.parquet"
done
# Both read back into the same bytes.
"$bin" convert "$out/events.parquet" --to jsonl | cmp - "$out/events.jsonl"
"$bin" convert "$out/events.xlsx" --to jsonl | cmp - "$out/events.jsonl"
echo "ok: Parquet and XLSX read back into the JSON Lines byte for byte"

"$py" .ci/checks/parquet_xlsx.py "$bin" "$out" "${inputs[@]}"
