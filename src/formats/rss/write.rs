//! RSS 2.0 output. See [`super::FeedWriter`] and docs/feeds.md.
//!
//! `pubDate` is the first version's time when the Changes list has one,
//! else the event's day at `10:00:00 +0000` (RFC 822 with a four-digit
//! year). The Cover Image is a `media:thumbnail` (Media RSS). Titles are
//! plain text; `description` (the summary)
//! and `content:encoded` (the full entry) are HTML; an item without a
//! summary repeats its headline as `description`.

use crate::formats::atom::MARKDOWN;
use crate::formats::feed::entry::{Entry, FeedMeta, History, HISTORY_NS};
use crate::formats::feed::xml::Xml;
use crate::formats::text::html_escape;

/// Media RSS, for an item's picture.
pub(crate) const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";
/// An RFC 822 date-time (revision times are taken as UTC).
const RFC822_TIME: &str = "%a, %d %b %Y %H:%M:%S +0000";

/// An RFC 822 date-time of a UTC time.
pub(crate) fn rfc822(time: chrono::NaiveDateTime) -> String {
    time.format(RFC822_TIME).to_string()
}

/// Writes the document: its head, each item's XML (from [`entry_xml`])
/// as given, its end.
pub(crate) fn render(
    meta: &FeedMeta,
    entries: impl Iterator<Item = std::io::Result<Vec<u8>>>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut x = Xml::new()?;
    let namespaces = [
        ("version", "2.0"),
        ("xmlns:atom", "http://www.w3.org/2005/Atom"),
        ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
        ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
    ];
    let mut namespaces = namespaces.to_vec();
    if meta.history != History::None {
        namespaces.push(("xmlns:fh", HISTORY_NS));
    }
    x.open("rss", &namespaces)?;
    x.open("channel", &[])?;
    write_head(&mut x, meta)?;
    x.flush_to(out)?;
    for entry in entries {
        out.write_all(&entry?)?;
    }
    x.close("channel")?;
    x.close("rss")?;
    x.finish(out)
}

/// One item's XML, as it stands in the document.
pub(crate) fn entry_xml(entry: &Entry) -> std::io::Result<Vec<u8>> {
    let mut x = Xml::fragment(2)?;
    write_item(&mut x, entry)?;
    Ok(x.take())
}

fn write_head(x: &mut Xml, meta: &FeedMeta) -> std::io::Result<()> {
    x.text("title", &[], &meta.title)?;
    x.text("link", &[], &meta.site_link)?;
    x.text("description", &[], &meta.subtitle)?;
    x.text("language", &[], &meta.language)?;
    if let Some(rights) = &meta.rights {
        x.text("copyright", &[], rights)?;
    }
    x.text("dc:creator", &[], &meta.author)?;
    let generator = concat!("currents ", env!("CARGO_PKG_VERSION"));
    x.text("generator", &[], generator)?;
    x.text("lastBuildDate", &[], &rfc822(meta.updated))?;
    let self_link = [
        ("href", meta.self_link.as_str()),
        ("rel", "self"),
        ("type", "application/rss+xml"),
    ];
    x.empty("atom:link", &self_link)?;
    crate::formats::atom::write_history(x, &meta.history, "atom:link")
}

fn write_item(x: &mut Xml, entry: &Entry) -> std::io::Result<()> {
    x.open("item", &[])?;
    x.text("title", &[], &entry.title)?;
    x.text("link", &[], &entry.link)?;
    let permalink = if entry.id_is_link { "true" } else { "false" };
    x.text("guid", &[("isPermaLink", permalink)], &entry.id)?;
    if let Some(markdown) = &entry.markdown {
        let alternate = [("rel", "alternate"), ("type", MARKDOWN), ("href", markdown)];
        x.empty("atom:link", &alternate)?;
    }
    x.text("pubDate", &[], &rfc822(entry.published))?;
    for (term, scheme) in &entry.categories {
        x.text("category", &[("domain", scheme)], term)?;
    }
    // Validators want a description before content:encoded; without a
    // summary, the headline stands in (the reader knows to skip it).
    let description = entry.summary.as_deref().unwrap_or(&entry.title);
    x.text("description", &[], &html_escape(description))?;
    x.text("content:encoded", &[], &entry.content_html)?;
    if let Some((url, _)) = &entry.image {
        // Not an enclosure: that needs the file's length in bytes.
        x.empty(
            "media:thumbnail",
            &[("xmlns:media", MEDIA_NS), ("url", url)],
        )?;
    }
    x.close("item")
}
