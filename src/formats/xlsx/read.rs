//! Reading the `events` sheet of a workbook written by `--to xlsx` back
//! into events (the other sheets are views, and are not read).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::formats::csv::{event_from_cells, EVENTS_HEADER};
use crate::model::Event;

/// Reads events from a workbook's `events` sheet (see `docs/exports.md`).
///
/// Its columns are the CSV events table's, found by their header names in
/// any order; `date` and `headline` are required. A date cell, or a
/// `YYYY-MM-DD` text, is a date; lists are JSON arrays as in CSV. A row
/// that cannot be read is one diagnostic naming its row; the rest are read.
pub struct XlsxReader {
    rows: std::vec::IntoIter<(usize, Vec<String>)>,
    columns: Vec<Option<usize>>,
    file: Option<PathBuf>,
    problem: Option<Diagnostic>,
}

impl XlsxReader {
    /// A reader of the workbook in `bytes`; `file` names it in diagnostics.
    pub fn new(bytes: Vec<u8>, file: Option<&Path>) -> Self {
        let file = file.map(Path::to_path_buf);
        let mut reader = XlsxReader {
            rows: Vec::new().into_iter(),
            columns: Vec::new(),
            file,
            problem: None,
        };
        match sheet(bytes) {
            Ok((columns, rows)) => {
                reader.columns = columns;
                reader.rows = rows.into_iter();
            }
            Err(message) => reader.problem = Some(reader.diagnostic(1, message)),
        }
        reader
    }

    fn diagnostic(&self, row: usize, message: String) -> Diagnostic {
        let kind = DiagnosticKind::InvalidRecord {
            format: "XLSX".into(),
            message,
        };
        let mut diagnostic = Diagnostic::new(kind, row, 1);
        diagnostic.file = self.file.clone();
        diagnostic
    }
}

/// The `events` sheet: each events-table column's position, and the rows
/// below the header as texts (with their row numbers, from 1).
type Sheet = (Vec<Option<usize>>, Vec<(usize, Vec<String>)>);

fn sheet(bytes: Vec<u8>) -> Result<Sheet, String> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("not an XLSX workbook: {e}"))?;
    let range = workbook
        .worksheet_range("events")
        .map_err(|e| format!("no `events` sheet ({e})"))?;
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut columns = vec![None; EVENTS_HEADER.len()];
    for (i, name) in header.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
        let at = EVENTS_HEADER
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("unknown column `{name}` in the `events` sheet"))?;
        columns[at] = Some(i);
    }
    for required in ["date", "headline"] {
        if columns[index(required)].is_none() {
            return Err(format!("no `{required}` column in the `events` sheet"));
        }
    }
    let date_column = columns[index("date")];
    let texts = rows.enumerate().map(|(i, row)| {
        let cells = row.iter().enumerate();
        let texts = cells
            .map(|(c, cell)| text(cell, Some(c) == date_column))
            .collect();
        (i + 2, texts)
    });
    Ok((columns, texts.collect()))
}

fn index(name: &str) -> usize {
    EVENTS_HEADER
        .iter()
        .position(|h| *h == name)
        .expect("a known column")
}

/// A cell as the text the CSV events table would hold.
fn text(cell: &Data, is_date: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) => text.clone(),
        Data::DateTime(serial) if is_date => serial_date(serial.as_f64()),
        Data::Float(serial) if is_date => serial_date(*serial),
        other => other.to_string(),
    }
}

/// Excel's day number as `YYYY-MM-DD` (day 1 is 1900-01-01; Excel's
/// phantom 1900-02-29 aside, day 0 is 1899-12-30 from March 1900 on).
fn serial_date(serial: f64) -> String {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a valid date");
    let days = serial.floor() as i64;
    epoch
        .checked_add_signed(chrono::Duration::days(days))
        .map_or_else(|| serial.to_string(), |d| d.format("%Y-%m-%d").to_string())
}

impl Iterator for XlsxReader {
    type Item = Result<Event, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(problem) = self.problem.take() {
            return Some(Err(problem));
        }
        let (row, cells) = self.rows.next()?;
        let columns = &self.columns;
        let event = event_from_cells(&|name| {
            columns[index(name)]
                .and_then(|i| cells.get(i))
                .map_or("", String::as_str)
        });
        Some(event.map_err(|message| self.diagnostic(row, message)))
    }
}
