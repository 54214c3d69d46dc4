//! Proptest strategies shared by the property tests: one event generator
//! whose parts (text, addresses, paths, list lengths) each test chooses.

use chrono::NaiveDate;
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

/// What [`EventParts::strategy`] draws each part of an event from. The
/// parts are drawn in field order (date, headline, category, summary,
/// contexts, sources, related, revisions, path), so a saved seed in a
/// `.proptest-regressions` file still gives the event it gave before.
pub struct EventParts {
    /// The event's date.
    pub date: BoxedStrategy<NaiveDate>,
    /// Headline, category, summary, context tags, source names and
    /// related headlines.
    pub text: BoxedStrategy<String>,
    /// Source addresses.
    pub url: BoxedStrategy<String>,
    /// Related events' site paths.
    pub related_path: BoxedStrategy<String>,
    /// One context tag of a related event.
    pub related_context: BoxedStrategy<String>,
    /// Contexts, sources and related events: each `0..lists` of them.
    pub lists: usize,
    /// Context tags of a related event: `0..related_contexts` of them.
    pub related_contexts: usize,
    /// The revisions (`Just(Vec::new())` for none: it draws nothing).
    pub revisions: BoxedStrategy<Vec<Revision>>,
    /// The event's own site path.
    pub path: BoxedStrategy<Option<String>>,
}

impl EventParts {
    /// Events made of these parts (no date link, formats or extra sections).
    pub fn strategy(self) -> impl Strategy<Value = Event> {
        let EventParts {
            date,
            text,
            url,
            related_path,
            related_context,
            lists,
            related_contexts,
            revisions,
            path,
        } = self;
        let source = (text.clone(), url).prop_map(|(n, u)| Source::new(n, u));
        let related = (
            text.clone(),
            related_path,
            prop::collection::vec(related_context, 0..related_contexts),
        )
            .prop_map(|(h, p, c)| Related::new(h, p, c));
        (
            (
                date,
                text.clone(),
                prop::option::of(text.clone()),
                prop::option::of(text.clone()),
                prop::collection::vec(text, 0..lists),
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
