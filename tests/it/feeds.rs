//! RSS and Atom: round trips over the whole corpus, hostile text,
//! snapshots, determinism.

use std::path::PathBuf;

use currents::formats::feed::merge_events;
use currents::formats::markdown::plain_text;
use currents::formats::{atom, rss};
use currents::formats::{FeedKind, FeedOptions, FeedWriter, Writer};
use currents::{Event, Related, Source};

use crate::common;

use common::feed::{entity_char, plain_sources, unique_plain, write_feed};
use common::walk;

fn corpus_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walk(&common::corpus_root())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    pages.sort();
    assert!(pages.len() > 100, "the corpus is missing: {}", pages.len());
    pages
}

fn options() -> FeedOptions {
    let mut options = FeedOptions::new("https://example.org/site").unwrap();
    options.limit = 0;
    options
}

/// Parses the whole document with quick-xml, which fails on anything that
/// is not well-formed; returns the text of every `title` element.
fn well_formed_titles(xml: &str) -> Vec<String> {
    use quick_xml::events::Event as X;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut titles = Vec::new();
    let mut in_title = false;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(X::Eof) => break,
            Ok(X::Start(e)) => {
                depth += 1;
                in_title = e.local_name().as_ref() == b"title";
                if in_title {
                    titles.push(String::new());
                }
            }
            Ok(X::End(_)) => {
                depth -= 1;
                in_title = false;
            }
            Ok(X::Text(t)) if in_title => titles
                .last_mut()
                .unwrap()
                .push_str(&t.xml10_content().unwrap()),
            Ok(X::GeneralRef(r)) if in_title => {
                titles.last_mut().unwrap().push(entity_char(&r));
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}\n{xml}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    titles
}

fn plain_related(related: &[Related]) -> Vec<(String, String, Vec<String>)> {
    related
        .iter()
        .map(|r| {
            (
                plain_text(&r.headline),
                r.path.clone(),
                unique_plain(&r.contexts),
            )
        })
        .collect()
}

/// What a feed keeps of an event, compared as the text a reader sees.
fn assert_same(original: &Event, read: &Event, what: &str) {
    assert_eq!(read.date, original.date, "{what}: date");
    assert_eq!(
        plain_text(&read.headline),
        plain_text(&original.headline),
        "{what}: headline"
    );
    assert_eq!(read.path, original.path, "{what}: link");
    assert_eq!(
        unique_plain(&read.contexts),
        unique_plain(&original.contexts),
        "{what}: contexts"
    );
    // An empty topic line (`##### ` on two zh pages) is left out, like an
    // empty summary.
    assert_eq!(
        read.category.as_deref().map(plain_text),
        original
            .category
            .as_deref()
            .map(plain_text)
            .filter(|s| !s.is_empty()),
        "{what}: category"
    );
    assert_eq!(
        read.summary.as_deref().map(plain_text),
        original
            .summary
            .as_deref()
            .map(plain_text)
            .filter(|s| !s.is_empty()),
        "{what}: summary"
    );
    assert_eq!(
        plain_sources(&read.sources),
        plain_sources(&original.sources),
        "{what}: sources"
    );
    assert_eq!(
        plain_related(&read.related),
        plain_related(&original.related),
        "{what}: related"
    );
}

#[test]
fn every_corpus_page_round_trips_through_atom_and_rss() {
    let mut checked = 0;
    let mut images_seen = 0;
    for page in corpus_pages() {
        let parsed = currents::parse_file(&page).unwrap();
        let events = merge_events(parsed.document.events().cloned());
        if events.is_empty() {
            continue; // no feed to date (prose pages)
        }
        for kind in [FeedKind::Atom, FeedKind::Rss] {
            let xml = write_feed(kind, &events, options());
            well_formed_titles(&xml);
            let read = match kind {
                FeedKind::Atom => atom::read(xml.as_bytes()).unwrap(),
                _ => rss::read(xml.as_bytes()).unwrap(),
            };
            assert_eq!(read.len(), events.len(), "{}", page.display());
            for (original, back) in events.iter().zip(&read) {
                let what = format!("{} ({kind:?}) {}", page.display(), original.headline);
                assert_same(original, back, &what);
                // A source's picture (`[IMG](…)`, zh pages) comes back absolute.
                let images = |e: &Event, absolute: bool| -> Vec<Option<String>> {
                    let image = |i: &String| {
                        if absolute {
                            options().absolute(i).unwrap()
                        } else {
                            i.clone()
                        }
                    };
                    e.sources
                        .iter()
                        .map(|s| s.image.as_ref().map(image))
                        .collect()
                };
                assert_eq!(
                    images(back, false),
                    images(original, true),
                    "{what}: images"
                );
                images_seen += images(back, false).iter().flatten().count();
                checked += 1;
            }
        }
    }
    assert!(checked > 400, "only {checked} events checked");
    // Seven zh pages have a source picture, each in an Atom and an RSS feed.
    assert_eq!(images_seen, 14);
}

