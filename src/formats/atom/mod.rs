//! Atom 1.0 feeds (RFC 4287), written and read (see `docs/feeds.md`).

mod read;
mod write;

pub use read::read;
pub(crate) use write::render;
