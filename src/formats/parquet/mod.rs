//! Parquet: the events table, or one long table (`--table`), with real
//! types: `date` a DATE, texts UTF-8, absent texts null, lists of structs
//! Parquet LISTs (see `docs/exports.md`). Compressed with Snappy, in row
//! groups of a few MiB, so a run's memory stays flat whatever its size.
//!
//! The schemas below are the format's spec, shared by [`ParquetWriter`]
//! and [`ParquetReader`]; the events table reads back into the events the
//! JSON Lines of the same pages hold, byte for byte.

mod read;
mod write;

pub use read::ParquetReader;
pub use write::ParquetWriter;

use super::CsvTable;

/// Parquet in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::Parquet),
    tables: true,
    write: Some(|out, options| Ok(Box::new(ParquetWriter::new(out, options.table)?))),
    ..super::Format::named(
        "parquet",
        "Parquet: typed columns, one file per table with --table (docs/exports.md)",
    )
};

/// A list of UTF-8 texts.
macro_rules! text_list {
    ($name:literal) => {
        concat!(
            "required group ",
            $name,
            " (LIST) { repeated group list { ",
            "required binary element (STRING); } }"
        )
    };
}

/// The events table: one row per event, the fields of JSON Lines.
const EVENTS: &str = concat!(
    "message event {",
    "required binary id (STRING);",
    "required int32 date (DATE);",
    "required binary headline (STRING);",
    "optional binary category (STRING);",
    "optional binary summary (STRING);",
    text_list!("contexts"),
    "required group sources (LIST) { repeated group list { required group element {",
    "required binary name (STRING); required binary url (STRING);",
    "optional binary image (STRING); } } }",
    "required group related (LIST) { repeated group list { required group element {",
    "required binary headline (STRING); required binary path (STRING);",
    text_list!("contexts"),
    "} } }",
    "required group revisions (LIST) { repeated group list { required group element {",
    "required binary headline (STRING); required binary path (STRING);",
    "optional int64 timestamp (TIMESTAMP(MILLIS,false));",
    "optional binary label (STRING); } } }",
    "optional binary path (STRING);",
    "optional binary date_link (STRING);",
    "required group formats (LIST) { repeated group list { required group element {",
    "required binary text (STRING); required binary url (STRING); } } }",
    "required group extra_sections (LIST) { repeated group list { required group element {",
    "required binary title (STRING); required binary body (STRING); } } }",
    "optional binary image (STRING);",
    "}"
);

const SOURCES: &str = "message source {
    required binary event_id (STRING); required int32 position;
    required binary name (STRING); required binary url (STRING);
    optional binary image (STRING); }";

const RELATED: &str = concat!(
    "message related {",
    "required binary event_id (STRING); required int32 position;",
    "required binary headline (STRING); required binary path (STRING);",
    text_list!("contexts"),
    "}"
);

const CONTEXTS: &str = "message context {
    required binary event_id (STRING); required int32 position;
    required binary context (STRING); }";

const REVISIONS: &str = "message revision {
    required binary event_id (STRING); required int32 position;
    required binary headline (STRING); required binary path (STRING);
    optional int64 timestamp (TIMESTAMP(MILLIS,false));
    optional binary label (STRING); }";

/// The schema of `table`, as a Parquet message type.
fn schema(table: CsvTable) -> &'static str {
    match table {
        CsvTable::Events => EVENTS,
        CsvTable::Sources => SOURCES,
        CsvTable::Related => RELATED,
        CsvTable::Contexts => CONTEXTS,
        CsvTable::Revisions => REVISIONS,
    }
}

/// Parquet's errors are the crate's invalid-output errors.
fn error(error: parquet::errors::ParquetError) -> crate::Error {
    crate::Error::Io(std::io::Error::other(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_parses() {
        for table in CsvTable::ALL {
            let parsed = parquet::schema::parser::parse_message_type(schema(table));
            assert!(parsed.is_ok(), "{table:?}: {parsed:?}");
        }
    }
}
