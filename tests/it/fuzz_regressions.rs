//! Every input the fuzzers found failing, as a test named after its bug.
//! Each check is the fuzz target's: a page read without errors renders to
//! markdown that reads back as the same model, and rendering again gives
//! the same text.

use currents::formats::markdown::render;
use currents::Document;

/// The `markdown_roundtrip` target's property.
fn round_trips(page: &str) -> Document {
    let first = currents::parse_str(page);
    assert!(
        !first.has_errors() && !first.drops_content(),
        "{:?}",
        first.diagnostics
    );
    let text = render(&first.document);
    let second = currents::parse_str(&text);
    assert_eq!(second.document, first.document, "rendered:\n{text}");
    assert_eq!(render(&second.document), text);
    first.document
}

/// `markdown_roundtrip` crash-2cd384ca: a summary line indented by four
/// spaces is paragraph text (`- /opinion/index, ...`), but was written at
/// the start of a line, where it starts a list and leaves the summary.
#[test]
fn regression_summary_line_that_would_start_a_block() {
    for line in [
        "- a list?",
        "# a heading?",
        "> a quote?",
        "1. a list?",
        "===",
        "```",
        "<div>",
    ] {
        let page = format!(
            "### [2017-06-19](/news/2017/06/19/index.md)\n\n# Headline\n\nThe summary\n    {line}\nends here.\n"
        );
        let Document::Event(event) = round_trips(&page) else {
            panic!("an event page")
        };
        let summary = event.summary.unwrap();
        assert!(summary.contains(&format!("\n{line}\n")), "{summary:?}");
    }
    let day = "## [2017-06-19](/news/2017/06/19/index.md)\n\n### [H](/news/2017/06/19/h.md)\n\nThe summary\n    - not a list\n_Context: A, B_\n";
    let Document::Day(day) = round_trips(day) else {
        panic!("a day page")
    };
    assert_eq!(day.events[0].contexts, ["A", "B"]);
}

/// `markdown_roundtrip` crash-e1252270: a revision note that starts with a
/// timestamp but is not `timestamp (label)` is read whole as the label; it
/// was written as `(label)`, which read back with the parentheses.
#[test]
fn regression_revision_note_starting_with_a_timestamp() {
    let page = "### [2018-02-06](/news/2018/02/6/index.md)\n\n# H\n\n### Changes:\n\n1. [A](/a.md) _2018-02-06 13:49:30 x)_\n";
    let Document::Event(event) = round_trips(page) else {
        panic!("an event page")
    };
    assert_eq!(event.revisions[0].timestamp, None);
    assert_eq!(
        event.revisions[0].label.as_deref(),
        Some("2018-02-06 13:49:30 x)")
    );
}

/// `markdown_roundtrip` crash-b6ad37c6: on a day page the context line
/// came first and the summary after it began `3. [x](y)`; written summary
/// first, that line started a list and the summary and contexts were lost.
#[test]
fn regression_day_item_summary_that_starts_like_a_list() {
    let page = "## [2017-06-19](/news/2017/06/19/index.md)\n\n### [H](/news/2017/06/19/h.md)\n_Context: A, B_\n3. [X](/news/x.md) is not a list here\n4. nor this\n";
    let Document::Day(day) = round_trips(page) else {
        panic!("a day page")
    };
    let event = &day.events[0];
    assert_eq!(event.contexts, ["A", "B"]);
    assert_eq!(
        event.summary.as_deref(),
        Some("3. [X](/news/x.md) is not a list here\n4. nor this")
    );
}

/// Found by the short CI run of `markdown_roundtrip` (crash-4a8ef316)
/// after the first fix: a summary of two paragraphs whose second does not
/// read as one paragraph had all its lines indented, and after the blank
/// line the indentation made a code block. Each paragraph is now written
/// on its own.
#[test]
fn regression_two_paragraph_summary_with_a_line_that_would_start_a_block() {
    let page = "### [2017-06-19](/news/2017/06/19/index.md)\n\n# H\n\nFirst paragraph.\n\nSecond one\n)\n    - and a line\n";
    let Document::Event(event) = round_trips(page) else {
        panic!("an event page")
    };
    assert_eq!(
        event.summary.as_deref(),
        Some("First paragraph.\n\nSecond one\n)\n- and a line")
    );
}
