"""Check currents' JSON Lines and CSV exports with pandas, DuckDB and jsonschema.

Usage: jsonl_csv.py OUT_DIR CORPUS_DIR DOCS_DIR pages|site (run by 20-jsonl-csv.sh).
With `pages` the expected row count is counted here from the markdown,
independently of currents: one event per event page, one per
`### [..](/news/..)` item of a day or front page, plus the seed page and the
one hand-made record. In site mode (events joined across pages) the check is
that ids are unique and every consumer sees the same rows.
"""

import json
import pathlib
import re
import sys

import duckdb
import jsonschema
import pandas as pd

out, corpus, docs = (pathlib.Path(a) for a in sys.argv[1:4])
mode = sys.argv[4]
LISTS = ["contexts", "sources", "related", "revisions", "formats", "extra_sections"]
TEXTS = ["category", "summary", "path", "date_link"]
NON_ASCII = ["Öcalan", "RTÉ", "—"]
NASTY = '-Abdullah Öcalan, "Apo", and RTÉ —\nsecond line =1+1'


def expected_rows():
    n = 0
    pages = [*(corpus / "thecontext").rglob("*.md"), *(corpus / "thecontext-zh").rglob("*.md")]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if page.name in ("index.md", "README.md"):
            n += len(re.findall(r"^### \[.*\]\(/(zh/)?news/", text, re.M))
        elif "/news/" in page.as_posix():
            n += 1 if re.search(r"^# ", text, re.M) else 0
    return n + 2  # the seed page and extra.jsonl


def check(condition, message):
    if not condition:
        sys.exit(f"FAIL [{mode}]: {message}")
    print(f"ok [{mode}]: {message}")


lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
if mode == "pages":
    rows = expected_rows()
else:
    rows = len(lines)
    ids = [json.loads(line)["id"] for line in lines]
    check(len(set(ids)) == rows > 200, f"site mode: {rows} records, each id once")
schema = json.loads((docs / "event.schema.json").read_text(encoding="utf-8"))
columns = list(schema["properties"])
doc_text = (docs / "exports.md").read_text(encoding="utf-8")
csv_header = next(l for l in doc_text.splitlines() if l.startswith("id,date,headline,"))
check(csv_header.split(",") == columns, "documented CSV header equals the schema's keys")

