//! Output safety, whatever the input text: CSV cells never spill into
//! another field or row (read back with the `csv` crate), and `--split-by`
//! file names never leave the output folder nor name anything but a plain
//! file on any system. (Feeds never gaining elements: `proptest_feeds.rs`.)

use chrono::NaiveDate;
use currents::filter::{file_stem, SplitBy};
use currents::formats::{
    csv::EVENTS_HEADER, CsvTable, CsvWriter, FeedKind, FeedOptions, SplitFeedWriter, Writer,
};
use currents::Event;
use proptest::prelude::*;

use crate::common;

use common::strategies::{self, revision, EventParts};
use common::walk;

/// Text that tries to break out of a cell or a path: separators, quotes,
/// line breaks, formula starters, path syntax, NUL, device names, long
/// runs, and any Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "\\PC{1,8}",
        1 => "(?s:.{1,6})",
        1 => "[\u{10000}-\u{10FFFF}]{60,90}",
        1 => "[𝕒-𝕫]{60,90}",
        2 => prop::sample::select(vec![
            ",", "\"", "\"\"", "\n", "\r", "\r\n", "\t", ";", "=", "+", "-", "@", "=cmd|'/c calc'!A1",
            "../", "..", ".", "/", "\\", "..\\", "/etc/passwd", "C:", "\u{0}", "CON", "con",
            "nul", "Aux", "prn", "COM1", "com9", "LPT5", "lpt¹", "COM³", "con.txt", "\u{feff}",
            " ", ".hidden", "~", "*", "?", "|", "<", ">", ":", "\u{202e}", "\u{85}",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 1..8).prop_map(|p| p.concat())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1i32..=9999, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn event() -> impl Strategy<Value = Event> {
    let revision = revision(
        hostile_text(),
        hostile_text(),
        Just(None),
        prop::option::of(hostile_text()),
    );
    EventParts {
        revisions: prop::collection::vec(revision, 0..3).boxed(),
        path: prop::option::of(hostile_text()).boxed(),
        ..EventParts::of_text(date().boxed(), hostile_text().boxed(), 4, 3)
    }
    .strategy()
}

fn write_csv(events: &[Event], table: CsvTable, bom: bool, excel_safe: bool) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = CsvWriter::new(&mut out)
            .table(table)
            .bom(bom)
            .excel_safe(excel_safe);
        events.iter().for_each(|e| writer.write_event(e).unwrap());
        writer.finish().unwrap();
    }
    out
}

