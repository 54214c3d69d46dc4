//! Proptest strategies shared by the property tests: one event generator
//! whose parts (text, addresses, paths, list lengths) each test chooses.

use chrono::{NaiveDate, NaiveDateTime};
use currents::{Event, Related, Revision, Source};
use proptest::prelude::*;

/// `PROPTEST_CASES` when set (CI runs more), else `default`. (A literal
/// `cases` in the config would override the variable.)
pub fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

/// Any calendar day of the years 1 to 9999.
pub fn date() -> impl Strategy<Value = NaiveDate> {
    (1i32..=9999, 1u32..=12, 1u32..=31).prop_filter_map("a calendar day", |(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

/// A site path the way pages have them, `/news/YYYY/MM/D/<slug>.md`, with
/// a slug matching the regex `slug`.
pub fn site_path(slug: &'static str) -> impl Strategy<Value = String> {
    (date(), slug).prop_map(|(d, slug)| {
        format!(
            "/news/{}/{}/{}/{slug}.md",
            d.format("%Y"),
            d.format("%m"),
            d.format("%-d")
        )
    })
}

/// A revision of these parts (pass `Just(None)` for a part never drawn).
pub fn revision(
    headline: impl Strategy<Value = String>,
    path: impl Strategy<Value = String>,
    timestamp: impl Strategy<Value = Option<NaiveDateTime>>,
    label: impl Strategy<Value = Option<String>>,
) -> impl Strategy<Value = Revision> {
    (headline, path, timestamp, label).prop_map(|(headline, path, timestamp, label)| Revision {
        headline,
        path,
        timestamp,
        label,
    })
}

/// What [`EventParts::strategy`] draws each part of an event from. The
/// parts are drawn in field order (date, headline, category, summary,
/// contexts, sources, related, revisions, path), so a saved seed in a
/// `.proptest-regressions` file still gives the event it gave before.
/// [`EventParts::of_text`] draws every text from one strategy.
pub struct EventParts {
    /// The event's date.
    pub date: BoxedStrategy<NaiveDate>,
    /// The headline.
    pub headline: BoxedStrategy<String>,
    /// The category, when there is one.
    pub category: BoxedStrategy<String>,
    /// The summary, when there is one.
    pub summary: BoxedStrategy<String>,
    /// The context tags.
    pub contexts: BoxedStrategy<Vec<String>>,
    /// Source names.
    pub source_name: BoxedStrategy<String>,
    /// Source addresses.
    pub url: BoxedStrategy<String>,
    /// Related events' headlines.
    pub related_headline: BoxedStrategy<String>,
    /// Related events' site paths.
    pub related_path: BoxedStrategy<String>,
    /// Related events' context tags.
    pub related_contexts: BoxedStrategy<Vec<String>>,
    /// Sources and related events: each `0..lists` of them.
    pub lists: usize,
    /// The revisions (`Just(Vec::new())` for none: it draws nothing).
    pub revisions: BoxedStrategy<Vec<Revision>>,
    /// The event's own site path.
    pub path: BoxedStrategy<Option<String>>,
}

impl EventParts {
    /// Every text and address from `text`: `0..lists` contexts, sources
    /// and related events, `0..related_contexts` tags on each related
    /// event; no revisions, no path.
    pub fn of_text(
        date: BoxedStrategy<NaiveDate>,
        text: BoxedStrategy<String>,
        lists: usize,
        related_contexts: usize,
    ) -> Self {
        EventParts {
            date,
            headline: text.clone(),
            category: text.clone(),
            summary: text.clone(),
            contexts: prop::collection::vec(text.clone(), 0..lists).boxed(),
            source_name: text.clone(),
            url: text.clone(),
            related_headline: text.clone(),
            related_path: text.clone(),
            related_contexts: prop::collection::vec(text, 0..related_contexts).boxed(),
            lists,
            revisions: Just(Vec::new()).boxed(),
            path: Just(None).boxed(),
        }
    }

    /// Events made of these parts (no date link, formats or extra sections).
    pub fn strategy(self) -> impl Strategy<Value = Event> {
        let EventParts {
            date,
            headline,
            category,
            summary,
            contexts,
            source_name,
            url,
            related_headline,
            related_path,
            related_contexts,
            lists,
            revisions,
            path,
        } = self;
        let source = (source_name, url).prop_map(|(n, u)| Source::new(n, u));
        let related = (related_headline, related_path, related_contexts)
            .prop_map(|(h, p, c)| Related::new(h, p, c));
        (
            (
                date,
                headline,
                prop::option::of(category),
                prop::option::of(summary),
                contexts,
            ),
            (
                prop::collection::vec(source, 0..lists),
                prop::collection::vec(related, 0..lists),
                revisions,
                path,
            ),
        )
            .prop_map(
                |(
                    (date, headline, category, summary, contexts),
                    (sources, related, revisions, path),
                )| {
                    let mut event = Event::new(date, headline);
                    event.category = category;
                    event.summary = summary;
                    event.contexts = contexts;
                    event.sources = sources;
                    event.related = related;
                    event.revisions = revisions;
                    event.path = path;
                    event
                },
            )
    }
}
