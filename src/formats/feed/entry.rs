//! An event as a feed entry, and the feed-level data: plain text, absolute
//! links, stable ids and the entry HTML, shared by the RSS and Atom writers.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};

use super::{class, FeedKind, FeedOptions, CATEGORY_SCHEME, CONTEXT_SCHEME};
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
    /// The newest entry's date; 1970-01-01 for an empty feed (never "now").
    pub updated: NaiveDate,
}

/// One entry, in plain text and HTML, ready for a format to write.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub title: String,
    pub link: String,
    pub id: String,
    /// True when `id` is `link` (an RSS permalink guid).
    pub id_is_link: bool,
    pub date: NaiveDate,
    /// First published and last revised, when the Changes list says.
    pub published: Option<NaiveDateTime>,
    pub updated: Option<NaiveDateTime>,
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

pub(crate) fn feed_meta(
    options: &FeedOptions,
    kind: FeedKind,
    newest: Option<NaiveDate>,
    split: Option<(SplitBy, &str, &str)>,
) -> FeedMeta {
    let title = plain_text(&options.title);
    let (title, subtitle) = match split {
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
    };
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
        updated: newest.unwrap_or_default(),
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
    /// (name, href, picture href) of every source, in order.
    sources: Vec<(String, String, Option<String>)>,
    /// (headline, href, contexts line) of every related event, in order.
    related: Vec<(String, String, Option<String>)>,
    /// The edition whose words label the parts.
    edition: &'static Edition,
}

impl Plain {
    fn new(event: &Event, options: &FeedOptions) -> Self {
        let plain =
            |text: &Option<String>| text.as_deref().map(plain_text).filter(|t| !t.is_empty());
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
                let image = s.image.as_deref().map(|i| options.absolute(i));
                (plain_text(&s.name), options.absolute(&s.url), image)
            })
            .collect();
        let related = event
            .related
            .iter()
            .map(|r| {
                let contexts = contexts_text(&r.contexts);
                (plain_text(&r.headline), options.absolute(&r.path), contexts)
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
    let contexts = plain.contexts.iter().map(|c| (c.clone(), CONTEXT_SCHEME));
    let category = plain.category.iter().map(|c| (c.clone(), CATEGORY_SCHEME));
    Entry {
        link,
        id,
        id_is_link,
        date: event.date,
        published: event.published(),
        updated: event.updated(),
        image: event.image.as_deref().map(|url| {
            let href = options.absolute(url);
            let kind = image_type(&href);
            (href, kind)
        }),
        categories: contexts.chain(category).collect(),
        content_html: content_html(&plain),
        via: unique_links(
            plain
                .sources
                .iter()
                .map(|(t, h, _)| (t.as_str(), h.as_str())),
        ),
        related: unique_links(
            plain
                .related
                .iter()
                .map(|(t, h, _)| (t.as_str(), h.as_str())),
        ),
        title: plain.title,
        summary: plain.summary,
    }
}

/// The entry's link, its id, and whether the id is the link (an RSS
/// permalink guid).
fn entry_links(event: &Event, options: &FeedOptions) -> (String, String, bool) {
    let day_link = || match &event.date_link {
        Some(day) => options.absolute(day),
        None => format!("{}/", options.site_url),
    };
    match (&event.path, event.id.as_deref()) {
        (Some(path), None) => {
            let link = options.absolute(path);
            (link.clone(), link, true)
        }
        // Another page's path (the first version's, or the ledger's).
        (path, Some(id)) if id.starts_with('/') => {
            let link = path
                .as_deref()
                .map_or_else(day_link, |p| options.absolute(p));
            (link, options.absolute(&format!("{id}.md")), false)
        }
        _ => (day_link(), tag_uri(options, event), false),
    }
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

/// The entry body as HTML: headline, category, summary, contexts, sources
/// and related events as links. All text is escaped plain text, so nothing
/// in the input can become markup; the lists carry `class` names that the
/// readers use to read them back. Parts whose plain text is empty (a
/// summary of only markup or control characters) are left out, as in the
/// feed's own elements, so that a feed read back writes the same feed.
fn content_html(plain: &Plain) -> String {
    let mut html = String::new();
    let paragraph = |html: &mut String, class: &str, prefix: &str, text: &str| {
        html.push_str(&format!(
            "<p class=\"{class}\">{prefix}{}</p>",
            html_escape(text)
        ));
    };
    if let Some(category) = &plain.category {
        paragraph(&mut html, class::CATEGORY, "", category);
    }
    html.push_str(&format!("<h1>{}</h1>", html_escape(&plain.title)));
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
        html.push_str(&format!(
            "<h2>{}</h2><ul class=\"{}\">",
            plain.edition.feed_sources,
            class::SOURCES
        ));
        for (name, href, image) in &plain.sources {
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a>",
                html_escape(href),
                html_escape(name)
            ));
            if let Some(image) = image {
                html.push_str(&format!(
                    " <a class=\"{}\" href=\"{}\">{IMAGE_LINK}</a>",
                    class::SOURCE_IMAGE,
                    html_escape(image)
                ));
            }
            html.push_str("</li>");
        }
        html.push_str("</ul>");
    }
    if !plain.related.is_empty() {
        html.push_str(&format!(
            "<h2>{}</h2><ul class=\"{}\">",
            plain.edition.feed_related,
            class::RELATED
        ));
        for (headline, href, contexts) in &plain.related {
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a>",
                html_escape(href),
                html_escape(headline)
            ));
            if let Some(contexts) = contexts {
                html.push_str(&format!(
                    " <em>{}: {}</em>",
                    plain.edition.context,
                    html_escape(contexts)
                ));
            }
            html.push_str("</li>");
        }
        html.push_str("</ul>");
    }
    html
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
        let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
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
    fn an_entry_parses_each_tag_once() {
        // The headline, then each tag: linear in the tags (it was
        // quadratic: every tag against every kept tag).
        assert_eq!(parses_for_an_entry(10), 1 + 10);
        assert_eq!(parses_for_an_entry(4000), 1 + 4000);
    }
}