/// Every record of a CSV document, read by the `csv` crate with no
/// header handling and ragged rows allowed (so a spill would show).
fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// What a cell holds for `value`: the value itself, or with `--excel-safe`
/// a `'` before a formula character.
fn cell(value: &str, excel_safe: bool) -> String {
    if excel_safe && value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// The rows each table should have: the cells holding page text, by
/// column index, for each event in order.
fn expected_text_cells(table: CsvTable, events: &[Event]) -> Vec<Vec<(usize, String)>> {
    let mut rows = Vec::new();
    for e in events {
        match table {
            CsvTable::Events => rows.push(vec![
                (2, e.headline.clone()),
                (3, e.category.clone().unwrap_or_default()),
                (4, e.summary.clone().unwrap_or_default()),
                (9, e.path.clone().unwrap_or_default()),
            ]),
            CsvTable::Sources => rows.extend(
                e.sources
                    .iter()
                    .map(|s| vec![(2, s.name.clone()), (3, s.url.clone())]),
            ),
            CsvTable::Related => rows.extend(
                e.related
                    .iter()
                    .map(|r| vec![(2, r.headline.clone()), (3, r.path.clone())]),
            ),
            CsvTable::Contexts => rows.extend(e.contexts.iter().map(|c| vec![(2, c.clone())])),
            CsvTable::Revisions => rows.extend(e.revisions.iter().map(|r| {
                vec![
                    (2, r.headline.clone()),
                    (3, r.path.clone()),
                    (5, r.label.clone().unwrap_or_default()),
                ]
            })),
            _ => unreachable!("a table this test does not know"),
        }
    }
    rows
}

/// Windows device names: reserved with any extension, in any case.
fn is_windows_device(stem: &str) -> bool {
    let s = stem.to_ascii_lowercase();
    let numbered = |prefix: &str| {
        s.strip_prefix(prefix).is_some_and(|n| {
            matches!(
                n,
                "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
            )
        })
    };
    ["con", "prn", "aux", "nul", "conin$", "conout$"].contains(&s.as_str())
        || numbered("com")
        || numbered("lpt")
}

/// A file name any common system accepts as a plain file in the folder.
fn assert_safe_file_name(name: &str) {
    assert!(!name.is_empty() && name != "." && name != "..", "{name:?}");
    assert!(
        name.len() <= 255,
        "longer than NAME_MAX: {} bytes",
        name.len()
    );
    assert!(
        name.encode_utf16().count() <= 255,
        "too long for Windows: {name:?}"
    );
    assert!(
        !name
            .chars()
            .any(|c| c.is_control()
                || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')),
        "{name:?}"
    );
    assert!(
        !name.starts_with('.') && !name.ends_with(['.', ' ']),
        "{name:?}"
    );
    let stem = name.split('.').next().unwrap();
    assert!(!is_windows_device(stem), "a Windows device name: {name:?}");
}

proptest! {
    #![proptest_config(strategies::config(256))]

    /// Each table: as many rows as the data, every row as wide as the
    /// header, and every text cell exactly the text (or its `'` guard).
    #[test]
    fn csv_cells_never_spill(
        events in prop::collection::vec(event(), 0..6),
        bom in any::<bool>(),
        excel_safe in any::<bool>(),
    ) {
        for table in CsvTable::ALL {
            let bytes = write_csv(&events, table, bom, excel_safe);
            let rows = records(&bytes);
            let header = table.header();
            // (The csv crate drops a BOM itself.)
            prop_assert_eq!(bytes.starts_with("\u{feff}".as_bytes()), bom);
            prop_assert_eq!(&rows[0], &header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
            let want = expected_text_cells(table, &events);
            prop_assert_eq!(rows.len() - 1, want.len(), "{:?}", table);
            for (row, cells) in rows[1..].iter().zip(&want) {
                prop_assert_eq!(row.len(), header.len(), "{:?}: {:?}", table, row);
                for (at, value) in cells {
                    prop_assert_eq!(&row[*at], &cell(value, excel_safe), "{:?} column {}", table, header[*at]);
                }
            }
            if table == CsvTable::Events {
                prop_assert_eq!(header, EVENTS_HEADER);
            }
        }
    }

    /// File stems from any text are safe names, and a split writes only
    /// plain files directly inside the output folder, one per group.
    #[test]
    fn split_file_names_never_escape_the_folder(
        contexts in prop::collection::vec(hostile_text(), 1..8),
    ) {
        for context in &contexts {
            let stem = file_stem(context);
            assert_safe_file_name(&format!("{stem}.atom"));
        }
        let date = NaiveDate::from_ymd_opt(2017, 6, 19).unwrap();
        let events: Vec<Event> = contexts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut e = Event::new(date, format!("Event {i}"));
                e.path = Some(format!("/news/2017/06/19/e{i}.md"));
                e.contexts = vec![c.clone(), contexts[0].clone()];
                e
            })
            .collect();
        let (groups, _) = SplitBy::Context.group(&events);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("feeds");
        let mut options = FeedOptions::new("https://example.org").unwrap();
        options.limit = 0;
        let mut writer = SplitFeedWriter::new(&out, FeedKind::Rss, SplitBy::Context, options);
        events.iter().for_each(|e| writer.write_event(e).unwrap());
        writer.finish().unwrap();
        prop_assert_eq!(writer.written().len(), groups.len());
        for path in writer.written() {
            prop_assert_eq!(path.parent(), Some(out.as_path()));
            assert_safe_file_name(&path.file_name().unwrap().to_string_lossy());
        }
        // Nothing else anywhere under the temporary folder.
        let mut found: Vec<_> = walk(dir.path());
        found.sort();
        let mut written = writer.written().to_vec();
        written.sort();
        prop_assert_eq!(found, written);
    }
}

/// Through the command line: a page whose context tags are paths, device
/// names and a NUL gives feeds only inside the `-o` folder.
#[test]
fn split_by_context_from_a_hostile_page_stays_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("news/2017/06/19/index.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(
        &page,
        "## [2017-06-19](/news/2017/06/19/index.md)\n\n\
         ### [A headline](/news/2017/06/19/a.md)\n\n\
         _Context: ../../escape, /etc/passwd, CON, com7, lpt³, a\u{0}b, ..\\..\\win, \
         .hidden, x/../../y_\n",
    )
    .unwrap();
    let out = dir.path().join("out/feeds");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("currents"))
        .args([
            "convert",
            "--to",
            "atom",
            "--site-url",
            "https://example.org",
        ])
        .args(["--split-by", "context", "-q", "-o"])
        .arg(&out)
        .arg(dir.path().join("news"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        assert_safe_file_name(name);
    }
    // Every hostile tag has punctuation, so its name is its slug and a
    // hash of the tag (docs/feeds.md, "Split feeds").
    let slugs: Vec<&str> = names
        .iter()
        .map(|n| n.rsplit_once('-').unwrap().0)
        .collect();
    assert_eq!(
        slugs,
        [
            "a-b",
            "com7-",
            "con-",
            "escape",
            "etc-passwd",
            "hidden",
            "lpt³-",
            "win",
            "x-y"
        ]
    );
    // Only the page and the feeds folder exist: nothing was written elsewhere.
    let mut all = walk(dir.path());
    all.retain(|p| !p.starts_with(&out));
    assert_eq!(all, [page]);
}

/// Found by `split_file_names_never_escape_the_folder`: `com5`…`com9`,
/// `lpt4`…`lpt9`, `com0`, `lpt0` and `com¹`… were not treated as Windows
/// device names, and a tag of 80 four-byte letters made a 325-byte file
/// name, which Linux refuses (ENAMETOOLONG) and the split failed.
#[test]
fn regression_device_names_and_long_tags_in_split_file_names() {
    for (tag, stem) in [
        ("COM5", "com5-"),
        ("lpt9", "lpt9-"),
        ("com0", "com0-"),
        ("LPT¹", "lpt¹-"),
        ("com10", "com10"),
    ] {
        assert_eq!(file_stem(tag), stem);
    }
    let long = "𝕒".repeat(100);
    let stem = file_stem(&long);
    assert_eq!(stem, "𝕒".repeat(50));
    let date = NaiveDate::from_ymd_opt(2017, 6, 19).unwrap();
    let mut event = Event::new(date, "E");
    event.contexts = vec![long];
    let dir = tempfile::tempdir().unwrap();
    let mut options = FeedOptions::new("https://example.org").unwrap();
    options.limit = 0;
    let mut writer = SplitFeedWriter::new(dir.path(), FeedKind::Atom, SplitBy::Context, options);
    writer.write_event(&event).unwrap();
    writer.finish().unwrap();
    // Cut short, the name is no longer the tag's own spelling: a hash of
    // the tag follows (docs/feeds.md, "Split feeds").
    let name = writer.written()[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with(&format!("{stem}-")) && name.ends_with(".atom"),
        "{name}"
    );
    assert!(name.len() < 255, "{name}");
}
