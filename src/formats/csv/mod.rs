//! CSV: the events table (one row per event, list fields as JSON arrays)
//! and the long tables (one row per list item), for spreadsheets and SQL
//! (see `docs/exports.md`).

mod read;
mod write;

#[cfg(feature = "xlsx")]
pub(crate) use read::event_from_cells;
pub use read::CsvReader;
pub use write::{CsvFormat, CsvTable, CsvWriter, EVENTS_HEADER};

/// CSV in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::Csv),
    tables: true,
    write: Some(|out, options| Ok(Box::new(format(options).writer(out)))),
    records: Some(|options| Box::new(format(options))),
    ..super::Format::named(
        "csv",
        "CSV: one row per event, or per item with --table (docs/exports.md)",
    )
};

/// The table and spreadsheet flags a run asked for.
fn format(options: &super::WriteOptions) -> CsvFormat {
    CsvFormat::new()
        .table(options.table)
        .bom(options.bom)
        .excel_safe(options.excel_safe)
}
