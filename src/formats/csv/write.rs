//! CSV: one row per event (or per list item, for the long tables), for
//! spreadsheets and SQL. RFC 4180: CRLF line ends, fields quoted when they
//! hold a comma, a quote or a line break.
//!
//! Events are first mapped to flat row types; list fields of the events
//! table are JSON arrays inside one cell, the same shapes as in JSON Lines.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::formats::jsonl::{record, EventRecord};
use crate::formats::writer::{RecordFormat, Writer};
use crate::model::Event;

/// Which table a [`CsvWriter`] writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CsvTable {
    /// One row per event, list fields as JSON arrays: reads back losslessly.
    #[default]
    Events,
    /// One row per source: `event_id,position,name,url`.
    Sources,
    /// One row per related item: `event_id,position,headline,path,contexts`.
    Related,
    /// One row per context tag: `event_id,position,context`.
    Contexts,
    /// One row per revision: `event_id,position,headline,path,timestamp,label`.
    Revisions,
}

impl CsvTable {
    /// The table's fixed header.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            CsvTable::Events => EVENTS_HEADER,
            CsvTable::Sources => &["event_id", "position", "name", "url"],
            CsvTable::Related => &["event_id", "position", "headline", "path", "contexts"],
            CsvTable::Contexts => &["event_id", "position", "context"],
            CsvTable::Revisions => &[
                "event_id",
                "position",
                "headline",
                "path",
                "timestamp",
                "label",
            ],
        }
    }

    /// The table's name, as `--table` spells it.
    pub fn name(self) -> &'static str {
        match self {
            CsvTable::Events => "events",
            CsvTable::Sources => "sources",
            CsvTable::Related => "related",
            CsvTable::Contexts => "contexts",
            CsvTable::Revisions => "revisions",
        }
    }

    /// Every table.
    pub const ALL: [CsvTable; 5] = [
        CsvTable::Events,
        CsvTable::Sources,
        CsvTable::Related,
        CsvTable::Contexts,
        CsvTable::Revisions,
    ];
}

/// The events table's header, in column order.
pub const EVENTS_HEADER: &[&str] = &[
    "id",
    "date",
    "headline",
    "category",
    "summary",
    "contexts",
    "sources",
    "related",
    "revisions",
    "path",
    "date_link",
    "formats",
    "extra_sections",
    "image",
];

/// CSV's table and options, as a [`RecordFormat`]: the head is the BOM
/// (if asked) and the header row; the records are the rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvFormat {
    table: CsvTable,
    bom: bool,
    excel_safe: bool,
}

impl CsvFormat {
    /// The events table, without BOM or formula guard.
    pub fn new() -> Self {
        CsvFormat::default()
    }

    /// `table` instead of the events table.
    pub fn table(mut self, table: CsvTable) -> Self {
        self.table = table;
        self
    }

    /// Starts the output with a UTF-8 byte order mark, for Excel on Windows.
    pub fn bom(mut self, yes: bool) -> Self {
        self.bom = yes;
        self
    }

    /// Prefixes with `'` every cell that starts with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return, so spreadsheets do not run it as a formula.
    /// Lossy: the `'` stays when the file is read back.
    pub fn excel_safe(mut self, yes: bool) -> Self {
        self.excel_safe = yes;
        self
    }

    /// A writer of this table into `out`, header included.
    pub fn writer<W: Write>(self, out: W) -> CsvWriter<W> {
        CsvWriter {
            out: csv_writer(out),
            format: self,
            started: false,
        }
    }

    fn header<W: Write>(&self, csv: &mut csv::Writer<W>) -> Result<()> {
        let mut header: Vec<Cow<str>> = self.table.header().iter().map(|&h| h.into()).collect();
        if self.bom {
            // Part of the first field: csv::Writer gives no access to its sink.
            header[0] = format!("\u{FEFF}{}", header[0]).into();
        }
        csv.write_record(header.iter().map(|h| h.as_bytes()))
            .map_err(csv_error)
    }
}

impl RecordFormat for CsvFormat {
    fn head(&self, out: &mut dyn Write) -> Result<()> {
        let mut csv = csv_writer(out);
        self.header(&mut csv)?;
        csv.flush()?;
        Ok(())
    }

    fn records<'a>(&self, out: Box<dyn Write + 'a>) -> Box<dyn Writer + 'a> {
        let mut writer = self.writer(out);
        writer.started = true; // the head is written apart
        Box::new(writer)
    }
}

/// Writes events as CSV (see `docs/exports.md`).
pub struct CsvWriter<W: Write> {
    out: csv::Writer<W>,
    format: CsvFormat,
    /// The header is written (or is not this writer's to write).
    started: bool,
}

impl<W: Write> CsvWriter<W> {
    /// A writer of the events table into `out`, without BOM or formula guard.
    pub fn new(out: W) -> Self {
        CsvFormat::new().writer(out)
    }

