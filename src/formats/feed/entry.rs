//! An event as a feed entry, and the feed-level data: plain text, absolute
//! links, stable ids and the entry HTML, shared by the RSS and Atom writers.

use chrono::{NaiveDate, NaiveDateTime};

use super::{class, FeedKind, FeedOptions, CATEGORY_SCHEME, CONTEXT_SCHEME};
use crate::filter::SplitBy;
use crate::formats::text::{html_escape, plain_text};
use crate::model::Event;

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
        Some((SplitBy::Context, key, _)) => (
            format!("{title}: {}", plain_text(key)),
            format!(
                "News events tagged “{}” from {}",
                plain_text(key),
                options.site_url
            ),
        ),
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

pub(crate) fn entry(event: &Event, options: &FeedOptions) -> Entry {
    let title = plain_text(&event.headline);
    let day_link = || match &event.date_link {
        Some(day) => options.absolute(day),
        None => format!("{}/", options.site_url),
    };
    let (link, id, id_is_link) = match (&event.path, event.id.as_deref()) {
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
        _ => {
            let link = match &event.date_link {
                Some(day) => options.absolute(day),
                None => format!("{}/", options.site_url),
            };
            (link, tag_uri(options, event), false)
        }
    };
    let mut categories: Vec<(String, &'static str)> = Vec::new();
    for context in &event.contexts {
        let term = plain_text(context);
        if !term.is_empty() && !categories.iter().any(|(t, _)| *t == term) {
            categories.push((term, CONTEXT_SCHEME));
        }
    }
    if let Some(category) = event.category.as_deref().map(plain_text) {
        if !category.is_empty() {
            categories.push((category, CATEGORY_SCHEME));
        }
    }
    let summary = event
        .summary
        .as_deref()
        .map(plain_text)
        .filter(|s| !s.is_empty());
    let mut via: Vec<(String, String)> = Vec::new();
    for source in &event.sources {
        let href = options.absolute(&source.url);
        if !via.iter().any(|(_, h)| *h == href) {
            via.push((plain_text(&source.name), href));
        }
    }
    let mut related: Vec<(String, String)> = Vec::new();
    for item in &event.related {
        let href = options.absolute(&item.path);
        if !related.iter().any(|(_, h)| *h == href) {
            related.push((plain_text(&item.headline), href));
        }
    }
    let content_html = content_html(event, options);
    Entry {
        title,
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
        categories,
        summary,
        content_html,
        via,
        related,
    }
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
fn content_html(event: &Event, options: &FeedOptions) -> String {
    let mut html = String::new();
    let plain = |text: &Option<String>| text.as_deref().map(plain_text).filter(|t| !t.is_empty());
    if let Some(category) = plain(&event.category) {
        html.push_str(&format!(
            "<p class=\"{}\">{}</p>",
            class::CATEGORY,
            html_escape(&category)
        ));
    }
    html.push_str(&format!(
        "<h1>{}</h1>",
        html_escape(&plain_text(&event.headline))
    ));
    if let Some(summary) = plain(&event.summary) {
        html.push_str(&format!(
            "<p class=\"{}\">{}</p>",
            class::SUMMARY,
            html_escape(&summary)
        ));
    }
    // Each tag once, as in the categories (the readers prefer those).
    let mut tags: Vec<String> = Vec::new();
    for tag in &event.contexts {
        if !tags.iter().any(|t| plain_text(t) == plain_text(tag)) {
            tags.push(tag.clone());
        }
    }
    if let Some(contexts) = contexts_text(&tags) {
        html.push_str(&format!(
            "<p class=\"{}\">Context: {}</p>",
            class::CONTEXTS,
            html_escape(&contexts)
        ));
    }
    if !event.sources.is_empty() {
        html.push_str(&format!(
            "<h2>Sources</h2><ul class=\"{}\">",
            class::SOURCES
        ));
        for source in &event.sources {
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                html_escape(&options.absolute(&source.url)),
                html_escape(&plain_text(&source.name))
            ));
        }
        html.push_str("</ul>");
    }
    if !event.related.is_empty() {
        html.push_str(&format!(
            "<h2>Related</h2><ul class=\"{}\">",
            class::RELATED
        ));
        for item in &event.related {
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a>",
                html_escape(&options.absolute(&item.path)),
                html_escape(&plain_text(&item.headline))
            ));
            if let Some(contexts) = contexts_text(&item.contexts) {
                html.push_str(&format!(" <em>Context: {}</em>", html_escape(&contexts)));
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
