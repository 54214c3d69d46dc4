//! RSS 2.0 feeds: written through quick-xml's `Writer`, read with the `rss` crate
//! (see `docs/feeds.md`).

mod read;
mod write;

pub use read::read;
pub(crate) use write::render;
