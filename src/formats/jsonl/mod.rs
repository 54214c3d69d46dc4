//! JSON Lines: one event per line, for pandas, DuckDB and `jq`
//! (see `docs/jsonl-csv.md`).

mod read;
pub(crate) mod record;
mod write;

pub use read::JsonlReader;
pub(crate) use read::{LinkIn, RelatedIn, RevisionIn, SectionIn, SourceIn};
pub use write::JsonlWriter;
pub(crate) use write::{text, EventRecord};

/// JSON Lines in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::Jsonl),
    write: Some(|out, _| Ok(Box::new(JsonlWriter::new(out)))),
    ..super::Format::named(
        "jsonl",
        "JSON Lines: one event per line (docs/jsonl-csv.md)",
    )
};
