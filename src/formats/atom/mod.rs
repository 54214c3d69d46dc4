//! Atom 1.0 feeds (RFC 4287), written and read (see `docs/feeds.md`).

mod read;
mod write;

pub use read::read;
pub(crate) use read::read_items;
pub(crate) use write::render;

/// Atom 1.0 in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::Atom),
    feed: Some(super::FeedKind::Atom),
    write: Some(|out, options| super::registry::feed_writer(super::FeedKind::Atom, out, options)),
    ..super::Format::named("atom", "Atom 1.0: the newest events (docs/feeds.md)")
};
