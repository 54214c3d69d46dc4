//! Property tests for RSS and Atom: arbitrary events, with arbitrary
//! Unicode and XML-hostile text (`<`, `&`, `]]>`, quotes, control
//! characters), go through a feed and come back with what docs/feeds.md
//! says a feed keeps: date, headline, link, contexts, category, summary,
//! sources and related events, compared as the plain text a reader sees.
//! The XML is always well-formed, holds no character XML 1.0 forbids, and
//! has exactly the elements the writer makes: text never becomes markup,
//! neither in the feed nor in the entry HTML.

use chrono::NaiveDate;
use currents::formats::markdown::plain_text;
use currents::formats::{atom, rss};
use currents::formats::{FeedKind, FeedOptions};
use currents::{Event, Related};
use proptest::prelude::*;
use quick_xml::events::Event as X;

use crate::common;

use common::feed::{entity_char, plain_sources, unique_plain, write_feed};
use common::strategies::{self, date, EventParts};

/// Text a hostile page could hold: XML and HTML markup, entities, CDATA
/// ends, quotes, controls (C0 and C1), U+FFFE/U+FFFF, markdown markup,
/// and any Unicode at all.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "\\PC{1,8}",
        1 => "(?s:.{1,6})",
        2 => prop::sample::select(vec![
            "<", ">", "&", "]]>", "<![CDATA[", "\"", "'", "<script>alert(1)</script>",
            "</title>", "<entry>", "<item>", "&amp;", "&lt;", "&#0;", "&#x1F;", "&mdash;",
            "&bogus;", "\u{0}", "\u{7}", "\u{1b}", "\u{85}", "\u{9f}", "\u{fffe}", "\u{ffff}",
            "\t", "\n", "\r\n", " ", "*", "_", "`", "[x](y)", "<b>", "1. ", "# ", "- ", "\\",
            "''wiki''", ", ", "Context:", "\u{feff}", "\u{200b}", "\u{2028}",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 1..6).prop_map(|p| p.concat())
}

/// A site path the way pages have them, with an arbitrary slug.
fn site_path() -> impl Strategy<Value = String> {
    strategies::site_path("[\\p{L}\\p{N}._~-]{1,30}")
}

/// Source addresses: absolute, with hostile characters in path and query.
fn url() -> impl Strategy<Value = String> {
    (
        "https?",
        "[a-z]{1,10}\\.[a-z]{2,3}",
        "[A-Za-z0-9/<>\"' &?=%é-]{0,20}",
    )
        .prop_map(|(s, host, rest)| format!("{s}://{host}/{rest}"))
}

fn event() -> impl Strategy<Value = Event> {
    EventParts {
        url: url().boxed(),
        related_path: site_path().boxed(),
        // A related event's contexts are one comma-separated text in the
        // entry HTML (as on a page): a comma inside one would split it in two.
        related_contexts: prop::collection::vec(
            hostile_text().prop_map(|c| c.replace(',', ";")),
            0..3,
        )
        .boxed(),
        path: site_path().prop_map(Some).boxed(),
        ..EventParts::of_text(date().boxed(), hostile_text().boxed(), 5, 3)
    }
    .strategy()
}

/// Events with distinct paths (a feed merges events with one path).
fn events() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(event(), 0..6).prop_map(|mut events| {
        for (i, e) in events.iter_mut().enumerate() {
            let path = e.path.take().unwrap();
            e.path = Some(path.replace(".md", &format!("-{i}.md")));
        }
        events
    })
}

fn options(title: &str) -> FeedOptions {
    let mut options = FeedOptions::new("https://example.org/site").unwrap();
    options.limit = 0;
    options.title = title.to_string();
    options.author = Some(title.to_string());
    options
}

/// An XML document parsed strictly: every element's name (depth-first,
/// in order), and the decoded text of the elements holding entry HTML.
struct Parsed {
    elements: Vec<String>,
    html: Vec<String>,
}

fn parse_xml(xml: &str) -> Parsed {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut elements = Vec::new();
    let mut html = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(X::Eof) => break,
            Ok(X::Start(e)) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                elements.push(name.clone());
                open.push(name);
                text.clear();
            }
            Ok(X::Empty(e)) => {
                elements.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
            }
            Ok(X::End(_)) => {
                let name = open.pop().expect("an end tag closes an open element");
                if name == "content" || name == "content:encoded" {
                    html.push(std::mem::take(&mut text));
                }
            }
            Ok(X::Text(t)) => text.push_str(&t.xml10_content().unwrap()),
            Ok(X::GeneralRef(r)) => {
                text.push(entity_char(&r));
            }
            Ok(X::CData(_)) => panic!("the writer uses no CDATA"),
            Ok(X::Decl(_) | X::Comment(_) | X::PI(_) | X::DocType(_)) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.error_position()),
        }
    }
    assert!(open.is_empty(), "unclosed elements: {open:?}");
    Parsed { elements, html }
}

