//! Parquet and XLSX exports of the whole corpus, read back; the filters
//! and `--text` on every format, checked against the same filter applied
//! to the JSON Lines with serde_json.

use std::path::Path;

use serde_json::Value;

// Run in the package's folder (as cargo runs tests): relative paths hold.
use crate::common::{currents, run_ok};

const SEED: &str = "tests/corpus/seed/000_c9a94dbc7f91e72e.txt";

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

fn records(jsonl: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(jsonl).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The whole corpus (and the seed page) as Parquet and XLSX, in site mode
/// and with `--pages`, reads back into the same JSON Lines, byte for byte.
#[test]
fn parquet_and_xlsx_read_back_into_the_same_json_lines() {
    for mode in [None, Some("--pages")] {
        let dir = tempfile::tempdir().unwrap();
        let mode: Vec<&str> = mode.into_iter().collect();
        let convert = |to: &str, out: &str| {
            let args = ["convert", "tests/corpus", SEED, "-q", "--to", to, "-o", out];
            run_ok(&[&args[..], &mode[..]].concat());
        };
        let (jsonl, parquet, xlsx) = (
            path(dir.path(), "e.jsonl"),
            path(dir.path(), "e.parquet"),
            path(dir.path(), "e.xlsx"),
        );
        convert("jsonl", &jsonl);
        convert("parquet", &parquet);
        convert("xlsx", &xlsx);
        let expected = std::fs::read(&jsonl).unwrap();
        assert!(records(&expected).len() > 270, "{mode:?}");
        assert_eq!(run_ok(&["convert", &parquet, "--to", "jsonl"]), expected);
        assert_eq!(run_ok(&["convert", &xlsx, "--to", "jsonl"]), expected);
        // On stdin too, with --from.
        let stdin = currents()
            .args(["convert", "-", "--from", "parquet", "--to", "jsonl"])
            .write_stdin(std::fs::read(&parquet).unwrap())
            .output()
            .unwrap();
        assert_eq!(stdin.stdout, expected);
        // And back into Parquet: the same bytes.
        let again = run_ok(&["convert", &jsonl, "--to", "parquet"]);
        assert_eq!(again, std::fs::read(&parquet).unwrap());
    }
}

/// A record with what spreadsheets misread (a leading `=` and `-`, quotes,
/// a line break, non-ASCII) goes through XLSX and Parquet unchanged.
#[test]
fn a_nasty_record_round_trips_through_xlsx_and_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"id":"2016-12-04/x","date":"2016-12-04","headline":"-Abdullah Öcalan, \"Apo\", and RTÉ —\nsecond line =1+1","category":"=SUM(A1)","summary":"  @cmd|' /C calc'!A0  \t","contexts":["PKK, Turkey"],"sources":[{"name":"RTÉ","url":"http://www.rte.ie/news/x?a=1,2","image":""}],"related":[],"revisions":[{"headline":"Old","path":"/news/old.md","timestamp":"2016-12-04T13:49:30","label":null}],"path":null,"date_link":null,"formats":[],"extra_sections":[],"image":"https://img.example/a b.png"}"#;
    let jsonl = path(dir.path(), "in.jsonl");
    std::fs::write(&jsonl, format!("{line}\n")).unwrap();
    let expected = run_ok(&["convert", &jsonl, "--to", "jsonl"]);
    for format in ["parquet", "xlsx"] {
        let out = path(dir.path(), &format!("out.{format}"));
        run_ok(&["convert", &jsonl, "--to", format, "-o", &out]);
        assert_eq!(
            run_ok(&["convert", &out, "--to", "jsonl"]),
            expected,
            "{format}"
        );
    }
}

/// One row per list item in each long Parquet table: the counts of the
/// JSON Lines lists (read from the pages by `convert --to jsonl`).
#[test]
fn long_parquet_tables_have_one_row_per_list_item() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let jsonl = run_ok(&["convert", "tests/corpus", "-q", "--to", "jsonl"]);
    let events = records(&jsonl);
    let dir = tempfile::tempdir().unwrap();
    for table in ["sources", "related", "contexts", "revisions"] {
        let out = path(dir.path(), &format!("{table}.parquet"));
        run_ok(&[
            "convert",
            "tests/corpus",
            "-q",
            "--to",
            "parquet",
            "--table",
            table,
            "-o",
            &out,
        ]);
        let file = std::fs::File::open(&out).unwrap();
        let rows = SerializedFileReader::new(file)
            .unwrap()
            .metadata()
            .file_metadata()
            .num_rows();
        let items: usize = events
            .iter()
            .map(|e| e[table].as_array().unwrap().len())
            .sum();
        assert!(items > 0, "{table}");
        assert_eq!(rows as usize, items, "{table}");
        // A long table is not the events table: refused with the reason.
        let refused = currents()
            .args(["convert", &out, "--to", "jsonl"])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(&format!("the `{table}` table")), "{stderr}");
    }
}

