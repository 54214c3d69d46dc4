//! Reading the CSV events table written by `--to csv` back into events,
//! one record at a time.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::{CsvTable, EVENTS_HEADER};
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::formats::jsonl::{
    owned, LinkRecord, RelatedRecord, RevisionRecord, SectionRecord, SourceRecord,
};
use crate::model::Event;

/// Reads events from the CSV events table (see `docs/exports.md`).
///
/// Columns are found by their header names, in any order; `date` and
/// `headline` are required, the other known columns optional, an unknown
/// column makes the whole file an error. `id` is ignored (it is derived), an
/// empty cell is an absent text or an empty list. A leading UTF-8 BOM is
/// skipped. The long tables (`--table sources`, ...) are views for analysis
/// and are refused with a message saying so.
pub struct CsvReader<R: Read> {
    input: csv::Reader<R>,
    file: Option<PathBuf>,
    columns: Option<[Option<usize>; EVENTS_HEADER.len()]>,
    record: csv::ByteRecord,
    /// Line breaks inside the fields read so far, which csv's line count skips.
    inner_lines: u64,
    done: bool,
}

impl<R: Read> CsvReader<R> {
    /// A reader of `input`; `file` names it in diagnostics.
    pub fn new(input: R, file: Option<&Path>) -> Self {
        CsvReader {
            input: csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(input),
            file: file.map(Path::to_path_buf),
            columns: None,
            record: csv::ByteRecord::new(),
            inner_lines: 0,
            done: false,
        }
    }

    fn diagnostic(&self, line: u64, message: String) -> Diagnostic {
        let kind = DiagnosticKind::InvalidRecord {
            format: "CSV".into(),
            message,
        };
        let mut diagnostic = Diagnostic::new(kind, usize::try_from(line).unwrap_or(0), 1);
        diagnostic.file = self.file.clone();
        diagnostic
    }

    /// Maps header names to column numbers, or says why the header is wrong.
    fn columns(&mut self) -> Result<[Option<usize>; EVENTS_HEADER.len()], String> {
        let header = self.input.headers().map_err(csv_message)?.clone();
        let names: Vec<&str> = header.iter().collect();
        if names.is_empty() {
            return Err("empty file: no header".into());
        }
        if let Some(table) = CsvTable::ALL
            .into_iter()
            .find(|t| *t != CsvTable::Events && t.header() == names.as_slice())
        {
            return Err(format!(
                "this is the `{}` table (one row per item, for analysis); \
                 only the events table reads back into events",
                table.name()
            ));
        }
        let mut columns = [None; EVENTS_HEADER.len()];
        for (i, name) in names.iter().enumerate() {
            let Some(at) = EVENTS_HEADER.iter().position(|h| h == name) else {
                return Err(format!(
                    "unknown column `{name}`; the events table has {}",
                    EVENTS_HEADER.join(",")
                ));
            };
            if columns[at].replace(i).is_some() {
                return Err(format!("column `{name}` appears twice"));
            }
        }
        for required in ["date", "headline"] {
            if columns[index(required)].is_none() {
                return Err(format!("no `{required}` column"));
            }
        }
        Ok(columns)
    }

    fn event(&self, columns: &[Option<usize>]) -> Result<Event, String> {
        let record = csv::StringRecord::from_byte_record(self.record.clone())
            .map_err(|e| format!("invalid UTF-8 in field {}", e.utf8_error().field() + 1))?;
        event_from_cells(&|name| {
            columns[index(name)]
                .and_then(|i| record.get(i))
                .unwrap_or("")
        })
    }
}

