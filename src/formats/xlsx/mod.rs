//! XLSX: one workbook, a sheet per table (`events`, `sources`, `related`,
//! `contexts`, `revisions`), for spreadsheet users (see `docs/exports.md`).
//! Header rows frozen and filterable, dates as date cells, every text a
//! text cell (never a formula), web addresses as hyperlinks.
//!
//! The `events` sheet has the CSV events table's columns (lists as JSON
//! arrays in a cell) and reads back into the same events; the other
//! sheets are the long tables, one row per item.
//!
//! Excel's limits are errors, never silent cuts: a text longer than
//! 32,767 characters, or a sheet past 1,048,576 rows, stops the export
//! with a message naming the event, sheet and column.

mod read;
mod write;

pub use read::XlsxReader;
pub use write::XlsxWriter;

use super::CsvTable;

/// XLSX in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::Xlsx),
    write: Some(|out, _| Ok(Box::new(XlsxWriter::new(out)?))),
    ..super::Format::named(
        "xlsx",
        "XLSX workbook: a sheet per table, typed cells (docs/exports.md)",
    )
};

/// The sheets, in workbook order: one per table, named as `--table` names it.
const SHEETS: [CsvTable; 5] = CsvTable::ALL;

/// Excel's most characters in one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Excel's most rows in one sheet, the header row included.
pub const MAX_ROWS: u32 = 1_048_576;

/// Excel's most hyperlinks in one sheet; addresses past it are plain text cells.
pub const MAX_LINKS: usize = 65_530;

/// The columns of `table`'s sheet: the CSV table's, and a source's picture.
fn columns(table: CsvTable) -> &'static [&'static str] {
    match table {
        CsvTable::Sources => &["event_id", "position", "name", "url", "image"],
        other => other.header(),
    }
}

/// A column's width in characters, for reading without resizing.
fn width(column: &str) -> f64 {
    match column {
        "date" | "position" => 11.0,
        "timestamp" => 20.0,
        "headline" | "summary" => 60.0,
        "id" | "event_id" | "path" | "url" | "related" | "sources" => 40.0,
        _ => 24.0,
    }
}
