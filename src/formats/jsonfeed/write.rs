//! JSON Feed 1.1 output. See [`crate::formats::FeedWriter`] and
//! docs/feeds.md. The head comes first and each item follows on a line of
//! its own, so a feed of any length is written as it is made.

use std::io::{Result, Write};

use super::{Author, FeedExtension, Head, Item, ItemExtension, VERSION};
use crate::formats::atom::rfc3339;
use crate::formats::feed::entry::{Entry, FeedMeta};
use crate::formats::feed::CONTEXT_SCHEME;

/// Writes the document: the head, each item's JSON (from [`entry_json`])
/// as given, separated by commas, and the end.
pub(crate) fn render(
    meta: &FeedMeta,
    entries: impl Iterator<Item = Result<Vec<u8>>>,
    out: &mut dyn Write,
) -> Result<()> {
    let head = Head {
        version: VERSION.to_string(),
        title: meta.title.clone(),
        home_page_url: Some(meta.site_link.clone()),
        feed_url: Some(meta.self_link.clone()),
        description: Some(meta.subtitle.clone()),
        authors: vec![Author {
            name: meta.author.clone(),
        }],
        language: Some(meta.language.clone()),
        extension: meta.rights.clone().map(|rights| FeedExtension {
            rights: Some(rights),
        }),
    };
    let head = serde_json::to_vec(&head)?;
    // The head's closing brace makes way for the items.
    out.write_all(&head[..head.len() - 1])?;
    out.write_all(b",\"items\":[")?;
    for (at, entry) in entries.enumerate() {
        out.write_all(if at == 0 { b"\n" } else { b",\n" })?;
        out.write_all(&entry?)?;
    }
    out.write_all(b"\n]}\n")
}

/// One item's JSON, on one line.
pub(crate) fn entry_json(entry: &Entry) -> Result<Vec<u8>> {
    let category = entry
        .categories
        .iter()
        .find(|(_, scheme)| *scheme != CONTEXT_SCHEME)
        .map(|(term, _)| term.clone());
    let extension = ItemExtension {
        category,
        markdown_url: entry.markdown.clone(),
    };
    let has_extension = extension.category.is_some() || extension.markdown_url.is_some();
    let item = Item {
        id: entry.id.clone(),
        url: Some(entry.link.clone()),
        title: Some(entry.title.clone()),
        content_html: Some(entry.content_html.clone()),
        content_text: None,
        summary: entry.summary.clone(),
        image: entry.image.as_ref().map(|(href, _)| href.clone()),
        date_published: Some(rfc3339(entry.published)),
        date_modified: Some(rfc3339(entry.updated)),
        tags: entry
            .categories
            .iter()
            .filter(|(_, scheme)| *scheme == CONTEXT_SCHEME)
            .map(|(term, _)| term.clone())
            .collect(),
        extension: has_extension.then_some(extension),
    };
    Ok(serde_json::to_vec(&item)?)
}
