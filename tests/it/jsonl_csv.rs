//! JSON Lines and CSV: round trips on the whole corpus, the CLI, and the
//! cells a spreadsheet would misread.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use currents::event_id;
use currents::formats::{CsvFormat, CsvTable, CsvWriter, JsonlFormat, JsonlWriter};
use currents::formats::{CsvReader, JsonlReader};
use currents::formats::{RecordFormat, Writer};
use currents::{parse_file, Event, Source};

// Run in the package's folder (as cargo runs tests): relative paths hold.
use crate::common::{currents, run_ok};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Every page of the corpus (`.md` and the seed `.txt`), in name order.
fn corpus_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(corpus())
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")))
        .collect();
    pages.sort();
    pages
}

fn to_jsonl(events: &[Event]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = JsonlWriter::new(&mut out);
    events.iter().for_each(|e| writer.write_event(e).unwrap());
    writer.finish().unwrap();
    out
}

fn to_csv(events: &[Event], table: CsvTable) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = CsvWriter::new(&mut out).table(table);
    events.iter().for_each(|e| writer.write_event(e).unwrap());
    writer.finish().unwrap();
    drop(writer);
    out
}

fn from_jsonl(bytes: &[u8]) -> Vec<Event> {
    JsonlReader::new(bytes, None)
        .map(|r| r.unwrap_or_else(|d| panic!("{d}")))
        .collect()
}

fn from_csv(bytes: &[u8]) -> Vec<Event> {
    CsvReader::new(bytes, None)
        .map(|r| r.unwrap_or_else(|d| panic!("{d}")))
        .collect()
}

/// markdown → model → JSONL → model and → CSV (events table alone) → model
/// give the same events, page by page, on every page of the corpus.
#[test]
fn every_corpus_page_round_trips_through_jsonl_and_csv() {
    let pages = corpus_pages();
    assert_eq!(
        pages.len(),
        146,
        "101 .md pages, the 44 of thecontext-zh/ and the seed"
    );
    let mut events_seen = 0;
    let mut zh_images = 0;
    for page in &pages {
        let parsed = parse_file(page).unwrap();
        let mut events: Vec<Event> = parsed.document.events().cloned().collect();
        events_seen += events.len();
        // A source's picture (`[IMG](…)` of the Chinese pages) is in the
        // records too.
        let images = source_images(&events);
        // The records write an empty topic line (`##### `, two zh pages) as
        // no category, on purpose (docs/exports.md).
        for event in &mut events {
            event.category = event.category.take().filter(|c| !c.is_empty());
        }
        if page.to_string_lossy().contains("thecontext-zh") {
            zh_images += images;
        }
        let jsonl = to_jsonl(&events);
        assert_eq!(jsonl.iter().filter(|&&b| b == b'\n').count(), events.len());
        assert_eq!(from_jsonl(&jsonl), events, "JSONL: {}", page.display());
        let csv = to_csv(&events, CsvTable::Events);
        assert_eq!(from_csv(&csv), events, "CSV: {}", page.display());
    }
    assert_eq!(
        events_seen, 476,
        "389 events under thecontext/, 86 under thecontext-zh/ and the seed's one"
    );
    assert_eq!(
        zh_images, 7,
        "seven zh event pages have a `[IMG](…)` source"
    );
}

/// How many sources have a picture.
fn source_images(events: &[Event]) -> usize {
    let sources = events.iter().flat_map(|e| &e.sources);
    sources.filter(|s| s.image.is_some()).count()
}

/// Long tables hold one row per list item, keyed by the event id.
#[test]
fn long_tables_have_one_row_per_item_of_the_corpus() {
    let events: Vec<Event> = corpus_pages()
        .iter()
        .flat_map(|p| {
            let parsed = parse_file(p).unwrap();
            parsed.document.events().cloned().collect::<Vec<_>>()
        })
        .collect();
    let count = |f: fn(&Event) -> usize| events.iter().map(f).sum::<usize>();
    for (table, items) in [
        (CsvTable::Sources, count(|e| e.sources.len())),
        (CsvTable::Related, count(|e| e.related.len())),
        (CsvTable::Contexts, count(|e| e.contexts.len())),
        (CsvTable::Revisions, count(|e| e.revisions.len())),
    ] {
        assert!(items > 0, "{}", table.name());
        let bytes = to_csv(&events, table);
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(reader.headers().unwrap(), table.header());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), items, "{}", table.name());
        // Every row's event_id names an event, positions count from 1.
        let ids: std::collections::HashSet<String> = events.iter().map(event_id).collect();
        assert!(rows.iter().all(|r| ids.contains(&r[0])));
        assert!(rows.iter().any(|r| &r[1] == "1"));
    }
}

