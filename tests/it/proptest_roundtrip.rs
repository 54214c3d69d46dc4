//! Property tests: arbitrary events survive every format that can hold
//! them. Markdown holds text as markdown source, so its events draw text
//! from words without markdown's active characters; JSON Lines and CSV take
//! any Unicode at all.

use chrono::{NaiveDate, NaiveDateTime};
use currents::formats::markdown::render;
use currents::formats::{CsvReader, JsonlReader};
use currents::formats::{CsvWriter, JsonlWriter, Writer};
use currents::{parse_str, Document, Event, Link, Related, Section, Source};
use proptest::prelude::*;

use crate::common;

use common::strategies::{self, date, revision, EventParts};

fn timestamp() -> impl Strategy<Value = NaiveDateTime> {
    (date(), 0u32..24, 0u32..60, 0u32..60).prop_map(|(d, h, m, s)| d.and_hms_opt(h, m, s).unwrap())
}

/// A word: a letter, then letters, digits and punctuation markdown leaves alone.
fn word() -> impl Strategy<Value = String> {
    "[\\p{L}][\\p{L}\\p{N}.,;:'\"?/%$€—…()-]{0,12}"
}

/// Words apart by single spaces: text in its canonical form.
fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..=max).prop_map(|w| w.join(" "))
}

fn url() -> impl Strategy<Value = String> {
    (
        "https?",
        "[a-z]{1,10}\\.[a-z]{2,3}",
        "(/[A-Za-z0-9_.~%()é-]{0,12}){0,3}",
        "(\\?[a-z]=[0-9 ]{1,4})?",
    )
        .prop_map(|(scheme, host, path, query)| format!("{scheme}://{host}{path}{query}"))
}

fn site_path() -> impl Strategy<Value = String> {
    strategies::site_path("[a-z0-9-]{1,40}")
}

/// Context tags: words without the comma that separates them.
fn tags() -> impl Strategy<Value = Vec<String>> {
    let tag =
        prop::collection::vec("[\\p{L}][\\p{L}\\p{N}.'()-]{0,10}", 1..=3).prop_map(|w| w.join(" "));
    prop::collection::vec(tag, 0..5)
}

/// Events whose text markdown can carry: what a page written from them reads back as.
fn markdown_event() -> impl Strategy<Value = Event> {
    let revision = revision(
        words(8),
        site_path(),
        prop::option::of(timestamp()),
        prop::option::of(words(3)),
    );
    let section = (words(2), words(10)).prop_map(|(t, body)| Section {
        title: format!("Extra {t}:"),
        body,
    });
    let parts = EventParts {
        date: date().boxed(),
        headline: words(20).boxed(),
        category: words(4).boxed(),
        summary: words(30).boxed(),
        contexts: tags().boxed(),
        source_name: words(3).boxed(),
        url: url().boxed(),
        related_headline: words(10).boxed(),
        related_path: site_path().boxed(),
        related_contexts: tags().boxed(),
        lists: 8,
        revisions: prop::collection::vec(revision, 0..4).boxed(),
        path: Just(None).boxed(),
    };
    (
        parts.strategy(),
        prop::option::of(site_path().prop_map(|p| p.replace(".md", "/index.md"))),
        prop::collection::vec(section, 0..2),
    )
        .prop_map(|(mut event, date_link, sections)| {
            event.date_link = date_link;
            // Titles must differ: repeated sections are merged on reading.
            let mut seen = std::collections::HashSet::new();
            event.extra_sections = sections
                .into_iter()
                .filter(|s| seen.insert(s.title.clone()))
                .collect();
            event
        })
}

/// Any text at all, never empty (an empty optional text reads as absent).
fn any_text() -> impl Strategy<Value = String> {
    "\\PC*[^\\s]\\PC*|(?s:.{1,40})"
        .prop_map(|s| s.replace(refused_control, ""))
        .prop_filter("not empty", |s| !s.is_empty())
}

/// The C0 controls readers refuse (they cannot be written back): tab and
/// line ends are text.
fn refused_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r')
}

/// Events of any text; every list and optional part drawn.
fn any_event() -> impl Strategy<Value = Event> {
    let revision = revision(
        any_text(),
        any_text(),
        prop::option::of(timestamp()),
        prop::option::of(any_text()),
    );
    EventParts {
        revisions: prop::collection::vec(revision, 0..4).boxed(),
        path: prop::option::of(any_text()).boxed(),
        // Readers refuse a blank headline: every event needs one.
        headline: any_text()
            .prop_filter("a headline", |s| !s.trim().is_empty())
            .boxed(),
        ..EventParts::of_text(date().boxed(), any_text().boxed(), 6, 4)
    }
    .strategy()
}

fn through_jsonl(events: &[Event]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut writer = JsonlWriter::new(&mut out);
    events.iter().for_each(|e| writer.write_event(e).unwrap());
    writer.finish().unwrap();
    JsonlReader::new(out.as_slice(), None)
        .collect::<Result<_, _>>()
        .unwrap()
}

fn through_csv(events: &[Event]) -> Vec<Event> {
    let mut out = Vec::new();
    {
        let mut writer = CsvWriter::new(&mut out);
        events.iter().for_each(|e| writer.write_event(e).unwrap());
        writer.finish().unwrap();
    }
    CsvReader::new(out.as_slice(), None)
        .collect::<Result<_, _>>()
        .unwrap()
}

/// What a page keeps: everything but the site path (that is the file's place).
fn as_a_page_keeps(event: &Event) -> Event {
    let mut expected = event.clone();
    expected.path = None;
    let day = format!(
        "/news/{}/{}/{}/index.md",
        event.date.format("%Y"),
        event.date.format("%m"),
        event.date.format("%-d")
    );
    expected.date_link = Some(event.date_link.clone().unwrap_or(day));
    expected
}

proptest! {
    #![proptest_config(strategies::config(256))]

    #[test]
    fn event_to_markdown_to_event(event in markdown_event()) {
        let page = render(&Document::Event(event.clone()));
        let parsed = parse_str(&page);
        prop_assert!(!parsed.has_errors() && !parsed.drops_content(), "{:?}\n{page}", parsed.diagnostics);
        let Document::Event(back) = parsed.document else { panic!("an event page:\n{page}") };
        prop_assert_eq!(back, as_a_page_keeps(&event), "{}", page);
    }

    #[test]
    fn events_to_jsonl_to_events(events in prop::collection::vec(any_event(), 0..8)) {
        prop_assert_eq!(through_jsonl(&events), events);
    }

    #[test]
    fn events_to_csv_to_events(events in prop::collection::vec(any_event(), 0..8)) {
        prop_assert_eq!(through_csv(&events), events);
    }
}

#[test]
fn huge_lists_round_trip() {
    let mut event = Event::new(NaiveDate::from_ymd_opt(2017, 6, 19).unwrap(), "Many");
    event.sources = (0..20_000)
        .map(|i| Source::new(format!("S{i}"), format!("http://x.org/{i}")))
        .collect();
    event.related = (0..5_000)
        .map(|i| {
            Related::new(
                format!("R{i}"),
                format!("/news/2017/06/19/r{i}.md"),
                vec![format!("T{i}")],
            )
        })
        .collect();
    event.formats = vec![Link::new("HTML", "https://example.org/a.html")];
    let events = vec![event];
    assert_eq!(through_jsonl(&events), events);
    assert_eq!(through_csv(&events), events);
    let page = render(&Document::Event(events[0].clone()));
    let Document::Event(back) = parse_str(&page).document else {
        panic!("an event page")
    };
    assert_eq!(back, as_a_page_keeps(&events[0]));
}