/// Element names of an entry's HTML, parsed as XML inside a wrapper.
fn html_elements(html: &str) -> Vec<String> {
    let parsed = parse_xml(&format!("<div>{html}</div>"));
    parsed.elements[1..].to_vec()
}

/// Characters XML 1.0 forbids, and the C1 controls the docs drop.
fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// Plain texts, empty ones dropped.
fn plain_list(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| plain_text(s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The elements docs/feeds.md gives an entry, in writing order.
fn expected_entry_elements(kind: FeedKind, e: &Event, o: &FeedOptions) -> Vec<&'static str> {
    let mut categories = unique_plain(&e.contexts).len();
    categories += usize::from(
        e.category
            .as_deref()
            .is_some_and(|c| !plain_text(c).is_empty()),
    );
    let summary = e
        .summary
        .as_deref()
        .is_some_and(|s| !plain_text(s).is_empty());
    let distinct = |hrefs: Vec<String>| {
        let mut seen: Vec<String> = Vec::new();
        hrefs
            .into_iter()
            .filter(|h| {
                !seen.contains(h) && {
                    seen.push(h.clone());
                    true
                }
            })
            .count()
    };
    let via = distinct(
        e.sources
            .iter()
            .filter_map(|s| o.absolute(&s.url))
            .collect(),
    );
    let related = distinct(
        e.related
            .iter()
            .filter_map(|r| o.absolute(&r.path))
            .collect(),
    );
    let mut out = Vec::new();
    match kind {
        FeedKind::Atom => {
            out.extend(["entry", "id", "title", "link", "published", "updated"]);
            out.extend(std::iter::repeat_n("category", categories));
            if summary {
                out.push("summary");
            }
            out.push("content");
            out.extend(std::iter::repeat_n("link", via + related));
        }
        _ => {
            out.extend(["item", "title", "link", "guid", "pubDate"]);
            out.extend(std::iter::repeat_n("category", categories));
            out.extend(["description", "content:encoded"]);
        }
    }
    out
}

/// The elements of the entry HTML (docs/feeds.md, "Content HTML").
fn expected_html_elements(e: &Event) -> Vec<&'static str> {
    let mut out = Vec::new();
    let shown = |t: &Option<String>| t.as_deref().is_some_and(|t| !plain_text(t).is_empty());
    if shown(&e.category) {
        out.push("p");
    }
    if shown(&e.summary) {
        out.push("p");
    }
    if !plain_list(&e.contexts).is_empty() {
        out.push("p");
    }
    if !e.sources.is_empty() {
        out.extend(["h2", "ul"]);
        for _ in &e.sources {
            out.extend(["li", "a"]);
        }
    }
    if !e.related.is_empty() {
        out.extend(["h2", "ul"]);
        for r in &e.related {
            out.extend(["li", "a"]);
            if !plain_list(&r.contexts).is_empty() {
                out.push("em");
            }
        }
    }
    if out.is_empty() {
        out.push("p"); // the headline, when there is nothing else
    }
    out
}

const ATOM_HEAD: [&str; 10] = [
    "feed",
    "id",
    "title",
    "subtitle",
    "updated",
    "link",
    "link",
    "author",
    "name",
    "generator",
];
const RSS_HEAD: [&str; 10] = [
    "rss",
    "channel",
    "title",
    "link",
    "description",
    "language",
    "dc:creator",
    "generator",
    "lastBuildDate",
    "atom:link",
];

/// Entries come out newest first, then by id (the path without `.md`).
fn feed_order(events: &[Event]) -> Vec<Event> {
    let mut sorted = events.to_vec();
    let id = |e: &Event| e.id().map(str::to_string);
    sorted.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| id(a).cmp(&id(b))));
    sorted
}

fn read(kind: FeedKind, xml: &str) -> Vec<Event> {
    match kind {
        FeedKind::Atom => atom::read(xml.as_bytes()).unwrap(),
        _ => rss::read(xml.as_bytes()).unwrap(),
    }
}

