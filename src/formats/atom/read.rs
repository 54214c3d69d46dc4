//! Reading Atom 1.0 feeds back into events (see docs/feeds.md).

use quick_xml::events::{BytesStart, Event as Xml};
use quick_xml::Reader;

use super::MARKDOWN;
use crate::error::{Error, Result};
use crate::formats::feed::content::{
    attr, content_parts, event_text, finish_event, html_to_text, is_day_stamp, iso_date,
    model_related, model_sources, model_text, site_path,
};
use crate::formats::feed::{CATEGORY_SCHEME, CONTEXT_SCHEME};
use crate::formats::text::collapse_whitespace;
use crate::formats::{writable_date, FeedItem, ItemError};
use crate::model::Event;
use chrono::NaiveDateTime;

#[derive(Default)]
struct RawEntry {
    /// Where the entry starts in the document.
    offset: usize,
    id: String,
    title: String,
    link: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    /// The `.md` page, when the link is the HTML page.
    markdown: Option<String>,
    categories: Vec<(String, Option<String>)>,
    summary: Option<String>,
    content: Option<String>,
    via: Vec<(String, String)>,
    related: Vec<(String, String)>,
    image: Option<String>,
}

/// Reads the entries of an Atom document as events, in document order.
///
/// Titles and summaries come back as plain text escaped as inline markdown;
/// links under the feed's `alternate` link become site paths.
pub fn read(bytes: &[u8]) -> Result<Vec<Event>> {
    crate::formats::all_or_error(read_items(bytes))
}

/// Reads each entry as an event, or an error located at the entry: one
/// bad entry does not lose the others, and a document that breaks off
/// (truncated) keeps the entries before the break, then the error.
pub(crate) fn read_items(bytes: &[u8]) -> Vec<FeedItem> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let text = match std::str::from_utf8(&bytes[bom..]) {
        Ok(text) => text,
        Err(e) => {
            let at = bom + e.valid_up_to();
            return vec![Err(ItemError::new(at, format!("not UTF-8: {e}")))];
        }
    };
    let mut reader = Reader::from_str(text);
    let mut feed = FeedReader::default();
    let broken = loop {
        let at = bom + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = bom + reader.error_position() as usize;
                break Some(ItemError::new(at, format!("not well-formed XML: {e}")));
            }
        };
        let step = match event {
            Xml::Eof if feed.path.is_empty() => break None,
            Xml::Eof => Err(Error::Format(format!(
                "the document ends inside <{}>: truncated?",
                feed.path.join("><")
            ))),
            Xml::Start(e) => feed.start(&e, at),
            Xml::Empty(e) => feed.empty(&e),
            Xml::End(_) => {
                feed.end();
                Ok(())
            }
            event => {
                feed.text.push_str(&event_text(&event));
                Ok(())
            }
        };
        if let Err(e) = step {
            break Some(ItemError::new(at, e.to_string()));
        }
    };
    if !feed.saw_feed && broken.is_none() {
        return vec![Err(ItemError::new(
            0,
            "not an Atom feed: no <feed> element",
        ))];
    }
    let site = feed.site.as_deref();
    let entries = feed.entries.into_iter().enumerate();
    let mut items: Vec<FeedItem> = entries
        .map(|(i, raw)| {
            let offset = raw.offset;
            to_event(raw, site, i + 1).map_err(|e| ItemError::new(offset, e.to_string()))
        })
        .collect();
    items.extend(broken.map(Err));
    items
}

/// Where [`read`] is in the document: the open elements, the feed's site
/// link, the entries read, and the text of the entry's current child.
#[derive(Default)]
struct FeedReader {
    path: Vec<String>,
    saw_feed: bool,
    site: Option<String>,
    entries: Vec<RawEntry>,
    current: Option<RawEntry>,
    text: String,
    text_type: String,
}

impl FeedReader {
    fn start(&mut self, e: &BytesStart<'_>, offset: usize) -> Result<()> {
        let name = local(e);
        self.check_root(&name)?;
        if name == "entry" {
            self.current = Some(RawEntry {
                offset,
                ..RawEntry::default()
            });
        }
        // Text is gathered per child of an entry; elements nested deeper
        // (xhtml markup) only add their text.
        if self.in_entry() {
            self.text.clear();
            self.text_type = attr(e, b"type").unwrap_or_default();
        }
        self.attributes(e, &name);
        self.path.push(name);
        Ok(())
    }

