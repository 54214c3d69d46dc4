//! Atom 1.0 feeds (RFC 4287), written and read (see `docs/feeds.md`).

mod read;
mod write;

pub use read::read;
pub(crate) use read::read_items;
pub(crate) use write::{entry_xml, render, rfc3339, write_history};

/// The media type of an entry's second `alternate` link: its `.md` page,
/// when the first is its HTML page.
pub(crate) const MARKDOWN: &str = "text/markdown";

/// Atom 1.0 in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::Atom),
    feed: Some(super::FeedKind::Atom),
    write: Some(|out, options| super::registry::feed_writer(super::FeedKind::Atom, out, options)),
    ..super::Format::named("atom", "Atom 1.0: the newest events (docs/feeds.md)")
};