proptest! {
    #![proptest_config(strategies::config(128))]

    /// Well-formed, nothing forbidden, exactly the writer's elements.
    #[test]
    fn feeds_are_well_formed_and_text_never_becomes_markup(
        events in events(),
        title in hostile_text(),
    ) {
        // An empty feed has no date and is refused.
        prop_assume!(!events.is_empty());
        for kind in [FeedKind::Atom, FeedKind::Rss] {
            let options = options(&title);
            let xml = write_feed(kind, &events, options.clone());
            prop_assert!(!xml.chars().any(forbidden), "{kind:?}: a forbidden character\n{xml}");
            prop_assert!(!xml.contains("]]>") && !xml.contains("<![CDATA["), "{}", xml);
            let parsed = parse_xml(&xml);
            let ordered = feed_order(&events);
            let mut want: Vec<&str> = match kind {
                FeedKind::Atom => ATOM_HEAD.to_vec(),
                _ => RSS_HEAD.to_vec(),
            };
            for e in &ordered {
                want.extend(expected_entry_elements(kind, e, &options));
            }
            prop_assert_eq!(&parsed.elements, &want, "{:?}\n{}", kind, xml);
            prop_assert_eq!(parsed.html.len(), ordered.len());
            for (html, e) in parsed.html.iter().zip(&ordered) {
                prop_assert!(!html.chars().any(forbidden));
                prop_assert_eq!(html_elements(html), expected_html_elements(e), "{}", html);
            }
        }
    }

    /// Event → feed → event keeps what the docs promise.
    #[test]
    fn events_to_feed_to_events(events in events()) {
        // An empty feed has no date and is refused.
        prop_assume!(!events.is_empty());
        for kind in [FeedKind::Atom, FeedKind::Rss] {
            let xml = write_feed(kind, &events, options("Feed"));
            let back = read(kind, &xml);
            let ordered = feed_order(&events);
            prop_assert_eq!(back.len(), ordered.len());
            for (b, e) in back.iter().zip(&ordered) {
                prop_assert_eq!(b.date, e.date);
                prop_assert_eq!(plain_text(&b.headline), plain_text(&e.headline), "{}", xml);
                prop_assert_eq!(&b.path, &e.path);
                prop_assert_eq!(unique_plain(&b.contexts), unique_plain(&e.contexts), "{}", xml);
                prop_assert_eq!(
                    b.category.as_deref().map(plain_text),
                    e.category.as_deref().map(plain_text).filter(|c| !c.is_empty()),
                    "{}", xml
                );
                prop_assert_eq!(
                    b.summary.as_deref().map(plain_text),
                    e.summary.as_deref().map(plain_text).filter(|s| !s.is_empty()),
                    "{}", xml
                );
                prop_assert_eq!(plain_sources(&b.sources), plain_sources(&e.sources), "{}", xml);
                let related = |r: &[Related]| -> Vec<(String, String, Vec<String>)> {
                    r.iter()
                        .map(|r| (plain_text(&r.headline), r.path.clone(), plain_list(&r.contexts)))
                        .collect()
                };
                prop_assert_eq!(related(&b.related), related(&e.related), "{}", xml);
            }
        }
    }

    /// Feeds read back write the same feed, byte for byte.
    #[test]
    fn a_feed_read_back_writes_the_same_feed(events in events()) {
        // An empty feed has no date and is refused.
        prop_assume!(!events.is_empty());
        for kind in [FeedKind::Atom, FeedKind::Rss] {
            let xml = write_feed(kind, &events, options("Feed"));
            let again = write_feed(kind, &read(kind, &xml), options("Feed"));
            prop_assert_eq!(again, xml);
        }
    }
}

/// Found by `events_to_feed_to_events`: a summary, category or context
/// whose plain text is empty (`&#x1F;`, `[](/x)`) left an empty
/// `<p class="summary">` (or `Context: , x`) in the entry HTML; Atom read
/// it back as an empty summary, and a feed read back wrote different bytes.
#[test]
fn regression_empty_plain_text_parts_are_left_out_of_the_entry_html() {
    let date = NaiveDate::from_ymd_opt(2017, 6, 19).unwrap();
    let mut event = Event::new(date, "Headline");
    event.path = Some("/news/2017/06/19/x.md".into());
    event.summary = Some("&#x1F;".into());
    event.category = Some("[](/x)".into());
    event.contexts = vec!["\u{7}".into(), "Syria".into()];
    event.related = vec![Related::new(
        "R",
        "/news/2017/06/18/r.md",
        vec!["".into(), "ISIL".into()],
    )];
    for kind in [FeedKind::Atom, FeedKind::Rss] {
        let xml = write_feed(kind, std::slice::from_ref(&event), options("Feed"));
        let html = &parse_xml(&xml).html[0];
        assert!(
            !html.contains("summary") && !html.contains("category"),
            "{html}"
        );
        assert!(
            html.contains("Context: Syria<") && html.contains("Context: ISIL<"),
            "{html}"
        );
        let back = read(kind, &xml);
        assert_eq!(back[0].summary, None, "{kind:?}");
        assert_eq!(back[0].category, None, "{kind:?}");
        assert_eq!(write_feed(kind, &back, options("Feed")), xml);
    }
}

/// Found by `a_feed_read_back_writes_the_same_feed` (2,000 cases): two
/// contexts with the same plain text were one category but listed twice
/// in the entry HTML, so a feed read back wrote different bytes.
#[test]
fn regression_repeated_contexts_are_listed_once_in_the_entry_html() {
    let date = NaiveDate::from_ymd_opt(2017, 6, 19).unwrap();
    let mut event = Event::new(date, "Headline");
    event.path = Some("/news/2017/06/19/x.md".into());
    event.contexts = vec!["Syria".into(), "Syr&#105;a".into(), ", ".into(), ",".into()];
    for kind in [FeedKind::Atom, FeedKind::Rss] {
        let xml = write_feed(kind, std::slice::from_ref(&event), options("Feed"));
        assert!(
            parse_xml(&xml).html[0].contains("Context: Syria, ,<"),
            "{xml}"
        );
        let back = read(kind, &xml);
        assert_eq!(write_feed(kind, &back, options("Feed")), xml);
    }
}
