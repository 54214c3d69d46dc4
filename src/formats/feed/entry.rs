//! An event as a feed entry, and the feed-level data: plain text, absolute
//! links, stable ids and the entry HTML, shared by the RSS and Atom writers.

use std::collections::HashSet;

use chrono::NaiveDateTime;

use super::{class, EntryLink, FeedKind, FeedOptions, CATEGORY_SCHEME, CONTEXT_SCHEME};
use crate::edition::Edition;
use crate::filter::SplitBy;
use crate::formats::text::{html_escape, plain_text};
use crate::model::{Event, IMAGE_LINK};

/// Feed-level data, in plain text, ready for a format to write.
#[derive(Debug, Clone)]
pub(crate) struct FeedMeta {
    pub title: String,
    pub subtitle: String,
    pub site_link: String,
    pub self_link: String,
    pub author: String,
    pub language: String,
    /// The rights or licence statement, when given.
    pub rights: Option<String>,
    /// The newest entry's time (an empty feed: see `writer::render`).
    pub updated: NaiveDateTime,
    /// Its place in an archived feed (RFC 5005), when it has one.
    pub history: History,
}

/// A document's place in an archived feed (RFC 5005).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum History {
    /// Not an archived feed.
    #[default]
    None,
    /// The subscription document: the newest entries, and the address of
    /// the newest archive document.
    Subscription { prev: Option<String> },
    /// An archive document: the address of the one before it and of the
    /// subscription document. It never links to the next one, so that it
    /// stays the same once its month is over.
    Archive {
        prev: Option<String>,
        current: String,
    },
}

/// The namespace of RFC 5005's `fh:archive` element.
pub(crate) const HISTORY_NS: &str = "http://purl.org/syndication/history/1.0";

/// One entry, in plain text and HTML, ready for a format to write.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub title: String,
    pub link: String,
    pub id: String,
    /// True when `id` is `link` (an RSS permalink guid).
    pub id_is_link: bool,
    /// The `.md` page, when the link is another (its HTML page).
    pub markdown: Option<String>,
    /// First published and last revised (UTC): the Changes list's times,
    /// else the event's day at [`DAY_TIME`].
    pub published: NaiveDateTime,
    pub updated: NaiveDateTime,
    /// The Cover Image: its address and, when its extension tells, its type.
    pub image: Option<(String, Option<&'static str>)>,
    /// (term, scheme): contexts, then the category line.
    pub categories: Vec<(String, &'static str)>,
    pub summary: Option<String>,
    pub content_html: String,
    /// (title, href) of each source, each address once.
    pub via: Vec<(String, String)>,
    /// (title, href) of each related event, each address once.
    pub related: Vec<(String, String)>,
}

/// The time of day (UTC) a date-only event is stamped with. A day seen
/// from UTC−12 to UTC+14 spans 26 hours, so no one time shows the same
/// calendar day in every zone; 10:00 UTC does from UTC−10 (Hawaii) to
/// UTC+13:59 (New Zealand in summer, Tonga, Samoa), where all but some
/// 70,000 people live (noon would miss New Zealand and Fiji at UTC+12).
/// `docs/feeds.md`, "Dates", has the table.
pub(crate) const DAY_TIME: chrono::NaiveTime = match chrono::NaiveTime::from_hms_opt(10, 0, 0) {
    Some(time) => time,
    None => panic!("10:00:00 is a time"),
};

/// When an event was first published and last revised, as a feed states
/// it: its Changes list's times, else its day at [`DAY_TIME`].
pub(crate) fn event_times(event: &Event, options: &FeedOptions) -> (NaiveDateTime, NaiveDateTime) {
    let day = options.day_stamp(event.date);
    let published = event.published().unwrap_or(day);
    let updated = event.updated().unwrap_or(day).max(published);
    (published, updated)
}

pub(crate) fn feed_meta(
    options: &FeedOptions,
    kind: FeedKind,
    updated: NaiveDateTime,
    split: Option<(SplitBy, &str, &str)>,
) -> FeedMeta {
    let title = plain_text(&options.title);
    let (title, mut subtitle) = match split {
        None => (
            title.clone(),
            format!("News events from {}", options.site_url),
        ),
        Some((SplitBy::Context, key, _)) => {
            let key = plain_text(key);
            (
                format!("{title}: {key}"),
                format!("News events tagged “{key}” from {}", options.site_url),
            )
        }
        Some((SplitBy::Day, key, _)) => (
            format!("{title}: {key}"),
            format!("News events of {key} from {}", options.site_url),
        ),
        Some((_, key, _)) => {
            let key = plain_text(key);
            (
                format!("{title}: {key}"),
                format!("News events in “{key}” from {}", options.site_url),
            )
        }
    };
    if let Some(own) = options.subtitle.as_deref().map(plain_text) {
        if !own.is_empty() {
            subtitle = own;
        }
    }
    let author = options
        .author
        .as_deref()
        .map(plain_text)
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| title.clone());
    FeedMeta {
        title,
        subtitle,
        site_link: format!("{}/", options.site_url),
        self_link: options.self_link(kind, split.map(|(_, _, file)| file)),
        author,
        language: options.language.clone(),
        rights: options
            .rights
            .as_deref()
            .map(plain_text)
            .filter(|r| !r.is_empty()),
        updated,
        history: History::None,
    }
}