    /// Writes `table` instead of the events table.
    pub fn table(mut self, table: CsvTable) -> Self {
        self.format = self.format.table(table);
        self
    }

    /// Starts the output with a UTF-8 byte order mark, for Excel on Windows.
    pub fn bom(mut self, yes: bool) -> Self {
        self.format = self.format.bom(yes);
        self
    }

    /// Prefixes with `'` every cell that starts with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return, so spreadsheets do not run it as a formula.
    /// Lossy: the `'` stays when the file is read back.
    pub fn excel_safe(mut self, yes: bool) -> Self {
        self.format = self.format.excel_safe(yes);
        self
    }

    fn start(&mut self) -> Result<()> {
        if !self.started {
            self.started = true;
            self.format.header(&mut self.out)?;
        }
        Ok(())
    }

    /// The events table's row: list fields as JSON arrays.
    fn event_row(&mut self, event: &Event, record: EventRecord) -> Result<()> {
        let row = EventRow {
            id: self.cell(record.id.as_ref()),
            date: record.date.to_string(),
            headline: self.cell(record.headline.as_ref()),
            category: self.cell(record.category.unwrap_or_default()),
            summary: self.cell(record.summary.unwrap_or_default()),
            contexts: list(record::strings, &event.contexts),
            sources: list(record::sources, &event.sources),
            related: list(record::related, &event.related),
            revisions: list(record::revisions, &event.revisions),
            path: self.cell(record.path.unwrap_or_default()),
            date_link: self.cell(record.date_link.unwrap_or_default()),
            formats: list(record::links, &event.formats),
            extra_sections: list(record::sections, &event.extra_sections),
            image: self.cell(record.image.unwrap_or_default()),
        };
        self.row(row)
    }

    fn source_rows(&mut self, record: &EventRecord) -> Result<()> {
        let id = self.cell(record.id.as_ref());
        for (i, source) in record.sources.iter().enumerate() {
            let row = SourceRow {
                event_id: id.clone(),
                position: i + 1,
                name: self.cell(source.name.as_ref()),
                url: self.cell(source.url.as_ref()),
            };
            self.row(row)?;
        }
        Ok(())
    }

    fn related_rows(&mut self, record: &EventRecord) -> Result<()> {
        let id = self.cell(record.id.as_ref());
        for (i, related) in record.related.iter().enumerate() {
            let row = RelatedRow {
                event_id: id.clone(),
                position: i + 1,
                headline: self.cell(related.headline.as_ref()),
                path: self.cell(related.path.as_ref()),
                contexts: list(record::strings, &related.contexts),
            };
            self.row(row)?;
        }
        Ok(())
    }

    fn context_rows(&mut self, record: &EventRecord) -> Result<()> {
        let id = self.cell(record.id.as_ref());
        for (i, context) in record.contexts.iter().enumerate() {
            let row = ContextRow {
                event_id: id.clone(),
                position: i + 1,
                context: self.cell(context.as_str()),
            };
            self.row(row)?;
        }
        Ok(())
    }

    fn revision_rows(&mut self, record: &EventRecord) -> Result<()> {
        let id = self.cell(record.id.as_ref());
        for (i, revision) in record.revisions.iter().enumerate() {
            let row = RevisionRow {
                event_id: id.clone(),
                position: i + 1,
                headline: self.cell(revision.headline.as_ref()),
                path: self.cell(revision.path.as_ref()),
                timestamp: revision
                    .timestamp
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
                    .unwrap_or_default(),
                label: self.cell(revision.label.as_deref().unwrap_or_default()),
            };
            self.row(row)?;
        }
        Ok(())
    }

    fn row<R: Serialize>(&mut self, row: R) -> Result<()> {
        self.out.serialize(row).map_err(csv_error)
    }

    fn cell<'a>(&self, value: impl Into<Cow<'a, str>>) -> Cow<'a, str> {
        let value = value.into();
        if self.format.excel_safe && value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            Cow::Owned(format!("'{value}"))
        } else {
            value
        }
    }
}

impl<W: Write> Writer for CsvWriter<W> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        self.start()?;
        let record = EventRecord::from_event(event);
        match self.format.table {
            CsvTable::Events => self.event_row(event, record),
            CsvTable::Sources => self.source_rows(&record),
            CsvTable::Related => self.related_rows(&record),
            CsvTable::Contexts => self.context_rows(&record),
            CsvTable::Revisions => self.revision_rows(&record),
        }
    }

    fn finish(&mut self) -> Result<()> {
        self.start()?;
        self.out.flush()?;
        Ok(())
    }
}

fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// A list cell: a JSON array, `[]` when empty. Never starts with a formula
/// character, so `--excel-safe` leaves it alone.
fn list<T>(encode: fn(&mut Vec<u8>, &[T]), items: &[T]) -> String {
    let mut cell = Vec::new();
    encode(&mut cell, items);
    String::from_utf8(cell).expect("JSON of text is text")
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        other => Error::Format(format!("CSV: {other:?}")),
    }
}

