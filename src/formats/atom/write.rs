//! Atom 1.0 (RFC 4287) output. See [`super::FeedWriter`] and docs/feeds.md.
//!
//! `published` and `updated` are the first and newest times of the
//! event's Changes list; without them, the event's day at `10:00:00Z`
//! (the same day from UTC−10 to UTC+13, see docs/feeds.md, "Dates"). The feed's
//! `updated` is the newest entry's. The Cover Image is a
//! `link rel="enclosure"`, typed by its extension when that tells.

use crate::formats::feed::entry::{Entry, FeedMeta, History, HISTORY_NS};
use crate::formats::feed::xml::Xml;

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
use super::MARKDOWN;

/// An RFC 3339 date-time of a UTC time.
pub(crate) fn rfc3339(time: chrono::NaiveDateTime) -> String {
    time.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Writes the document: its head, each entry's XML (from [`entry_xml`])
/// as given, its end.
pub(crate) fn render(
    meta: &FeedMeta,
    entries: impl Iterator<Item = std::io::Result<Vec<u8>>>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut x = Xml::new()?;
    let mut root = vec![("xmlns", ATOM_NS), ("xml:lang", meta.language.as_str())];
    if meta.history != History::None {
        root.push(("xmlns:fh", HISTORY_NS));
    }
    x.open("feed", &root)?;
    write_head(&mut x, meta)?;
    x.flush_to(out)?;
    for entry in entries {
        out.write_all(&entry?)?;
    }
    x.close("feed")?;
    x.finish(out)
}

/// One entry's XML, as it stands in the document.
pub(crate) fn entry_xml(entry: &Entry) -> std::io::Result<Vec<u8>> {
    let mut x = Xml::fragment(1)?;
    write_entry(&mut x, entry)?;
    Ok(x.take())
}

fn write_head(x: &mut Xml, meta: &FeedMeta) -> std::io::Result<()> {
    x.text("id", &[], &meta.self_link)?;
    x.text("title", &[("type", "text")], &meta.title)?;
    x.text("subtitle", &[("type", "text")], &meta.subtitle)?;
    x.text("updated", &[], &rfc3339(meta.updated))?;
    if let Some(rights) = &meta.rights {
        x.text("rights", &[("type", "text")], rights)?;
    }
    let self_link = [
        ("rel", "self"),
        ("type", "application/atom+xml"),
        ("href", meta.self_link.as_str()),
    ];
    x.empty("link", &self_link)?;
    x.empty("link", &[("rel", "alternate"), ("href", &meta.site_link)])?;
    write_history(x, &meta.history, "link")?;
    x.open("author", &[])?;
    x.text("name", &[], &meta.author)?;
    x.close("author")?;
    let version = [("version", env!("CARGO_PKG_VERSION"))];
    x.text("generator", &version, "currents")
}

/// RFC 5005's links (as `element`: `link` in Atom, `atom:link` in RSS)
/// and, in an archive document, `fh:archive`.
pub(crate) fn write_history(x: &mut Xml, history: &History, element: &str) -> std::io::Result<()> {
    let (prev, current) = match history {
        History::None => return Ok(()),
        History::Subscription { prev } => (prev, None),
        History::Archive { prev, current } => (prev, Some(current)),
    };
    if let Some(current) = current {
        x.empty("fh:archive", &[])?;
        x.empty(element, &[("rel", "current"), ("href", current)])?;
    }
    if let Some(prev) = prev {
        x.empty(element, &[("rel", "prev-archive"), ("href", prev)])?;
    }
    Ok(())
}

fn write_entry(x: &mut Xml, entry: &Entry) -> std::io::Result<()> {
    x.open("entry", &[])?;
    x.text("id", &[], &entry.id)?;
    x.text("title", &[("type", "text")], &entry.title)?;
    x.empty("link", &[("rel", "alternate"), ("href", &entry.link)])?;
    if let Some(markdown) = &entry.markdown {
        let alternate = [("rel", "alternate"), ("type", MARKDOWN), ("href", markdown)];
        x.empty("link", &alternate)?;
    }
    x.text("published", &[], &rfc3339(entry.published))?;
    x.text("updated", &[], &rfc3339(entry.updated))?;
    for (term, scheme) in &entry.categories {
        x.empty("category", &[("term", term), ("scheme", scheme)])?;
    }
    if let Some(summary) = &entry.summary {
        x.text("summary", &[("type", "text")], summary)?;
    }
    x.text("content", &[("type", "html")], &entry.content_html)?;
    for (title, href) in &entry.via {
        x.empty("link", &[("rel", "via"), ("href", href), ("title", title)])?;
    }
    if let Some((href, kind)) = &entry.image {
        let mut attributes = vec![("rel", "enclosure"), ("href", href.as_str())];
        attributes.extend(kind.map(|k| ("type", k)));
        x.empty("link", &attributes)?;
    }
    for (title, href) in &entry.related {
        x.empty(
            "link",
            &[("rel", "related"), ("href", href), ("title", title)],
        )?;
    }
    x.close("entry")
}
