//! Canonical markdown: the same pages, in one regular form
//! (see `docs/canonical-markdown.md`). Reading markdown is the core parser's
//! job ([`crate::parse`]).

pub(crate) mod pages;
mod site;
mod style;
mod write;

pub use crate::formats::text::plain_text;
pub use style::Style;
pub use write::MarkdownWriter;
pub use write::{canonical_model, document_edition, render, render_in, render_styled};

/// Canonical markdown in the registry; `--from markdown` reads pages.
pub(crate) const FORMAT: super::Format = super::Format {
    aliases: &["markdown"],
    input: Some(super::InputFormat::Markdown),
    write: Some(|out, options| {
        Ok(Box::new(MarkdownWriter::with_style(
            out,
            options.markdown_style,
        )))
    }),
    ..super::Format::named(
        "md",
        "Canonical markdown: one page, or several each after a marker line (docs/canonical-markdown.md)",
    )
};