    fn empty(&mut self, e: &BytesStart<'_>) -> Result<()> {
        let name = local(e);
        self.check_root(&name)?;
        self.attributes(e, &name);
        Ok(())
    }

    fn end(&mut self) {
        let name = self.path.pop().unwrap_or_default();
        if name == "entry" {
            self.entries.extend(self.current.take());
        } else if self.in_entry() {
            self.field(&name);
        }
    }

    /// True when the innermost open element is an entry.
    fn in_entry(&self) -> bool {
        self.path.last().is_some_and(|p| p == "entry")
    }

    fn check_root(&mut self, name: &str) -> Result<()> {
        if !self.path.is_empty() {
            return Ok(());
        }
        if name != "feed" {
            return Err(Error::Format(format!(
                "not an Atom feed: the root element is <{name}>"
            )));
        }
        self.saw_feed = true;
        Ok(())
    }

    /// An entry's child element has ended: keeps its text.
    fn field(&mut self, name: &str) {
        let Some(entry) = self.current.as_mut() else {
            return;
        };
        let value = std::mem::take(&mut self.text);
        let plain = if self.text_type == "html" {
            html_to_text(&value)
        } else {
            collapse_whitespace(&value)
        };
        match name {
            "id" => entry.id = value.trim().to_string(),
            "title" => entry.title = plain,
            "published" => entry.published = Some(value),
            "updated" => entry.updated = Some(value),
            "summary" => entry.summary = Some(plain),
            "content" => entry.content = Some(value),
            _ => {}
        }
    }

    /// Elements whose data is in attributes: links and categories.
    fn attributes(&mut self, e: &BytesStart<'_>, name: &str) {
        let depth = self.path.len();
        let rel = attr(e, b"rel").unwrap_or_else(|| "alternate".into());
        match (name, self.current.as_mut()) {
            ("link", None) if depth == 1 && rel == "alternate" => self.site = attr(e, b"href"),
            ("link", Some(entry)) if depth == 2 => entry_link(entry, e, &rel),
            ("category", Some(entry)) if depth == 2 => {
                if let Some(term) = attr(e, b"term") {
                    entry.categories.push((term, attr(e, b"scheme")));
                }
            }
            _ => {}
        }
    }
}

fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

/// An entry's `link`: its address, a source (`via`) or a related event.
fn entry_link(entry: &mut RawEntry, e: &BytesStart<'_>, rel: &str) {
    let Some(href) = attr(e, b"href") else { return };
    let title = collapse_whitespace(&attr(e, b"title").unwrap_or_default());
    match rel {
        "alternate" if attr(e, b"type").as_deref() == Some(MARKDOWN) => entry.markdown = Some(href),
        "alternate" if entry.link.is_none() => entry.link = Some(href),
        "via" => entry.via.push((title, href)),
        "related" => entry.related.push((title, href)),
        "enclosure" if entry.image.is_none() => entry.image = Some(href),
        _ => {}
    }
}

fn to_event(raw: RawEntry, site: Option<&str>, number: usize) -> Result<Event> {
    let mut event = Event::new(entry_date(&raw, number)?, model_text(&raw.title));
    let parts = raw
        .content
        .as_deref()
        .map(content_parts)
        .unwrap_or_default();
    let id = set_links(&mut event, &raw, site);
    finish_event(&mut event, id, entry_times(&raw));
    event.image = raw.image.map(|href| site_path(&href, site));
    set_terms(&mut event, raw.categories, &parts.contexts);
    event.summary = raw
        .summary
        .or(parts.summary)
        .filter(|s| !s.is_empty())
        .map(|s| model_text(&s));
    event.sources = model_sources(if parts.sources.is_empty() {
        raw.via.into_iter().map(|(t, h)| (t, h, None)).collect()
    } else {
        parts.sources
    });
    let related = if parts.related.is_empty() {
        raw.related
            .into_iter()
            .map(|(t, h)| (t, h, Vec::new()))
            .collect()
    } else {
        parts.related
    };
    event.related = model_related(related, site);
    Ok(event)
}

/// The entry's day: its `published` time's, else its `updated` time's.
fn entry_date(raw: &RawEntry, number: usize) -> Result<chrono::NaiveDate> {
    let stamp = raw.published.as_deref().or(raw.updated.as_deref());
    let date = stamp.and_then(iso_date).ok_or_else(|| {
        Error::Format(format!(
            "entry {number} ({}): no valid published or updated date",
            raw.id
        ))
    })?;
    writable_date(date).map_err(|why| Error::Format(format!("entry {number} ({}): {why}", raw.id)))
}

