//! Inputs that must not panic, hang or change meaning: empty, binary,
//! BOM, CRLF, huge lines and huge lists.

use crate::common;

use currents::{parse_bytes, parse_str, DiagnosticKind, Document, Severity};

#[test]
fn an_empty_file_is_not_an_event_document() {
    for text in ["", "   ", "\n\n\t \n", "\u{feff}"] {
        let parsed = parse_bytes(text.as_bytes(), None);
        let Document::NotEvent(page) = &parsed.document else {
            panic!("{text:?}")
        };
        assert_eq!(page.reason, "the page is empty");
        assert!(!parsed.has_errors());
    }
}

#[test]
fn invalid_utf8_is_an_error_naming_the_byte_offset() {
    let mut bytes = b"### [2015-11-25](/news/2015/11/25/index.md)\n\n# Caf".to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xE9 opens\n");
    let parsed = parse_bytes(&bytes, Some(std::path::Path::new("bad.md")));
    let first = &parsed.diagnostics[0];
    assert_eq!(first.kind, DiagnosticKind::InvalidUtf8 { offset });
    assert_eq!((first.line, first.column), (3, 6));
    assert_eq!(
        first.to_string(),
        format!("bad.md:3:6: error: invalid UTF-8 at byte offset {offset}")
    );
    assert!(parsed.has_errors());
    // The rest of the page is still read.
    assert_eq!(
        parsed.document.events().next().unwrap().headline,
        "Caf\u{fffd} opens"
    );
}

#[test]
fn a_bom_is_skipped() {
    for path in common::all_pages() {
        let bytes = std::fs::read(&path).unwrap();
        let plain = parse_bytes(&bytes, Some(&path));
        let with_bom = parse_bytes(&[b"\xEF\xBB\xBF".as_slice(), &bytes].concat(), Some(&path));
        assert_eq!(plain.document, with_bom.document, "{}", path.display());
    }
}

#[test]
fn crlf_and_cr_line_endings_read_like_lf() {
    for path in common::all_pages() {
        let text = std::fs::read_to_string(&path).unwrap();
        let lf = parse_bytes(text.as_bytes(), Some(&path));
        let crlf = parse_bytes(text.replace('\n', "\r\n").as_bytes(), Some(&path));
        let cr = parse_bytes(text.replace('\n', "\r").as_bytes(), Some(&path));
        assert_eq!(lf.document, crlf.document, "{}", path.display());
        assert_eq!(lf.document, cr.document, "{}", path.display());
        assert_eq!(lf.diagnostics, crlf.diagnostics, "{}", path.display());
    }
}

/// A small deterministic generator, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..2_000 {
        let len = (rng.next() % 512) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let parsed = parse_bytes(&bytes, None);
        assert!(
            parsed
                .diagnostics
                .iter()
                .all(|d| d.line >= 1 && d.column >= 1),
            "round {round}"
        );
    }
}

#[test]
fn random_markdown_shapes_never_panic() {
    const PIECES: &[&str] = &[
        "### [",
        "## [",
        "# ",
        "##### ",
        "](",
        ")",
        "[",
        "]",
        "2017-06-19",
        "1999-01-1",
        "2017-02-30",
        "/news/2017/06/19/x.md",
        "\n",
        "\n\n",
        "1. ",
        "2. ",
        "- ",
        "_Context: a, b_",
        "_(Current version)_",
        "### Sources:\n",
        "### Related:\n",
        "### Changes:\n",
        "### Foo:\n",
        "Formats: ",
        "---\n",
        "Previous Day...",
        "&amp;",
        "''",
        "{{Nowrap|",
        "  ",
        "`",
        "<b>",
        "> ",
        "    code",
        "\u{0}",
        "é",
        "\r\n",
    ];
    let mut rng = XorShift(42);
    for round in 0..5_000 {
        let count = (rng.next() % 40) as usize;
        let text: String = (0..count)
            .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
            .collect();
        let parsed = parse_str(&text);
        for diagnostic in &parsed.diagnostics {
            assert!(
                diagnostic.line <= text.lines().count().max(1) + 1,
                "round {round}: {diagnostic}"
            );
        }
    }
}

#[test]
fn a_ten_megabyte_single_line() {
    let mut text = String::from("### [2017-06-19](/news/2017/06/19/index.md)\n\n# ");
    text.push_str(&"word ".repeat(2_000_000));
    let parsed = parse_str(&text);
    let Document::Event(event) = &parsed.document else {
        panic!("an event page")
    };
    assert_eq!(event.headline.len(), 2_000_000 * 5 - 1);
    let line_only = parse_str(&"x".repeat(10 * 1024 * 1024));
    assert_eq!(line_only.document.kind_name(), "not_event");
}

#[test]
fn a_hundred_thousand_list_items() {
    // Quadratic work here would take minutes, not a fraction of a second.
    let mut text = String::from(
        "### [2017-06-19](/news/2017/06/19/index.md)\n\n# Headline\n\n### Sources:\n\n",
    );
    for i in 1..=100_000 {
        text.push_str(&format!("{i}. [S{i}](http://example.com/{i})\n"));
    }
    text.push_str("100000. [Again](http://example.com/again)\n");
    let parsed = parse_str(&text);
    let Document::Event(event) = &parsed.document else {
        panic!("an event page")
    };
    assert_eq!(event.sources.len(), 100_001);
    assert_eq!(event.sources[99_999].name, "S100000");
    let repeated: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    assert_eq!(repeated.len(), 1);
    assert_eq!(repeated[0].line, 100_007);
    assert_eq!(
        repeated[0].kind,
        DiagnosticKind::RepeatedListNumber { number: 100_000 }
    );
}

#[test]
fn a_day_with_a_hundred_thousand_headlines() {
    let mut text = String::from("## [2017-06-19](/news/2017/06/19/index.md)\n\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "### [Item {i}](/news/2017/06/19/item-{i}.md)\n_Context: T{i}_\n\n"
        ));
    }
    let Document::Day(day) = parse_str(&text).document else {
        panic!("a day page")
    };
    assert_eq!(day.events.len(), 100_000);
    assert_eq!(day.events[77].contexts, ["T77"]);
}

#[test]
fn structural_problems_are_located_diagnostics() {
    let text = "### [2017-02-30](/news/2017/02/30/index.md)\n\n# Headline\n\n### Sources:\n\n1. just text\n\n### Extra:\n\nbody\n";
    let parsed = parse_str(text);
    let shown: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        shown,
        [
            "<stdin>:1:5: error: invalid date `2017-02-30`",
            "<stdin>:7:1: warning: source item is not `[name](url)` (not kept)",
            "<stdin>:9:1: warning: unknown section `### Extra:` (kept)",
        ]
    );
    let Document::Event(event) = parsed.document else {
        panic!("an event page")
    };
    assert_eq!(event.extra_sections[0].body, "body");
}

#[test]
fn date_text_and_path_disagree() {
    let text = "### [2017-06-19](/news/2017/06/18/index.md)\n\n# Headline\n";
    let parsed = parse_str(text);
    assert_eq!(
        parsed.diagnostics[0].kind,
        DiagnosticKind::DateMismatch {
            text: "2017-06-19".into(),
            path: "/news/2017/06/18/index.md".into()
        }
    );
    let file = std::path::Path::new("site/news/2017/06/20/x.md");
    let parsed = parse_bytes(
        b"### [2017-06-19](/news/2017/06/19/index.md)\n\n# Headline\n",
        Some(file),
    );
    assert!(parsed.diagnostics[0]
        .to_string()
        .contains("and path `/news/2017/06/20/x.md` disagree"));
}
