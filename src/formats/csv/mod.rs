//! CSV: the events table (one row per event, list fields as JSON arrays)
//! and the long tables (one row per list item), for spreadsheets and SQL
//! (see `docs/jsonl-csv.md`).

mod read;
mod write;

pub use read::CsvReader;
pub use write::{CsvFormat, CsvTable, CsvWriter, EVENTS_HEADER};