/// The event of one row of the events table, given each named column's
/// cell (`""` when empty or absent). Shared with the XLSX reader, whose
/// `events` sheet has the same columns.
pub(crate) fn event_from_cells<'r>(cell: &dyn Fn(&str) -> &'r str) -> Result<Event, String> {
    let text = |name: &str| Some(cell(name).to_string()).filter(|s| !s.is_empty());
    fn list<T: DeserializeOwned>(name: &str, cell: &str) -> Result<Vec<T>, String> {
        if cell.is_empty() {
            return Ok(Vec::new());
        }
        serde_json::from_str(cell).map_err(|e| format!("column `{name}`: {e}"))
    }
    let date = NaiveDate::parse_from_str(cell("date"), "%Y-%m-%d")
        .map_err(|e| format!("column `date`: `{}`: {e}", cell("date")))?;
    let date =
        crate::formats::writable_date(date).map_err(|why| format!("column `date`: {why}"))?;
    if cell("headline").trim().is_empty() {
        return Err("column `headline`: empty; every event needs one".into());
    }
    let mut event = Event::new(date, cell("headline"));
    event.category = text("category");
    event.summary = text("summary");
    event.contexts = list("contexts", cell("contexts"))?;
    event.sources = owned(list::<SourceRecord>("sources", cell("sources"))?);
    event.related = owned(list::<RelatedRecord>("related", cell("related"))?);
    event.revisions = owned(list::<RevisionRecord>("revisions", cell("revisions"))?);
    event.image = text("image");
    event.path = text("path");
    event.date_link = text("date_link");
    event.formats = owned(list::<LinkRecord>("formats", cell("formats"))?);
    event.extra_sections = owned(list::<SectionRecord>(
        "extra_sections",
        cell("extra_sections"),
    )?);
    if let Some(id) = text("id") {
        crate::identity::keep_id(&mut event, id);
    }
    if let Some(why) = crate::formats::control_character(&event) {
        return Err(why.replacen("field", "column", 1));
    }
    Ok(event)
}

fn index(name: &str) -> usize {
    EVENTS_HEADER
        .iter()
        .position(|h| *h == name)
        .expect("a known column")
}

fn csv_message(e: csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        _ => e.to_string(),
    }
}

impl<R: Read> Iterator for CsvReader<R> {
    type Item = Result<Event, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let columns = match self.columns {
            Some(columns) => columns,
            None => match self.columns() {
                Ok(columns) => *self.columns.insert(columns),
                Err(message) => {
                    self.done = true;
                    return Some(Err(self.diagnostic(1, message)));
                }
            },
        };
        match self.input.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line()) + self.inner_lines;
                let breaks = self
                    .record
                    .iter()
                    .flatten()
                    .filter(|&&b| b == b'\n')
                    .count();
                self.inner_lines += breaks as u64;
                Some(
                    self.event(&columns)
                        .map_err(|message| self.diagnostic(line, message)),
                )
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line()) + self.inner_lines;
                self.done = e.is_io_error();
                Some(Err(self.diagnostic(line, csv_message(e))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<Event, String>> {
        CsvReader::new(text.as_bytes(), Some(Path::new("x.csv")))
            .map(|r| r.map_err(|d| d.to_string()))
            .collect()
    }

    #[test]
    fn columns_by_name_and_located_errors() {
        let items = read(concat!(
            "\u{FEFF}headline,date,sources\r\n",
            "\"A, \"\"quoted\"\"\n2nd line\",2015-11-25,\r\n",
            "B,2015-11-xx,[]\r\n",
            "C,2015-11-25,[{\"name\":1}]\r\n",
            "D,2015-11-25\r\n",
            "E,2015-11-25,\"[{\"\"name\"\":\"\"AP\"\",\"\"url\"\":\"\"u\"\"}]\"\r\n",
        ));
        assert_eq!(items.len(), 5);
        assert_eq!(
            items[0].as_ref().unwrap().headline,
            "A, \"quoted\"\n2nd line"
        );
        assert!(items[1]
            .as_ref()
            .unwrap_err()
            .starts_with("x.csv:4:1: error: invalid CSV record: column `date`"));
        assert!(items[2].as_ref().unwrap_err().contains("column `sources`"));
        assert!(items[3]
            .as_ref()
            .unwrap_err()
            .contains("2 fields where the header has 3"));
        assert_eq!(items[4].as_ref().unwrap().sources[0].name, "AP");
    }

    #[test]
    fn long_tables_and_unknown_columns_are_refused() {
        let items = read("event_id,position,name,url\r\n/x,1,AP,u\r\n");
        assert_eq!(items.len(), 1);
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .contains("this is the `sources` table"));
        let items = read("date,headline,colour\r\n2015-11-25,A,red\r\n");
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .contains("unknown column `colour`"));
        let items = read("date\r\n2015-11-25\r\n");
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .contains("no `headline` column"));
        assert!(read("")[0].as_ref().unwrap_err().contains("empty file"));
        assert!(read("id,date,headline\r\n").is_empty());
    }
}
