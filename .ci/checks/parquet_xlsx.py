"""Check currents' Parquet and XLSX exports in their real consumers.

Usage: parquet_xlsx.py BIN OUT_DIR INPUT... (run by 25-parquet-xlsx.sh, which
wrote OUT_DIR/events.jsonl, events.parquet, the long tables' .parquet files
and events.xlsx from the INPUTs).

- DuckDB, pyarrow (pandas) and Polars: the declared types (DATE, LIST,
  STRUCT, TIMESTAMP) and the JSON Lines row count; a DuckDB join of each
  long table on the event id gives the JSON Lines list lengths.
- openpyxl: the sheets, a frozen and filtered header, date cells, no
  formula anywhere, non-ASCII text intact, hyperlinks on source addresses.
- LibreOffice headless (when installed): the workbook and the CSV (with the
  import options docs/exports.md gives) converted with non-ASCII intact and
  no formula evaluated.
- Filters: for each set of filter flags, every format read back gives the
  records Python keeps from the whole JSON Lines.
"""

import datetime
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

import duckdb
import openpyxl
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

bin_, out = sys.argv[1], pathlib.Path(sys.argv[2])
inputs = sys.argv[3:]
LISTS = ["sources", "related", "contexts", "revisions"]
NON_ASCII = ["Öcalan", "RTÉ", "—"]
CSV_IMPORT = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,false"


def check(condition, message):
    if not condition:
        sys.exit(f"FAIL: {message}")
    print(f"ok: {message}")


lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
records = [json.loads(line) for line in lines]
rows = len(records)
check(rows > 270, f"{rows} JSON Lines records")