# JSON Lines: schema, pandas, DuckDB.
validator = jsonschema.Draft202012Validator(
    schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
for number, line in enumerate(lines, 1):
    errors = [e.message for e in validator.iter_errors(json.loads(line))]
    if errors:
        sys.exit(f"FAIL: events.jsonl:{number}: {errors}")
check(len(lines) == rows, f"{len(lines)} JSONL lines, all valid against event.schema.json")

jl = pd.read_json(out / "events.jsonl", lines=True, dtype=False)
check(len(jl) == rows, f"pandas read_json(lines=True): {len(jl)} rows == {rows}")
check(list(jl.columns) == columns, f"pandas JSONL columns are the documented ones: {columns}")
blob = jl.to_json(orient="records", force_ascii=False)
for word in NON_ASCII:
    check(word in blob, f"pandas JSONL keeps {word!r}")
check((jl["headline"] == NASTY).sum() == 1, "pandas JSONL: the nasty headline intact")
check(jl["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), "dates are YYYY-MM-DD")
dated = pd.read_json(out / "events.jsonl", lines=True)["date"]
check(pd.api.types.is_datetime64_any_dtype(dated), f"pandas parses date as {dated.dtype}")

# CSV: pandas, and it agrees with JSON Lines cell by cell.
cv = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False, encoding="utf-8")
check(len(cv) == rows, f"pandas read_csv: {len(cv)} rows == {rows}")
check(list(cv.columns) == columns, "pandas CSV columns are the documented header")
for word in NON_ASCII:
    check(cv.apply(lambda col: col.str.contains(word)).any().any(), f"pandas CSV keeps {word!r}")
check((cv["headline"] == NASTY).sum() == 1, "pandas CSV: the nasty headline intact")
for i in range(rows):
    j, c = jl.iloc[i], cv.iloc[i]
    for name in ["id", "date", "headline"]:
        assert c[name] == j[name], (i, name, c[name], j[name])
    for name in TEXTS:
        assert c[name] == (j[name] if isinstance(j[name], str) else ""), (i, name)
    for name in LISTS:
        assert json.loads(c[name]) == j[name], (i, name)
check(True, "every CSV cell equals its JSONL value (lists as JSON arrays)")

bom = pd.read_csv(out / "events-bom.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
check((out / "events-bom.csv").read_bytes().startswith(b"\xef\xbb\xbfid,"), "--bom writes a BOM")
check(bom.equals(cv), "pandas reads the --bom file the same (utf-8-sig)")

safe = pd.read_csv(out / "events-safe.csv", dtype=str, keep_default_na=False)
risky = safe.apply(lambda col: col.str.match(r"[=+\-@\t\r]")).any().any()
check(not risky, "--excel-safe: no cell starts with = + - @ tab CR")
check(("'" + NASTY) in set(safe["headline"]), "--excel-safe: the nasty headline is prefixed with '")

long_counts = {
    "sources": sum(len(v) for v in jl["sources"]),
    "related": sum(len(v) for v in jl["related"]),
    "contexts": sum(len(v) for v in jl["contexts"]),
    "revisions": sum(len(v) for v in jl["revisions"]),
}
for table, count in long_counts.items():
    t = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)
    check(len(t) == count and count > 0, f"long table {table}: {len(t)} rows == {count} items")
    check(set(t["event_id"]) <= set(jl["id"]), f"long table {table}: every event_id is an event id")

# DuckDB.
db = duckdb.connect()
ej, ec, src = (str(out / n) for n in ["events.jsonl", "events.csv", "sources.csv"])
n = db.execute(f"SELECT count(*) FROM read_json_auto('{ej}')").fetchone()[0]
check(n == rows, f"DuckDB read_json_auto: {n} rows")
cols = [r[0] for r in db.execute(f"DESCRIBE SELECT * FROM read_json_auto('{ej}')").fetchall()]
check(cols == columns, "DuckDB JSONL columns are the documented ones")
kind = db.execute(f"SELECT typeof(date) FROM read_json_auto('{ej}') LIMIT 1").fetchone()[0]
check(kind == "DATE", f"DuckDB reads date as {kind}")
n = db.execute(f"SELECT sum(len(sources)) FROM read_json_auto('{ej}')").fetchone()[0]
check(n == long_counts["sources"], f"DuckDB JSONL: {n} sources")
n = db.execute(f"SELECT count(*) FROM read_csv_auto('{ec}')").fetchone()[0]
check(n == rows, f"DuckDB read_csv_auto: {n} rows")
cols = [r[0] for r in db.execute(f"DESCRIBE SELECT * FROM read_csv_auto('{ec}')").fetchall()]
check(cols == columns, "DuckDB CSV columns are the documented header")
for word in NON_ASCII:
    for source, reader in [(ej, "read_json_auto"), (ec, "read_csv_auto")]:
        n = db.execute(
            f"SELECT count(*) FROM {reader}('{source}') AS t WHERE CAST(t AS VARCHAR) LIKE ?",
            [f"%{word}%"],
        ).fetchone()[0]
        check(n > 0, f"DuckDB {reader} keeps {word!r}")
n = db.execute(f"SELECT count(*) FROM read_csv_auto('{ec}') WHERE headline = ?", [NASTY]).fetchone()[0]
check(n == 1, "DuckDB CSV: the nasty headline intact")
n = db.execute(
    f"SELECT sum(json_array_length(sources::JSON)) FROM read_csv_auto('{ec}')"
).fetchone()[0]
check(n == long_counts["sources"], "DuckDB unpacks the CSV list cells as JSON")
n = db.execute(
    f"SELECT count(*) FROM read_csv_auto('{src}') s "
    f"WHERE s.event_id IN (SELECT id FROM read_csv_auto('{ec}'))"
).fetchone()[0]
check(n == long_counts["sources"], "DuckDB joins the sources table to events by id")
print("all JSON Lines / CSV consumer checks passed")