/// An event's text as the feed shows it: each model text made plain once,
/// each link made absolute once; the entry's elements and its HTML are
/// both written from this.
struct Plain {
    title: String,
    category: Option<String>,
    summary: Option<String>,
    /// The context tags' plain texts, each once, none empty.
    contexts: Vec<String>,
    /// (name, href, picture href) of every source, in order; a link that
    /// may not be live (`javascript:`…) has no href.
    sources: Vec<(String, Option<String>, Option<String>)>,
    /// (headline, href, contexts line) of every related event, in order.
    related: Vec<(String, Option<String>, Option<String>)>,
    /// The edition whose words label the parts.
    edition: &'static Edition,
}

impl Plain {
    fn new(event: &Event, options: &FeedOptions) -> Self {
        let plain =
            |text: &Option<String>| text.as_deref().map(plain_text).filter(|t| !t.is_empty());
        let absolute = |link: &str| options.absolute_from(event.path.as_deref(), link);
        let mut seen = HashSet::new();
        let contexts = event
            .contexts
            .iter()
            .map(|c| plain_text(c))
            .filter(|c| !c.is_empty() && seen.insert(c.clone()))
            .collect();
        let sources = event
            .sources
            .iter()
            .map(|s| {
                let image = s.image.as_deref().and_then(&absolute);
                (plain_text(&s.name), absolute(&s.url), image)
            })
            .collect();
        let related = event
            .related
            .iter()
            .map(|r| {
                let contexts = contexts_text(&r.contexts);
                (plain_text(&r.headline), absolute(&r.path), contexts)
            })
            .collect();
        Plain {
            title: plain_text(&event.headline),
            category: plain(&event.category),
            summary: plain(&event.summary),
            contexts,
            sources,
            related,
            edition: Edition::of_event(event),
        }
    }
}

pub(crate) fn entry(event: &Event, options: &FeedOptions) -> Entry {
    let plain = Plain::new(event, options);
    let (link, id, id_is_link) = entry_links(event, options);
    let markdown = event.path.as_deref().and_then(|p| options.absolute(p));
    let markdown = markdown.filter(|md| *md != link && html_page(event, options).is_some());
    let (published, updated) = event_times(event, options);
    let contexts = plain.contexts.iter().map(|c| (c.clone(), CONTEXT_SCHEME));
    let category = plain.category.iter().map(|c| (c.clone(), CATEGORY_SCHEME));
    Entry {
        link,
        id,
        id_is_link,
        markdown,
        published,
        updated,
        image: event.image.as_deref().and_then(|url| {
            let href = options.absolute(url)?;
            let kind = image_type(&href);
            Some((href, kind))
        }),
        categories: contexts.chain(category).collect(),
        content_html: match content_html(&plain) {
            // Readers want some text: an entry of a headline alone shows it.
            html if html.is_empty() => format!("<p>{}</p>\n", html_escape(&plain.title)),
            html => html,
        },
        via: unique_links(
            plain
                .sources
                .iter()
                .filter_map(|(t, h, _)| Some((t.as_str(), h.as_deref()?))),
        ),
        related: unique_links(
            plain
                .related
                .iter()
                .filter_map(|(t, h, _)| Some((t.as_str(), h.as_deref()?))),
        ),
        title: plain.title,
        summary: plain.summary,
    }
}