/// The event's page (or, for a day's entry, its day page) and Formats line
/// from the entry's links; returns the entry's id as a site path, if it is one.
fn set_links(event: &mut Event, raw: &RawEntry, site: Option<&str>) -> Option<String> {
    if let Some(link) = &raw.link {
        if raw.id.starts_with("tag:") {
            event.date_link = Some(site_path(link, site));
        } else {
            event.path = Some(site_path(link, site));
        }
    }
    if let Some(markdown) = &raw.markdown {
        // The link is the HTML page its Formats line named.
        let html = event.path.replace(site_path(markdown, site));
        event.formats = html
            .map(|h| crate::model::Link::new("HTML", h))
            .into_iter()
            .collect();
    }
    Some(site_path(&raw.id, site)).filter(|id| id.starts_with('/'))
}

/// The entry's first-version and update times, when it has a time of day.
fn entry_times(raw: &RawEntry) -> Option<(NaiveDateTime, Option<NaiveDateTime>)> {
    let utc = |s: &Option<String>| {
        let time = chrono::DateTime::parse_from_rfc3339(s.as_deref()?.trim()).ok()?;
        Some(time.naive_utc())
    };
    let published = utc(&raw.published).or_else(|| utc(&raw.updated));
    published
        .filter(|t| !is_day_stamp(*t))
        .map(|t| (t, utc(&raw.updated)))
}

/// The category and context tags from the entry's categories; the tags
/// from its content when no category holds any.
fn set_terms(event: &mut Event, categories: Vec<(String, Option<String>)>, contexts: &[String]) {
    for (term, scheme) in categories {
        let term = collapse_whitespace(&term);
        if scheme.as_deref() == Some(CATEGORY_SCHEME) {
            event.category = Some(model_text(&term));
        } else if scheme.is_none() || scheme.as_deref() == Some(CONTEXT_SCHEME) {
            event.contexts.push(model_text(&term));
        }
    }
    if event.contexts.is_empty() {
        event.contexts = contexts.iter().map(|c| model_text(c)).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    #[test]
    fn reads_another_generators_feed() {
        // RFC 4287's own example, with an xhtml title and a plain category.
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <link href="http://example.org/"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <author><name>John Doe</name></author>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Atom-Powered <b>Robots</b> Run Amok</div></title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <link rel="via" href="http://other.example/x" title="Other"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02-05:00</updated>
    <summary type="html">Some &lt;b&gt;te&lt;/b&gt;xt &amp;amp; more.</summary>
    <category term="robots"/>
    <category term="ignored" scheme="http://other.example/scheme"/>
  </entry>
</feed>"#;
        let events = read(xml.as_bytes()).unwrap();
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e.date.to_string(), "2003-12-13");
        assert_eq!(e.headline, "Atom-Powered Robots Run Amok");
        assert_eq!(e.path.as_deref(), Some("/2003/12/13/atom03"));
        assert_eq!(e.summary.as_deref(), Some("Some text & more."));
        assert_eq!(e.contexts, ["robots"]);
        assert_eq!(e.sources, [Source::new("Other", "http://other.example/x")]);
    }

    #[test]
    fn html5_entities_are_decoded_in_text_and_entry_html() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry>
  <title type="html">Caf&amp;eacute; &amp;mdash; &#233;t&eacute;</title>
  <updated>2020-01-02T00:00:00Z</updated>
  <summary type="html">a&amp;nbsp;b &amp;hellip; &amp;bogus;</summary>
  <content type="html">&lt;ul class="sources"&gt;&lt;li&gt;&lt;a href="https://x.example/"&gt;Le Monde &amp;eacute;dition&lt;/a&gt;&lt;/li&gt;&lt;/ul&gt;</content>
</entry></feed>"#;
        let events = read(xml.as_bytes()).unwrap();
        let e = &events[0];
        assert_eq!(e.headline, "Café — été");
        // A no-break space is whitespace, collapsed like any other.
        assert_eq!(e.summary.as_deref(), Some("a b … \\&bogus;"));
        assert_eq!(
            e.sources,
            [Source::new("Le Monde édition", "https://x.example/")]
        );
    }

    #[test]
    fn errors_name_the_problem() {
        let err = read(b"<rss/>").unwrap_err().to_string();
        assert!(err.contains("root element is <rss>"), "{err}");
        let err = read(b"<feed><entry><title>x</title></entry></feed>")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no valid published or updated date"), "{err}");
        assert!(read(b"<feed><entry></feed>").is_err());
    }
}