#[test]
fn the_whole_corpus_is_one_feed_of_distinct_ids_newest_first() {
    let mut events = Vec::new();
    for page in corpus_pages() {
        let parsed = currents::parse_file(&page).unwrap();
        events.extend(parsed.document.events().cloned());
    }
    let xml = write_feed(FeedKind::Atom, &events, options());
    let read = atom::read(xml.as_bytes()).unwrap();
    let merged = merge_events(events.clone());
    assert_eq!(read.len(), merged.len());
    assert!(read.len() < events.len(), "day pages repeat event pages");
    // Every page has a site path but the seed page, which lies outside news/.
    let mut paths: Vec<_> = read.iter().filter_map(|e| e.path.clone()).collect();
    assert_eq!(paths.len() + 1, read.len());
    assert!(read.windows(2).all(|w| w[0].date >= w[1].date));
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len() + 1, read.len(), "ids are unique");
    // Same input, same bytes; and the RSS agrees on count.
    assert_eq!(write_feed(FeedKind::Atom, &events, options()), xml);
    let rss_xml = write_feed(FeedKind::Rss, &events, options());
    assert_eq!(rss_xml, write_feed(FeedKind::Rss, &events, options()));
    assert_eq!(rss::read(rss_xml.as_bytes()).unwrap().len(), read.len());
    // Feeds read back write the same feeds: Atom -> RSS is pages -> RSS.
    assert_eq!(write_feed(FeedKind::Rss, &read, options()), rss_xml);
    let from_rss = rss::read(rss_xml.as_bytes()).unwrap();
    assert_eq!(write_feed(FeedKind::Atom, &from_rss, options()), xml);
    // --limit keeps the newest.
    let mut limited = options();
    limited.limit = 5;
    let five = atom::read(write_feed(FeedKind::Atom, &events, limited).as_bytes()).unwrap();
    assert_eq!(five.len(), 5);
    assert_eq!(five[0].path, read[0].path);
    assert_eq!(five[4].path, read[4].path);
}

const HOSTILE: &str = "<script>alert(1)</script> & ]]>\u{7}";

fn hostile_event() -> Event {
    let date = chrono::NaiveDate::from_ymd_opt(2020, 2, 29).unwrap();
    let mut event = Event::new(date, HOSTILE);
    event.summary = Some(format!("Summary {HOSTILE} \"quoted\" 'single'"));
    event.category = Some(format!("Cat {HOSTILE}"));
    event.contexts = vec![format!("Ctx {HOSTILE}")];
    event.sources = vec![Source::new(
        HOSTILE,
        "https://news.example/a?x=1&y=\"2\"<3>",
    )];
    event.related = vec![Related::new(HOSTILE, "/news/2020/02/28/x]]>.md", vec![])];
    event.path = Some("/news/2020/02/29/script-alert.md".into());
    event
}

#[test]
fn hostile_text_stays_text_in_both_feeds() {
    let shown = "<script>alert(1)</script> & ]]>";
    for kind in [FeedKind::Atom, FeedKind::Rss] {
        let mut opts = options();
        opts.title = HOSTILE.to_string();
        opts.author = Some(HOSTILE.to_string());
        let xml = write_feed(kind, &[hostile_event()], opts);
        assert!(!xml.contains("<script"), "{xml}");
        assert!(!xml.contains("]]>"), "{xml}");
        assert!(!xml.contains('\u{7}'), "{xml}");
        let titles = well_formed_titles(&xml);
        assert_eq!(titles, [shown, shown], "{kind:?}: feed and entry titles");
        // In the HTML content the markup is escaped once more, so a reader
        // rendering the HTML shows the text.
        assert!(xml.contains("&lt;p class=&quot;summary&quot;&gt;Summary &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;amp; ]]&amp;gt;"), "{xml}");
        // The headline is the entry's title, not repeated in its HTML.
        assert!(!xml.contains("&lt;h1&gt;"), "{xml}");
        let read = match kind {
            FeedKind::Atom => atom::read(xml.as_bytes()).unwrap(),
            _ => rss::read(xml.as_bytes()).unwrap(),
        };
        assert_eq!(read.len(), 1);
        assert_same(&hostile_event(), &read[0], &format!("{kind:?}"));
        assert_eq!(plain_text(&read[0].headline), shown);
    }
}