fn nasty_event() -> Event {
    let date = NaiveDate::from_ymd_opt(2016, 12, 4).unwrap();
    let mut event = Event::new(date, "-Russia, \"Turkey\" and Öcalan —\nsecond line =1+1");
    event.summary = Some("=1+1".into());
    event.category = Some("@SUM(A1)".into());
    event.contexts = vec!["a, b".into(), "+c".into(), "RTÉ".into()];
    event.sources = vec![Source::new("AP, \"quoted\"", "http://x/?a=1,2")];
    event
}

#[test]
fn a_nasty_headline_round_trips_in_csv_and_is_neutralised_with_excel_safe() {
    let event = nasty_event();
    let csv = to_csv(std::slice::from_ref(&event), CsvTable::Events);
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(
        text.contains("\"-Russia, \"\"Turkey\"\" and Öcalan —\nsecond line =1+1\""),
        "{text}"
    );
    assert_eq!(from_csv(&csv), vec![event.clone()]);

    let mut safe = Vec::new();
    let mut writer = CsvWriter::new(&mut safe).excel_safe(true);
    writer.write_event(&event).unwrap();
    writer.finish().unwrap();
    drop(writer);
    let mut reader = csv::Reader::from_reader(safe.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(
        &row[2],
        "'-Russia, \"Turkey\" and Öcalan —\nsecond line =1+1"
    );
    assert_eq!(&row[3], "'@SUM(A1)");
    assert_eq!(&row[4], "'=1+1");
    assert!(!row
        .iter()
        .any(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r'])));
    // Lossy, as documented: the guard stays when read back.
    assert_eq!(from_csv(&safe)[0].summary.as_deref(), Some("'=1+1"));
}

/// The whole corpus through the binary, in site mode (one record per event)
/// and with `--pages`: JSONL and CSV read back to the same bytes, and into
/// each other.
#[test]
fn cli_corpus_exports_reproduce_themselves_byte_for_byte() {
    let seed = "tests/corpus/seed/000_c9a94dbc7f91e72e.txt";
    // With thecontext-zh/: 51 more events, 86 more pages.
    for (mode, records) in [(None, 275), (Some("--pages"), 476)] {
        let dir = tempfile::tempdir().unwrap();
        let jsonl = dir.path().join("corpus.jsonl");
        let csv = dir.path().join("corpus.csv");
        let (j, c) = (jsonl.to_str().unwrap(), csv.to_str().unwrap());
        let mode: Vec<&str> = mode.into_iter().collect();
        run_ok(
            &[
                &["convert", "tests/corpus", seed, "--to", "jsonl", "-o", j],
                &mode[..],
            ]
            .concat(),
        );
        run_ok(
            &[
                &["convert", "tests/corpus", seed, "--to", "csv", "-o", c],
                &mode[..],
            ]
            .concat(),
        );
        let jsonl_bytes = std::fs::read(&jsonl).unwrap();
        let csv_bytes = std::fs::read(&csv).unwrap();
        let lines = jsonl_bytes.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(lines, records, "{mode:?}");
        assert_eq!(run_ok(&["convert", j, "--to", "jsonl"]), jsonl_bytes);
        assert_eq!(run_ok(&["convert", c, "--to", "csv"]), csv_bytes);
        assert_eq!(run_ok(&["convert", c, "--to", "jsonl"]), jsonl_bytes);
        assert_eq!(run_ok(&["convert", j, "--to", "csv"]), csv_bytes);
        // Records are written as read, in --pages mode too.
        assert_eq!(
            run_ok(&["convert", j, "--to", "jsonl", "--pages"]),
            jsonl_bytes
        );
        // -o left only the two outputs in the folder: no temporary files.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        if mode.is_empty() {
            let ids: std::collections::HashSet<String> =
                from_jsonl(&jsonl_bytes).iter().map(event_id).collect();
            assert_eq!(
                ids.len(),
                records,
                "site mode: one record, one id per event"
            );
        } else {
            // stdin with --from, and a BOM that the reader skips.
            let bom = currents()
                .args(["convert", "-", "--from", "jsonl", "--to", "csv", "--bom"])
                .write_stdin(jsonl_bytes.clone())
                .output()
                .unwrap();
            assert!(bom.stdout.starts_with(b"\xEF\xBB\xBFid,date,"));
            assert_eq!(&bom.stdout[3..], csv_bytes.as_slice());
            let back = currents()
                .args(["convert", "-", "--from", "csv", "--to", "jsonl"])
                .write_stdin(bom.stdout)
                .output()
                .unwrap();
            assert_eq!(back.stdout, jsonl_bytes);
        }
    }
}

const EVENT_PAGE: &str = "samples/news/2017/06/19/personal-information-of-about-200-million-u-s-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded-b.md";

#[test]
fn snapshot_of_an_event_page_as_jsonl() {
    let out = run_ok(&["convert", EVENT_PAGE, "--to", "jsonl"]);
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn snapshot_of_an_event_page_as_csv() {
    // CRLF shown as `␍` so that the snapshot keeps the line ends visible.
    let out = String::from_utf8(run_ok(&["convert", EVENT_PAGE, "--to", "csv"])).unwrap();
    insta::assert_snapshot!(out.replace('\r', "␍"));
}

/// Folders are walked for markdown only, unless `--from` names a format;
/// the file being written is never read back from a folder.
#[test]
fn folders_are_walked_for_markdown_or_the_from_format_and_an_output_among_them_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let event = nasty_event();
    let mut other = nasty_event();
    other.headline = "From CSV".into();
    let page = "### [2016-12-04](/news/2016/12/4/index.md)\n\n# From markdown\n";
    std::fs::write(
        dir.path().join("a.jsonl"),
        to_jsonl(std::slice::from_ref(&event)),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.csv"),
        to_csv(std::slice::from_ref(&other), CsvTable::Events),
    )
    .unwrap();
    std::fs::write(dir.path().join("c.md"), page).unwrap();
    let folder = dir.path().to_str().unwrap();
    let headlines = |out: Vec<u8>| -> Vec<String> {
        from_jsonl(&out).into_iter().map(|e| e.headline).collect()
    };
    assert_eq!(
        headlines(run_ok(&["convert", folder, "--to", "jsonl"])),
        ["From markdown"]
    );
    assert_eq!(
        headlines(run_ok(&[
            "convert", folder, "--from", "csv", "--to", "jsonl"
        ])),
        ["From CSV"]
    );
    let out = dir.path().join("all.jsonl");
    // An output inside the folder it reads would be read by the next run
    // (or overwrite an input): refused as a usage error.
    let output = currents()
        .args(["convert", folder, "--from", "jsonl", "--to", "jsonl", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("is among the inputs"));
    assert!(!out.exists());
    std::fs::write(&out, to_jsonl(std::slice::from_ref(&event))).unwrap();
    // Named explicitly, files are read by extension, the output file too.
    let named = run_ok(&[
        "convert",
        out.to_str().unwrap(),
        &format!("{folder}/b.csv"),
        "--to",
        "jsonl",
    ]);
    assert_eq!(headlines(named), [event.headline.clone(), other.headline]);
}

#[test]
fn bad_records_are_reported_with_file_and_line_and_the_rest_converted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.jsonl");
    let good = String::from_utf8(to_jsonl(&[nasty_event()])).unwrap();
    std::fs::write(
        &file,
        format!("{good}{{\"date\":\"2016-02-30\",\"headline\":\"x\"}}\n{good}"),
    )
    .unwrap();
    let output = currents()
        .args(["convert", file.to_str().unwrap(), "--to", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:2:", file.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: invalid JSON Lines record"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{good}{good}")
    );
}

#[test]
fn a_long_table_is_refused_as_input_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sources.csv");
    std::fs::write(&file, to_csv(&[nasty_event()], CsvTable::Sources)).unwrap();
    let output = currents()
        .args(["convert", file.to_str().unwrap(), "--to", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:1:1: error:", file.display())),
        "{stderr}"
    );
    assert!(stderr.contains("this is the `sources` table"), "{stderr}");
}

#[test]
fn csv_options_need_csv_output() {
    for flag in ["--bom", "--excel-safe"] {
        let output = currents()
            .args(["convert", "samples/news", "--to", "jsonl", flag])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("--to csv only"));
    }
}

#[test]
fn a_failed_write_leaves_the_old_file_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    std::fs::write(&out, "old\n").unwrap();
    // A folder where the output should go: the rename fails, nothing is lost.
    let target = dir.path().join("is-a-dir");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep"), "x").unwrap();
    let output = currents()
        .args([
            "convert",
            "samples/news",
            "--to",
            "jsonl",
            "-o",
            target.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(target.join("keep").exists());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    assert!(Path::new(&out).exists());
}

#[test]
fn samples_expected_exports_read_back_to_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let jsonl = std::fs::read(root.join("samples/expected/events.jsonl")).unwrap();
    assert!(jsonl.iter().filter(|&&b| b == b'\n').count() >= 5);
    assert_eq!(
        run_ok(&["convert", "samples/expected/events.jsonl", "--to", "jsonl"]),
        jsonl
    );
    assert_eq!(
        run_ok(&["convert", "samples/expected/events.csv", "--to", "jsonl"]),
        jsonl
    );
}

/// Through the binary: the nasty headline survives JSONL → CSV → JSONL, and
/// `--excel-safe` (with `--bom`) neutralises its cells.
#[test]
fn cli_nasty_headline_round_trips_and_excel_safe_neutralises_it() {
    let jsonl = to_jsonl(&[nasty_event()]);
    let convert = |args: &[&str], stdin: Vec<u8>| {
        let output = currents().args(args).write_stdin(stdin).output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        output.stdout
    };
    let csv = convert(
        &["convert", "-", "--from", "jsonl", "--to", "csv"],
        jsonl.clone(),
    );
    let back = convert(&["convert", "-", "--from", "csv", "--to", "jsonl"], csv);
    assert_eq!(back, jsonl);
    let safe = convert(
        &[
            "convert",
            "-",
            "--from",
            "jsonl",
            "--to",
            "csv",
            "--excel-safe",
            "--bom",
        ],
        jsonl,
    );
    let mut reader = csv::Reader::from_reader(&safe[3..]);
    let row = reader.records().next().unwrap().unwrap();
    assert!(row[2].starts_with("'-Russia, \"Turkey\""), "{:?}", &row[2]);
    assert_eq!(&row[4], "'=1+1");
}

/// A run on several threads writes days with a records-only writer per
/// thread and puts the buffers one after another: they must be the bytes
/// one writer writes, head included.
#[test]
fn records_written_apart_are_the_bytes_one_writer_writes() {
    let events: Vec<Event> = corpus_pages()
        .iter()
        .filter_map(|p| parse_file(p).ok())
        .flat_map(|parsed| parsed.document.events().cloned().collect::<Vec<_>>())
        .collect();
    assert!(events.len() > 200);
    // JSON Lines (`None`), then every CSV table, guarded and with a BOM.
    let formats = std::iter::once(None).chain(CsvTable::ALL.map(Some));
    for table in formats {
        let csv = table.map(|table| CsvFormat::new().table(table).bom(true).excel_safe(true));
        let mut one = Vec::new();
        let mut writer: Box<dyn Writer + '_> = match csv {
            None => Box::new(JsonlWriter::new(&mut one)),
            Some(csv) => Box::new(csv.writer(&mut one)),
        };
        events.iter().for_each(|e| writer.write_event(e).unwrap());
        writer.finish().unwrap();
        drop(writer);

        let format: &dyn RecordFormat = match &csv {
            None => &JsonlFormat,
            Some(csv) => csv,
        };
        let mut apart = Vec::new();
        format.head(&mut apart).unwrap();
        // Two threads' writers, each kept for all the chunks it takes, its
        // buffer emptied into the output after each.
        let buffers = [Shared::default(), Shared::default()];
        let mut writers = buffers
            .clone()
            .map(|buffer| format.records(Box::new(buffer)));
        for (i, chunk) in events.chunks(7).enumerate() {
            let thread = usize::from(i % 3 != 0);
            chunk
                .iter()
                .for_each(|e| writers[thread].write_event(e).unwrap());
            writers[thread].finish().unwrap();
            apart.append(&mut buffers[thread].0.borrow_mut());
        }
        assert_eq!(
            String::from_utf8_lossy(&one),
            String::from_utf8_lossy(&apart),
            "{table:?}"
        );
    }
}

/// A buffer written through any of its handles.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
