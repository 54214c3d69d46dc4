//! Reading RSS 2.0 feeds back into events (see docs/feeds.md), with the
//! `rss` crate.

use crate::error::{Error, Result};
use crate::formats::feed::content::{
    content_parts, finish_event, html_to_text, is_day_stamp, model_related, model_sources,
    model_text, site_path,
};
use crate::formats::feed::{CATEGORY_SCHEME, CONTEXT_SCHEME};
use crate::formats::text::collapse_whitespace;
use crate::formats::{writable_date, FeedItem, ItemError};
use crate::model::Event;

/// Reads the items of an RSS 2.0 document as events, in document order.
///
/// Titles and descriptions come back as plain text escaped as inline
/// markdown; links under the channel's `link` become site paths. An item
/// needs a `pubDate` in RFC 822 form (a wrong day name is forgiven).
pub fn read(bytes: &[u8]) -> Result<Vec<Event>> {
    crate::formats::all_or_error(read_items(bytes))
}

/// Reads each item as an event, or an error located at the item: one bad
/// item does not lose the others. A document the `rss` crate cannot read
/// is one error.
pub(crate) fn read_items(bytes: &[u8]) -> Vec<FeedItem> {
    let channel = match rss::Channel::read_from(bytes) {
        Ok(channel) => channel,
        Err(e) => return vec![Err(ItemError::new(0, format!("not an RSS feed: {e}")))],
    };
    let site = Some(channel.link()).filter(|s| !s.is_empty());
    let mut offsets = item_offsets(bytes);
    let items = channel.items().iter().enumerate();
    items
        .map(|(i, item)| {
            let offset = offsets.next().unwrap_or(0);
            to_event(item, site, i + 1).map_err(|e| ItemError::new(offset, e.to_string()))
        })
        .collect()
}

/// Where each `<item>` starts, in document order (the `rss` crate keeps
/// no positions).
fn item_offsets(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memmem::find_iter(bytes, b"<item").filter(move |&at| {
        bytes
            .get(at + 5)
            .is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
    })
}

fn to_event(item: &rss::Item, site: Option<&str>, number: usize) -> Result<Event> {
    let title = collapse_whitespace(item.title().unwrap_or_default());
    let Some(stamp) = item.pub_date() else {
        return Err(Error::Format(format!(
            "item {number} ({title}): no pubDate; an event needs a date"
        )));
    };
    let (date, time) = rfc822_date(stamp).ok_or_else(|| {
        Error::Format(format!(
            "item {number} ({title}): pubDate `{stamp}` is not an RFC 822 date"
        ))
    })?;
    let date = writable_date(date)
        .map_err(|why| Error::Format(format!("item {number} ({title}): pubDate: {why}")))?;
    let mut event = Event::new(date, model_text(&title));
    let guid = item.guid().filter(|g| !g.is_permalink());
    // A guid of another page of the site is the event's id.
    let id = guid
        .map(|g| site_path(g.value(), site))
        .filter(|g| g.starts_with('/'));
    if let Some(link) = item.link() {
        if guid.is_none() || id.is_some() {
            event.path = Some(site_path(link, site));
        } else {
            event.date_link = Some(site_path(link, site));
        }
    }
    // A link to the HTML page, and the `.md` page beside it: that is the path.
    if let Some(markdown) = markdown_link(item) {
        let html = event.path.replace(site_path(markdown, site));
        event.formats = html
            .map(|h| crate::model::Link::new("HTML", h))
            .into_iter()
            .collect();
    }
    let times = Some(time).filter(|t| !is_day_stamp(*t)).map(|t| (t, None));
    finish_event(&mut event, id, times);
    event.image = thumbnail(item).map(|url| site_path(url, site));
    for category in item.categories() {
        let term = collapse_whitespace(category.name());
        match category.domain() {
            Some(CATEGORY_SCHEME) => event.category = Some(model_text(&term)),
            None | Some(CONTEXT_SCHEME) => event.contexts.push(model_text(&term)),
            Some(_) => {}
        }
    }
    let parts = item.content().map(content_parts).unwrap_or_default();
    // Our content HTML marks the summary; a description equal to the
    // title is the writer's stand-in for "no summary".
    let description = item
        .description()
        .map(html_to_text)
        .filter(|s| !s.is_empty() && *s != title);
    event.summary = parts
        .summary
        .filter(|s| !s.is_empty())
        .or(description)
        .map(|s| model_text(&s));
    event.sources = model_sources(parts.sources);
    event.related = model_related(parts.related, site);
    Ok(event)
}

/// The item's `atom:link rel="alternate" type="text/markdown"`: its `.md`
/// page when its link is the HTML page.
fn markdown_link(item: &rss::Item) -> Option<&str> {
    let links = item.extensions().get("atom")?.get("link")?;
    let markdown = links.iter().find(|l| {
        l.attrs().get("type").map(String::as_str) == Some(crate::formats::atom::MARKDOWN)
    })?;
    markdown.attrs().get("href").map(String::as_str)
}

/// The Media RSS thumbnail's address: the event's image.
fn thumbnail(item: &rss::Item) -> Option<&str> {
    let thumbnails = item.extensions().get("media")?.get("thumbnail")?;
    thumbnails.first()?.attrs().get("url").map(String::as_str)
}

/// The date of an RFC 822 timestamp, as written (in its own offset), and
/// its time in UTC. A wrong day name is common in the wild and does not
/// change the date: it is retried without it.
fn rfc822_date(stamp: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDateTime)> {
    chrono::DateTime::parse_from_rfc2822(stamp.trim())
        .or_else(|e| match stamp.split_once(',') {
            Some((_, rest)) => chrono::DateTime::parse_from_rfc2822(rest.trim()),
            None => Err(e),
        })
        .map(|d| (d.date_naive(), d.naive_utc()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_another_generators_feed() {
        let xml = r#"<rss version="2.0"><channel>
  <title>T</title><link>https://example.org/</link><description>D</description>
  <item>
    <title>AT&amp;T buys *everything*</title>
    <link>https://elsewhere.example/story</link>
    <description>&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</description>
    <pubDate>Sun, 19 Jun 2017 23:30:00 -0700</pubDate>
    <category>Business</category>
  </item>
</channel></rss>"#;
        let events = read(xml.as_bytes()).unwrap();
        let e = &events[0];
        assert_eq!(e.date.to_string(), "2017-06-19");
        assert_eq!(e.headline, "AT&T buys \\*everything\\*");
        assert_eq!(e.path.as_deref(), Some("https://elsewhere.example/story"));
        assert_eq!(e.summary.as_deref(), Some("Hi & bye"));
        assert_eq!(e.contexts, ["Business"]);
    }

    #[test]
    fn a_bad_date_is_an_error_naming_the_item() {
        let xml = b"<rss version=\"2.0\"><channel><title>T</title><link>x</link><description>D</description><item><title>A</title><pubDate>2017-06-19</pubDate></item></channel></rss>";
        let err = read(xml).unwrap_err().to_string();
        assert!(
            err.contains("item 1 (A)") && err.contains("RFC 822"),
            "{err}"
        );
    }
}