/// The entry's link, its id, and whether the id is the link (an RSS
/// permalink guid). The link is the HTML page the event's Formats line
/// names (unless `--link md`), else its `.md` page, else its day's page.
fn entry_links(event: &Event, options: &FeedOptions) -> (String, String, bool) {
    let day_link = || {
        let day = event.date_link.as_deref().and_then(|d| options.absolute(d));
        day.unwrap_or_else(|| format!("{}/", options.site_url))
    };
    let page = event.path.as_deref().and_then(|p| options.absolute(p));
    let html = html_page(event, options);
    match (page, event.id.as_deref()) {
        (Some(page), None) => match html {
            Some(html) => (html, page, false),
            None => (page.clone(), page, true),
        },
        // Another page's path (the first version's, or the ledger's).
        (page, Some(id)) if id.starts_with('/') => {
            let link = html.or(page).unwrap_or_else(day_link);
            let id = options.absolute(&format!("{id}.md"));
            (link, id.unwrap_or_else(|| tag_uri(options, event)), false)
        }
        _ => (day_link(), tag_uri(options, event), false),
    }
}

/// The absolute address of the HTML page the event's Formats line names
/// by a site path or an absolute link, unless `--link md`.
fn html_page(event: &Event, options: &FeedOptions) -> Option<String> {
    if options.link != EntryLink::Html {
        return None;
    }
    let html = event
        .formats
        .iter()
        .find(|l| l.text.eq_ignore_ascii_case("html"))?;
    let url = html.url.trim();
    let placed = url.starts_with('/') || crate::link::scheme(url).is_some();
    placed.then(|| options.absolute(url)).flatten()
}

/// Each address once, with the first title given for it.
fn unique_links<'a>(links: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    let mut seen = HashSet::new();
    links
        .filter(|(_, href)| seen.insert(*href))
        .map(|(title, href)| (title.to_string(), href.to_string()))
        .collect()
}

/// An image's media type, from its address's extension.
fn image_type(href: &str) -> Option<&'static str> {
    let path = href.split(['?', '#']).next().unwrap_or(href);
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// A `tag:` URI for an event without a site path: the site's host, the
/// event's date, and a hash of its headline (FNV-1a, stable everywhere).
fn tag_uri(options: &FeedOptions, event: &Event) -> String {
    let host = options
        .site_url
        .split("://")
        .nth(1)
        .and_then(|r| r.split(['/', ':', '?', '#']).next())
        .unwrap_or("localhost");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in event.headline.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!(
        "tag:{host},{}:event-{hash:016x}",
        event.date.format("%Y-%m-%d")
    )
}