# ---- Parquet: DuckDB ----
con = duckdb.connect()
events = str(out / "events.parquet")
types = dict((r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM '{events}'").fetchall())
check(types["date"] == "DATE", f"DuckDB: date is DATE ({types['date']})")
check(types["contexts"] == "VARCHAR[]", f"DuckDB: contexts is a LIST ({types['contexts']})")
check(types["sources"].startswith("STRUCT(") and types["sources"].endswith("[]"),
      f"DuckDB: sources is a LIST of STRUCT ({types['sources']})")
check("TIMESTAMP" in types["revisions"], f"DuckDB: revision timestamps are TIMESTAMP ({types['revisions']})")
count = con.execute(f"SELECT count(*) FROM '{events}'").fetchone()[0]
check(count == rows, f"DuckDB: {count} Parquet rows = JSON Lines records")
nulls = con.execute(f"SELECT count(*) FROM '{events}' WHERE category IS NULL").fetchone()[0]
check(nulls == sum(r["category"] is None for r in records), f"DuckDB: {nulls} null categories, as in JSON Lines")
for table in LISTS:
    expected = sum(len(r[table]) for r in records)
    joined = con.execute(
        f"SELECT count(*) FROM '{events}' e JOIN '{out / (table + '.parquet')}' t ON t.event_id = e.id"
    ).fetchone()[0]
    lengths = con.execute(f"SELECT sum(len({table})) FROM '{events}'").fetchone()[0]
    check(joined == expected == lengths, f"DuckDB: {table} joined on id: {joined} rows = JSON Lines list items")

# ---- Parquet: pyarrow / pandas, Polars ----
schema = pq.read_schema(events)
check(pa.types.is_date32(schema.field("date").type), "pyarrow: date is date32")
sources = schema.field("sources").type
check(pa.types.is_list(sources) and pa.types.is_struct(sources.value_type), "pyarrow: sources is list<struct>")
df = pd.read_parquet(events)
check(len(df) == rows, f"pandas: {len(df)} rows")
check(isinstance(df["date"].iloc[0], datetime.date), "pandas: dates come back as dates")
check(sum(len(s) for s in df["sources"]) == sum(len(r["sources"]) for r in records), "pandas: source lists")
polars = pl.read_parquet(events)
check(polars.schema["date"] == pl.Date and isinstance(polars.schema["sources"], pl.List),
      f"Polars: date is Date, sources a List ({polars.schema['sources']})")

# ---- XLSX: openpyxl ----
workbook = openpyxl.load_workbook(out / "events.xlsx")
check(workbook.sheetnames == ["events", "sources", "related", "contexts", "revisions"], "openpyxl: a sheet per table")
sheet = workbook["events"]
check(sheet.max_row == rows + 1, f"openpyxl: {sheet.max_row - 1} event rows")
check(sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:"), "openpyxl: header frozen and filtered")
dates = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
check(all(isinstance(d, datetime.datetime) for d in dates), "openpyxl: every date is a date cell")
cells = [c for ws in workbook for row in ws.iter_rows() for c in row]
check(not any(c.data_type == "f" for c in cells), f"openpyxl: no formula among {len(cells)} cells")
texts = "\n".join(str(c.value) for c in cells if c.value is not None)
check(all(word in texts for word in NON_ASCII), "openpyxl: non-ASCII text intact")
check("=1+1" in [c.value for c in cells], "openpyxl: `=1+1` is a text cell")
links = [c for c in workbook["sources"]["D"][1:] if c.hyperlink is not None]
# A link's fragment (`#...`) is kept apart from its target in the file.
check(len(links) == workbook["sources"].max_row - 1 and all(c.value.split("#")[0] == c.hyperlink.target for c in links),
      f"openpyxl: {len(links)} source links, one per source")

# ---- LibreOffice headless ----
soffice = shutil.which("soffice")
if soffice is None:
    print("note: no LibreOffice (soffice): its part is skipped")
else:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to",
             "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
             "--outdir", str(tmp), str(out / "events.xlsx")],
            check=True, capture_output=True, timeout=300)
        text = (tmp / "events-events.csv").read_text(encoding="utf-8")
        check(all(word in text for word in NON_ASCII), "LibreOffice: the workbook's non-ASCII text intact")
        check(",=1+1," in text and "=SUM(1,2)" in text, "LibreOffice: no formula of the workbook evaluated")
        subprocess.run([bin_, "convert", *inputs, "-q", "--to", "csv", "-o", str(tmp / "events.csv")], check=True)
        subprocess.run(
            [soffice, profile, "--headless", f"--infilter={CSV_IMPORT}", "--convert-to", "xlsx",
             "--outdir", str(tmp / "csv"), str(tmp / "events.csv")],
            check=True, capture_output=True, timeout=300)
        imported = openpyxl.load_workbook(tmp / "csv" / "events.xlsx").active
        cells = [c for row in imported.iter_rows() for c in row]
        check(not any(c.data_type == "f" for c in cells), "LibreOffice: CSV imported with the documented options: no formula")
        values = "\n".join(str(c.value) for c in cells if c.value is not None)
        check(all(word in values for word in NON_ASCII), "LibreOffice: CSV's non-ASCII text intact")
        docs = pathlib.Path("docs/exports.md").read_text(encoding="utf-8")
        check(CSV_IMPORT in docs, "the CSV import options checked are the documented ones")

# ---- Filters on every format, against Python's filter of the JSON Lines ----


def keep_tags(record, key, wanted):
    values = record[key] if isinstance(record[key], list) else [record[key]]
    return any(v is not None and v.strip().lower() in wanted for v in values)


def mentions(record, words):
    text = (record["headline"] + "\n" + (record["summary"] or "")).lower()
    return any(w in text for w in words)


FILTERS = [
    (["--since", "2017-01-01", "--until", "2017-12-31"], lambda r: "2017-01-01" <= r["date"] <= "2017-12-31"),
    (["--context", "Russia", "--context", "iraq", "--since", "2000-01-01"],
     lambda r: keep_tags(r, "contexts", {"russia", "iraq"}) and r["date"] >= "2000-01-01"),
    (["--category", "UKRAINE", "--category", "iraq"], lambda r: keep_tags(r, "category", {"ukraine", "iraq"})),
    (["--grep", "öcalan", "--grep", "Putin"], lambda r: mentions(r, ["öcalan", "putin"])),
]
for flags, keep in FILTERS:
    expected = "".join(line + "\n" for line, r in zip(lines, records) if keep(r))
    check(0 < expected.count("\n") < rows, f"{flags}: {expected.count(chr(10))} records kept by Python")
    for to in ["jsonl", "csv", "parquet", "xlsx"]:
        path = out / f"filtered.{to}"
        subprocess.run([bin_, "convert", *inputs, "-q", "--to", to, "-o", str(path), *flags], check=True)
        back = subprocess.run([bin_, "convert", str(path), "--to", "jsonl"], check=True, capture_output=True)
        check(back.stdout.decode("utf-8") == expected, f"{flags} --to {to}: the same records")
