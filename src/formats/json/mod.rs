//! The model as one JSON document, for inspection.

mod write;

pub use write::JsonWriter;

/// The model as JSON in the registry (written only).
pub(crate) const FORMAT: super::Format = super::Format {
    write: Some(|out, _| Ok(Box::new(JsonWriter::new(out)))),
    ..super::Format::named(
        "json",
        "The model as pretty JSON (an array), for inspection",
    )
};