fn small_feed_events() -> Vec<Event> {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut a = Event::new(d("2017-06-19"), "Personal information of *200 million* US citizens is exposed &mdash; [report](https://x.example)");
    a.path = Some("/news/2017/06/19/personal-information.md".into());
    a.category = Some("Deep Root Analytics".into());
    a.summary = Some("Sensitive details were available for &quot;12 days&quot;.".into());
    a.sources = vec![
        Source::new("BBC", "http://www.bbc.com/news/technology-40331215"),
        Source::new(
            "AP via ''New York Times",
            "https://www.nytimes.com/aponline/x.html",
        ),
    ];
    a.related = vec![Related::new(
        "An earlier leak ",
        "/news/2016/12/4/earlier-leak.md",
        vec!["Data breach".into(), "USA".into()],
    )];
    let mut b = Event::new(d("2017-06-19"), "A second event the same day");
    b.path = Some("/news/2017/06/19/a-second-event.md".into());
    b.contexts = vec!["Syria".into(), "ISIL".into()];
    let mut c = Event::new(d("2016-12-04"), "An older event without a page");
    c.date_link = Some("/news/2016/12/4/index.md".into());
    vec![c, a, b]
}

fn small_feed_options() -> FeedOptions {
    let mut options = FeedOptions::new("https://example.org/")
        .unwrap()
        .with_feed_url("https://example.org/feeds/all.atom")
        .unwrap()
        .with_language("en-GB")
        .unwrap();
    options.title = "Example & Co news".into();
    options.author = Some("Example Desk".into());
    options
}

#[test]
fn a_small_atom_feed() {
    let xml = write_feed(FeedKind::Atom, &small_feed_events(), small_feed_options());
    well_formed_titles(&xml);
    insta::assert_snapshot!(xml);
}

#[test]
fn a_small_rss_feed() {
    let xml = write_feed(FeedKind::Rss, &small_feed_events(), small_feed_options());
    well_formed_titles(&xml);
    insta::assert_snapshot!(xml);
}

#[test]
fn an_empty_feed_is_dated_by_the_newest_event_given_or_refused() {
    // A filter that keeps none of the small feed's events (both of
    // 2017-06-19): the feed is valid, empty, and dated by them.
    let mut none = options();
    none.filter.since = chrono::NaiveDate::from_ymd_opt(2030, 1, 1);
    let xml = write_feed(FeedKind::Atom, &small_feed_events(), none.clone());
    assert!(
        xml.contains("<updated>2017-06-19T10:00:00Z</updated>"),
        "{xml}"
    );
    assert!(atom::read(xml.as_bytes()).unwrap().is_empty());
    let xml = write_feed(FeedKind::Rss, &small_feed_events(), none);
    assert!(xml.contains("<lastBuildDate>Mon, 19 Jun 2017 10:00:00 +0000</lastBuildDate>"));
    assert!(rss::read(xml.as_bytes()).unwrap().is_empty());
    // Without any event there is no date to give: refused, never 1970.
    let mut writer = FeedWriter::new(Vec::new(), FeedKind::Atom, options());
    let error = writer.finish().unwrap_err().to_string();
    assert!(error.contains("no date"), "{error}");
}

#[test]
fn options_reject_bad_addresses_and_language_tags() {
    assert!(FeedOptions::new("example.org").is_err());
    assert!(FeedOptions::new("ftp://example.org").is_err());
    assert!(FeedOptions::new("https://").is_err());
    let ok = FeedOptions::new("https://example.org").unwrap();
    for bad in ["english", "e", "en_US", "en-", "12"] {
        assert!(ok.clone().with_language(bad).is_err(), "{bad}");
    }
    for good in ["en", "de", "pt-BR", "zh-Hant-TW", "sr-Latn"] {
        assert!(ok.clone().with_language(good).is_ok(), "{good}");
    }
}
