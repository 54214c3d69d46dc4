//! Canonical markdown: the same pages, in one regular form
//! (see `docs/canonical-markdown.md`). Reading markdown is the core parser's
//! job ([`crate::parse`]).

mod write;

pub use crate::formats::text::plain_text;
pub use write::MarkdownWriter;
pub use write::{canonical_model, document_edition, render, render_in};