#[test]
fn table_and_csv_flags_are_refused_where_they_do_not_apply() {
    for args in [
        &["--to", "xlsx", "--table", "sources"][..],
        &["--to", "parquet", "--bom"][..],
        &["--to", "xlsx", "--excel-safe"][..],
    ] {
        let output = currents()
            .args(["convert", "samples/news"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

/// What the filter flags keep, decided here from the JSON Lines records.
struct Filter<'a> {
    args: &'a [&'a str],
    keep: fn(&Value) -> bool,
}

fn lower(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_lowercase()
}

fn has_tag(record: &Value, key: &str, tags: &[&str]) -> bool {
    let values = match &record[key] {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    values.iter().any(|v| tags.contains(&lower(v).as_str()))
}

fn mentions(record: &Value, words: &[&str]) -> bool {
    let text = format!(
        "{}\n{}",
        lower(&record["headline"]),
        lower(&record["summary"])
    );
    words.iter().any(|w| text.contains(w))
}

fn filters() -> Vec<Filter<'static>> {
    vec![
        Filter {
            args: &["--since", "2017-01-01", "--until", "2017-12-31"],
            keep: |r| r["date"].as_str().unwrap().starts_with("2017-"),
        },
        Filter {
            args: &["--context", "IRAQ", "--context", "russia"],
            keep: |r| has_tag(r, "contexts", &["iraq", "russia"]),
        },
        Filter {
            args: &["--category", "ukraine", "--category", "Iraq"],
            keep: |r| has_tag(r, "category", &["ukraine", "iraq"]),
        },
        Filter {
            args: &[
                "--grep",
                "Trump",
                "--grep",
                "PUTIN",
                "--since",
                "2016-06-01",
            ],
            keep: |r| {
                mentions(r, &["trump", "putin"]) && r["date"].as_str().unwrap() >= "2016-06-01"
            },
        },
    ]
}

/// Every filter on JSON Lines, CSV, Parquet, XLSX, markdown and JSON keeps
/// exactly the records the same filter keeps from the whole JSON Lines.
#[test]
fn filters_keep_the_same_events_in_every_format() {
    let all = run_ok(&["convert", "tests/corpus", "-q", "--to", "jsonl"]);
    let dir = tempfile::tempdir().unwrap();
    for filter in filters() {
        let kept: Vec<&str> = std::str::from_utf8(&all)
            .unwrap()
            .lines()
            .filter(|line| (filter.keep)(&serde_json::from_str(line).unwrap()))
            .collect();
        assert!(
            !kept.is_empty() && kept.len() < 100,
            "{:?}: {}",
            filter.args,
            kept.len()
        );
        let expected = kept.iter().map(|l| format!("{l}\n")).collect::<String>();
        let export = |to: &str| {
            let out = path(dir.path(), &format!("out.{to}"));
            let args = [
                &["convert", "tests/corpus", "-q", "--to", to, "-o", &out][..],
                filter.args,
            ]
            .concat();
            run_ok(&args);
            out
        };
        for to in ["jsonl", "csv", "parquet", "xlsx"] {
            let back = run_ok(&["convert", &export(to), "--to", "jsonl"]);
            assert_eq!(
                String::from_utf8(back).unwrap(),
                expected,
                "{to} {:?}",
                filter.args
            );
        }
        let markdown = std::fs::read_to_string(export("md")).unwrap();
        let pages = markdown.lines().filter(|l| l.starts_with("# ")).count();
        assert_eq!(pages, kept.len(), "md {:?}", filter.args);
        let json: Value = serde_json::from_slice(&std::fs::read(export("json")).unwrap()).unwrap();
        assert_eq!(
            json.as_array().unwrap().len(),
            kept.len(),
            "json {:?}",
            filter.args
        );
    }
}

#[test]
fn since_after_until_is_refused() {
    let output = currents()
        .args([
            "convert",
            "samples/news",
            "--to",
            "csv",
            "--since",
            "2018-01-01",
            "--until",
            "2017-01-01",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("--since 2018-01-01 is after --until 2017-01-01"));
}

/// `--text plain`: no HTML entity and no `''` wiki quote left in the
/// exported texts (the corpus has both), the same events, and the default
/// export unchanged.
#[test]
fn text_plain_decodes_entities_and_drops_wiki_residue() {
    let entity = regex_lite_entity;
    let source = records(&run_ok(&["convert", "tests/corpus", "-q", "--to", "jsonl"]));
    let plain = records(&run_ok(&[
        "convert",
        "tests/corpus",
        "-q",
        "--to",
        "jsonl",
        "--text",
        "plain",
    ]));
    let fixed = records(&run_ok(&[
        "convert",
        "tests/corpus",
        "-q",
        "--to",
        "jsonl",
        "--text",
        "fixed",
    ]));
    let texts = |r: &Value| format!("{}\n{}\n{}", r["headline"], r["summary"], r["category"]);
    let with_entities = source.iter().filter(|r| entity(&texts(r))).count();
    assert!(with_entities >= 20, "{with_entities} records with entities");
    assert!(source.iter().any(|r| texts(r).contains("''")));
    assert_eq!(plain.len(), source.len());
    for (s, p) in source.iter().zip(&plain) {
        assert_eq!((&s["date"], &s["sources"]), (&p["date"], &p["sources"]));
        assert!(
            !entity(&texts(p)) && !texts(p).contains("''"),
            "{}",
            texts(p)
        );
        assert!(
            !texts(p).contains("*") || texts(s).contains("\\*"),
            "{}",
            texts(p)
        );
    }
    assert!(fixed.iter().all(|r| !entity(&texts(r))));
    assert!(
        fixed.iter().any(|r| texts(r).contains('*')),
        "wiki quotes as emphasis"
    );
}

/// True when `text` holds an HTML entity reference such as `&quot;` or `&#39;`.
fn regex_lite_entity(text: &str) -> bool {
    text.match_indices('&').any(|(at, _)| {
        let rest = &text[at + 1..];
        let body: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
            .collect();
        !body.is_empty() && rest[body.len()..].starts_with(';')
    })
}