/// The entry body as HTML: category, summary, contexts, sources and
/// related events as links (not the headline: every reader shows the
/// entry's title above it). All text is escaped plain text, so nothing in
/// the input can become markup; a link that may not be live is its text
/// alone. The lists carry `class` names that the readers use to read them
/// back. Each block ends a line, so text extractors keep blocks apart.
/// Parts whose plain text is empty (a summary of only markup or control
/// characters) are left out, as in the feed's own elements, so that a
/// feed read back writes the same feed.
fn content_html(plain: &Plain) -> String {
    let mut html = String::new();
    let paragraph = |html: &mut String, class: &str, prefix: &str, text: &str| {
        html.push_str(&format!(
            "<p class=\"{class}\">{prefix}{}</p>\n",
            html_escape(text)
        ));
    };
    if let Some(category) = &plain.category {
        paragraph(&mut html, class::CATEGORY, "", category);
    }
    if let Some(summary) = &plain.summary {
        paragraph(&mut html, class::SUMMARY, "", summary);
    }
    // Each tag once, as in the categories (the readers prefer those).
    if !plain.contexts.is_empty() {
        let contexts = plain.contexts.join(", ");
        let label = format!("{}: ", plain.edition.context);
        paragraph(&mut html, class::CONTEXTS, &label, &contexts);
    }
    if !plain.sources.is_empty() {
        list_head(&mut html, plain.edition.feed_sources, class::SOURCES);
        for (name, href, image) in &plain.sources {
            html.push_str("<li>");
            push_link(&mut html, href.as_deref(), name);
            if let Some(image) = image {
                html.push_str(&format!(
                    " <a class=\"{}\" href=\"{}\">{IMAGE_LINK}</a>",
                    class::SOURCE_IMAGE,
                    html_escape(image)
                ));
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n");
    }
    if !plain.related.is_empty() {
        list_head(&mut html, plain.edition.feed_related, class::RELATED);
        for (headline, href, contexts) in &plain.related {
            html.push_str("<li>");
            push_link(&mut html, href.as_deref(), headline);
            if let Some(contexts) = contexts {
                html.push_str(&format!(
                    " <em>{}: {}</em>",
                    plain.edition.context,
                    html_escape(contexts)
                ));
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n");
    }
    html
}

/// A list's heading and its opening tag.
fn list_head(html: &mut String, heading: &str, class: &str) {
    html.push_str(&format!("<h2>{heading}</h2>\n<ul class=\"{class}\">\n"));
}

/// `<a href>text</a>`, or the text alone without a safe address.
fn push_link(html: &mut String, href: Option<&str>, text: &str) {
    match href {
        Some(href) => html.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            html_escape(href),
            html_escape(text)
        )),
        None => html.push_str(&html_escape(text)),
    }
}

/// The contexts' plain texts, comma-separated, without empty ones; `None`
/// when nothing is left.
fn contexts_text(contexts: &[String]) -> Option<String> {
    let texts: Vec<String> = contexts
        .iter()
        .map(|c| plain_text(c))
        .filter(|c| !c.is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::text::PLAIN_TEXT_CALLS;

    /// The markdown parses (`plain_text` calls) that one entry costs, for
    /// an event with `tags` context tags, each spelled twice (`Tag *1*`, `Tag 1`).
    fn parses_for_an_entry(tags: usize) -> usize {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let mut event = Event::new(date, "Headline");
        event.contexts = (0..tags)
            .map(|i| match i % 2 {
                0 => format!("Tag *{}*", i / 2),
                _ => format!("Tag {}", i / 2),
            })
            .collect();
        let options = FeedOptions::new("https://example.org").unwrap();
        let before = PLAIN_TEXT_CALLS.with(|calls| calls.get());
        let entry = entry(&event, &options);
        let parses = PLAIN_TEXT_CALLS.with(|calls| calls.get()) - before;
        assert_eq!(entry.categories.len(), tags / 2, "each tag once");
        let last = format!("Tag {}</p>", tags / 2 - 1);
        assert!(entry.content_html.contains(&last), "{}", entry.content_html);
        parses
    }

    #[test]
    fn a_date_only_event_shows_its_day_from_utc_minus_10_to_plus_13() {
        let day = chrono::NaiveDate::from_ymd_opt(2017, 6, 13).unwrap();
        let stamp = day.and_time(DAY_TIME);
        let local = |minutes: i64| (stamp + chrono::Duration::minutes(minutes)).date();
        for minutes in (-10 * 60..=13 * 60 + 59).step_by(15) {
            assert_eq!(local(minutes), day, "UTC{minutes:+} minutes");
        }
        // The 26 hours from UTC−12 to UTC+14 cannot all be one day.
        assert_ne!(local(-11 * 60), day);
        assert_ne!(local(14 * 60), day);
    }

    #[test]
    fn an_entry_parses_each_tag_once() {
        // The headline, then each tag: linear in the tags (it was
        // quadratic: every tag against every kept tag).
        assert_eq!(parses_for_an_entry(10), 1 + 10);
        assert_eq!(parses_for_an_entry(4000), 1 + 4000);
    }
}