// The flat row types; field order is the header order (checked by a test).

#[derive(Serialize)]
struct EventRow<'a> {
    id: Cow<'a, str>,
    date: String,
    headline: Cow<'a, str>,
    category: Cow<'a, str>,
    summary: Cow<'a, str>,
    contexts: String,
    sources: String,
    related: String,
    revisions: String,
    path: Cow<'a, str>,
    date_link: Cow<'a, str>,
    formats: String,
    extra_sections: String,
    image: Cow<'a, str>,
}

#[derive(Serialize)]
struct SourceRow<'a> {
    event_id: Cow<'a, str>,
    position: usize,
    name: Cow<'a, str>,
    url: Cow<'a, str>,
}

#[derive(Serialize)]
struct RelatedRow<'a> {
    event_id: Cow<'a, str>,
    position: usize,
    headline: Cow<'a, str>,
    path: Cow<'a, str>,
    contexts: String,
}

#[derive(Serialize)]
struct ContextRow<'a> {
    event_id: Cow<'a, str>,
    position: usize,
    context: Cow<'a, str>,
}

#[derive(Serialize)]
struct RevisionRow<'a> {
    event_id: Cow<'a, str>,
    position: usize,
    headline: Cow<'a, str>,
    path: Cow<'a, str>,
    timestamp: String,
    label: Cow<'a, str>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Revision, Source};
    use chrono::NaiveDate;

    fn event() -> Event {
        let date = NaiveDate::from_ymd_opt(2018, 2, 6).unwrap();
        let mut event = Event::new(date, "=HYPERLINK(\"x\")");
        event.path = Some("/news/2018/02/6/a.md".into());
        event.contexts = vec!["Syria".into(), "-1".into()];
        event.sources = vec![Source::new("BBC", "http://bbc.example/1")];
        event.related = vec![crate::model::Related::new(
            "R",
            "/news/r.md",
            vec!["Syria".into()],
        )];
        event.revisions = vec![Revision {
            headline: "Old".into(),
            path: "/news/old.md".into(),
            timestamp: NaiveDate::from_ymd_opt(2018, 2, 6)
                .unwrap()
                .and_hms_opt(13, 49, 30),
            label: Some("First version".into()),
        }];
        event
    }

    fn write(table: CsvTable, excel_safe: bool) -> String {
        let mut out = Vec::new();
        let mut writer = CsvWriter::new(&mut out).table(table).excel_safe(excel_safe);
        writer.write_event(&event()).unwrap();
        writer.finish().unwrap();
        drop(writer);
        String::from_utf8(out).unwrap()
    }

    /// serde's own header for each row type (from its field names) is `header()`.
    #[test]
    fn row_types_match_the_documented_headers() {
        for table in CsvTable::ALL {
            let mut out = Vec::new();
            let mut writer = CsvWriter {
                out: csv::WriterBuilder::new()
                    .has_headers(true)
                    .from_writer(&mut out),
                format: CsvFormat::new().table(table),
                started: true,
            };
            writer.write_event(&event()).unwrap();
            writer.finish().unwrap();
            drop(writer);
            let text = String::from_utf8(out).unwrap();
            assert_eq!(text.lines().next().unwrap(), table.header().join(","));
        }
    }

    #[test]
    fn long_tables_have_one_row_per_item_keyed_by_id() {
        assert_eq!(
            write(CsvTable::Sources, false),
            "event_id,position,name,url\r\n/news/2018/02/6/a,1,BBC,http://bbc.example/1\r\n"
        );
        assert_eq!(
            write(CsvTable::Contexts, false),
            "event_id,position,context\r\n/news/2018/02/6/a,1,Syria\r\n/news/2018/02/6/a,2,-1\r\n"
        );
        assert_eq!(
            write(CsvTable::Related, false),
            "event_id,position,headline,path,contexts\r\n\
             /news/2018/02/6/a,1,R,/news/r.md,\"[\"\"Syria\"\"]\"\r\n"
        );
        assert_eq!(
            write(CsvTable::Revisions, false),
            "event_id,position,headline,path,timestamp,label\r\n\
             /news/2018/02/6/a,1,Old,/news/old.md,2018-02-06T13:49:30,First version\r\n"
        );
    }

    #[test]
    fn excel_safe_prefixes_formula_cells_only() {
        let safe = write(CsvTable::Events, true);
        assert!(safe.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{safe}");
        assert!(write(CsvTable::Contexts, true).contains(",2,'-1\r\n"));
        let plain = write(CsvTable::Events, false);
        assert!(plain.contains(",\"=HYPERLINK(\"\"x\"\")\","), "{plain}");
    }

    #[test]
    fn bom_and_header_even_without_events() {
        let mut out = Vec::new();
        CsvWriter::new(&mut out).bom(true).finish().unwrap();
        assert_eq!(out, "\u{FEFF}id,date,headline,category,summary,contexts,sources,related,revisions,path,date_link,formats,extra_sections,image\r\n".as_bytes());
    }
}
