//! RSS 2.0 feeds: written through quick-xml's `Writer`, read with the `rss` crate
//! (see `docs/feeds.md`).

mod read;
mod write;

pub use read::read;
pub(crate) use read::read_items;
pub(crate) use write::{entry_xml, render};

/// RSS 2.0 in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::Rss),
    feed: Some(super::FeedKind::Rss),
    write: Some(|out, options| super::registry::feed_writer(super::FeedKind::Rss, out, options)),
    ..super::Format::named("rss", "RSS 2.0: the newest events (docs/feeds.md)")
};
