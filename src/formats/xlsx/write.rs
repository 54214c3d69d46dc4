//! Writing the workbook: rows go to temporary files as they are written
//! (rust_xlsxwriter's constant-memory sheets), and the workbook is put
//! together into a temporary file when the run ends, then copied out.

use std::io::{Seek, Write};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{columns, width, MAX_CELL_CHARS, MAX_LINKS, MAX_ROWS, SHEETS};
use crate::error::{Error, Result};
use crate::formats::jsonl::{record, EventRecord};
use crate::formats::writer::Writer;
use crate::formats::CsvTable;
use crate::model::Event;

/// Writes events as an XLSX workbook (see `docs/exports.md`).
pub struct XlsxWriter<'w> {
    out: Box<dyn Write + 'w>,
    workbook: Workbook,
    /// The next row of each sheet (row 0 is the header).
    rows: [u32; SHEETS.len()],
    /// Hyperlinks written in each sheet.
    links: [usize; SHEETS.len()],
    date: Format,
    datetime: Format,
    max_rows: u32,
    finished: bool,
}

/// One cell of a row.
enum Cell<'a> {
    Text(&'a str),
    /// A text that is a hyperlink when it is a web address.
    Link(&'a str),
    Number(usize),
    Date(NaiveDate),
    Time(Option<NaiveDateTime>),
    Empty,
}

impl<'a> Cell<'a> {
    fn text(value: Option<&'a str>) -> Self {
        value.map_or(Cell::Empty, Cell::Text)
    }
}

impl<'w> XlsxWriter<'w> {
    /// A writer of the workbook into `out`.
    pub fn new(out: Box<dyn Write + 'w>) -> Result<Self> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        for table in SHEETS {
            let sheet = workbook.add_worksheet_with_constant_memory();
            header(sheet, table, &bold).map_err(xlsx_error)?;
        }
        Ok(XlsxWriter {
            out,
            workbook,
            rows: [1; SHEETS.len()],
            links: [0; SHEETS.len()],
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            max_rows: MAX_ROWS,
            finished: false,
        })
    }

    /// A writer whose sheets end at `rows` rows, to test what happens at
    /// Excel's limit without writing a million rows.
    #[cfg(test)]
    pub(crate) fn with_max_rows(mut self, rows: u32) -> Self {
        self.max_rows = rows;
        self
    }

    /// An error when `rows` do not fit into `table`'s sheet: too many
    /// rows, or a text too long for a cell.
    fn check(&self, id: &str, table: CsvTable, rows: &[Vec<Cell>]) -> Result<()> {
        let at = table as usize;
        let fits = u32::try_from(rows.len()).is_ok_and(|n| self.rows[at] + n <= self.max_rows);
        if !fits {
            return Err(Error::Format(format!(
                "event {id}: the `{}` sheet would pass {} rows, Excel's limit; \
                 export fewer events (--since, --until) or use --to parquet",
                table.name(),
                self.max_rows
            )));
        }
        for row in rows {
            for (cell, column) in row.iter().zip(columns(table)) {
                if let Cell::Text(text) | Cell::Link(text) = cell {
                    check_length(id, table, column, text)?;
                }
            }
        }
        Ok(())
    }

    fn row(&mut self, table: CsvTable, cells: &[Cell]) -> Result<()> {
        let at = table as usize;
        let row = self.rows[at];
        for (col, cell) in cells.iter().enumerate() {
            self.cell(at, row, col as u16, cell).map_err(xlsx_error)?;
        }
        self.rows[at] += 1;
        Ok(())
    }

    fn cell(
        &mut self,
        at: usize,
        row: u32,
        col: u16,
        cell: &Cell,
    ) -> std::result::Result<(), XlsxError> {
        let linked =
            matches!(cell, Cell::Link(text) if is_web_address(text)) && self.links[at] < MAX_LINKS;
        let sheet = self.workbook.worksheet_from_index(at)?;
        match *cell {
            Cell::Link(text) if linked => {
                // An address Excel refuses as a link stays a text.
                match sheet.write_url_with_text(row, col, text, text) {
                    Ok(_) => self.links[at] += 1,
                    Err(_) => {
                        sheet.write_string(row, col, text)?;
                    }
                }
            }
            Cell::Text(text) | Cell::Link(text) => {
                sheet.write_string(row, col, text)?;
            }
            Cell::Number(n) => {
                sheet.write_number(row, col, n as f64)?;
            }
            Cell::Date(date) => {
                sheet.write_datetime_with_format(row, col, excel_date(date)?, &self.date)?;
            }
            Cell::Time(Some(time)) => {
                let value = excel_date(time.date())?.and_hms(
                    time.hour() as u16,
                    time.minute() as u8,
                    time.second(),
                )?;
                sheet.write_datetime_with_format(row, col, value, &self.datetime)?;
            }
            Cell::Time(None) | Cell::Empty => {}
        }
        Ok(())
    }
}

/// The header row: bold, frozen, and the columns' widths.
fn header(
    sheet: &mut Worksheet,
    table: CsvTable,
    bold: &Format,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(table.name())?;
    for (col, name) in columns(table).iter().enumerate() {
        sheet.set_column_width(col as u16, width(name))?;
        sheet.write_string_with_format(0, col as u16, *name, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn check_length(id: &str, table: CsvTable, column: &str, text: &str) -> Result<()> {
    // Bytes bound characters from above: most texts skip the count.
    if text.len() <= MAX_CELL_CHARS {
        return Ok(());
    }
    let chars = text.chars().count();
    if chars <= MAX_CELL_CHARS {
        return Ok(());
    }
    Err(Error::Format(format!(
        "event {id}: the `{column}` cell of the `{}` sheet has {chars} characters, \
         more than Excel's limit of {MAX_CELL_CHARS}; export it with --to parquet or jsonl",
        table.name()
    )))
}

fn is_web_address(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn excel_date(date: NaiveDate) -> std::result::Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year()).unwrap_or(0);
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

fn xlsx_error(error: XlsxError) -> Error {
    Error::Format(format!("XLSX: {error}"))
}

/// An event's lists as JSON arrays (the events sheet's list cells, and
/// the related sheet's contexts), owned here for the cells to borrow.
struct Lists {
    event: [String; 6],
    related_contexts: Vec<String>,
}

impl Lists {
    fn of(event: &Event) -> Self {
        Lists {
            event: [
                json(record::strings, &event.contexts),
                json(record::sources, &event.sources),
                json(record::related, &event.related),
                json(record::revisions, &event.revisions),
                json(record::links, &event.formats),
                json(record::sections, &event.extra_sections),
            ],
            related_contexts: event
                .related
                .iter()
                .map(|r| json(record::strings, &r.contexts))
                .collect(),
        }
    }
}

/// The rows an event adds to each sheet, in workbook order.
fn sheet_rows<'a>(r: &'a EventRecord, lists: &'a Lists) -> [(CsvTable, Vec<Vec<Cell<'a>>>); 5] {
    let key = || Cell::Text(&r.id);
    let position = |i: usize| Cell::Number(i + 1);
    // Pictures' addresses are texts: links cost memory until the workbook
    // is saved (about 2 KiB each), so only the sources' articles get them.
    let link = |value: Option<&'a str>| value.map_or(Cell::Empty, Cell::Text);
    let l = &lists.event;
    let event = vec![
        key(),
        Cell::Date(r.date),
        Cell::Text(&r.headline),
        Cell::text(r.category.as_deref()),
        Cell::text(r.summary.as_deref()),
        Cell::Text(&l[0]),
        Cell::Text(&l[1]),
        Cell::Text(&l[2]),
        Cell::Text(&l[3]),
        Cell::text(r.path.as_deref()),
        Cell::text(r.date_link.as_deref()),
        Cell::Text(&l[4]),
        Cell::Text(&l[5]),
        link(r.image.as_deref()),
    ];
    let sources = r.sources.iter().enumerate().map(|(i, s)| {
        let (name, url) = (Cell::Text(&s.name), Cell::Link(&s.url));
        vec![key(), position(i), name, url, link(s.image.as_deref())]
    });
    let related = r.related.iter().zip(&lists.related_contexts).enumerate();
    let related = related.map(|(i, (related, contexts))| {
        let (headline, path) = (Cell::Text(&related.headline), Cell::Text(&related.path));
        vec![key(), position(i), headline, path, Cell::Text(contexts)]
    });
    let contexts = r.contexts.iter().enumerate();
    let contexts = contexts.map(|(i, c)| vec![key(), position(i), Cell::Text(c)]);
    let revisions = r.revisions.iter().enumerate().map(|(i, revision)| {
        let (headline, path) = (Cell::Text(&revision.headline), Cell::Text(&revision.path));
        let (time, label) = (
            Cell::Time(revision.timestamp),
            Cell::text(revision.label.as_deref()),
        );
        vec![key(), position(i), headline, path, time, label]
    });
    [
        (CsvTable::Events, vec![event]),
        (CsvTable::Sources, sources.collect()),
        (CsvTable::Related, related.collect()),
        (CsvTable::Contexts, contexts.collect()),
        (CsvTable::Revisions, revisions.collect()),
    ]
}

/// A list as the events table's JSON array (as in CSV).
fn json<T>(encode: fn(&mut Vec<u8>, &[T]), items: &[T]) -> String {
    let mut out = Vec::new();
    encode(&mut out, items);
    String::from_utf8(out).expect("JSON is UTF-8")
}

impl Writer for XlsxWriter<'_> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        let record = EventRecord::from_event(event);
        let lists = Lists::of(event);
        let sheets = sheet_rows(&record, &lists);
        // Every sheet is checked before any is written: an event is
        // written whole or not at all.
        for (table, rows) in &sheets {
            self.check(&record.id, *table, rows)?;
        }
        for (table, rows) in &sheets {
            for row in rows {
                self.row(*table, row)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if std::mem::replace(&mut self.finished, true) {
            return Ok(());
        }
        for table in SHEETS {
            let at = table as usize;
            let last_col = columns(table).len() as u16 - 1;
            let sheet = self.workbook.worksheet_from_index(at).map_err(xlsx_error)?;
            sheet
                .autofilter(0, 0, self.rows[at] - 1, last_col)
                .map_err(xlsx_error)?;
        }
        let mut file = tempfile::tempfile()?;
        self.workbook
            .save_to_writer(&mut file)
            .map_err(xlsx_error)?;
        file.rewind()?;
        std::io::copy(&mut file, &mut self.out)?;
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn event(sources: usize, summary: String) -> Event {
        let date = NaiveDate::from_ymd_opt(2017, 6, 19).unwrap();
        let mut event = Event::new(date, "=1+1 Öcalan");
        event.summary = Some(summary);
        event.sources = (0..sources)
            .map(|i| Source::new("AP", format!("https://a.example/{i}")))
            .collect();
        event
    }

    #[test]
    fn a_sheet_past_its_row_limit_is_an_error_and_the_event_is_not_written() {
        let mut writer = XlsxWriter::new(Box::new(Vec::new()))
            .unwrap()
            .with_max_rows(4);
        writer.write_event(&event(3, "S".into())).unwrap();
        let error = writer.write_event(&event(1, "S".into())).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("`sources` sheet would pass 4 rows"),
            "{message}"
        );
        assert_eq!(writer.rows, [2, 4, 1, 1, 1], "nothing of the refused event");
    }

    #[test]
    fn a_cell_past_excels_limit_is_an_error_and_one_at_it_reads_back() {
        let mut out = Vec::new();
        let longest = "é".repeat(MAX_CELL_CHARS);
        let mut writer = XlsxWriter::new(Box::new(&mut out)).unwrap();
        writer.write_event(&event(1, longest.clone())).unwrap();
        let error = writer
            .write_event(&event(1, format!("{longest}x")))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`summary` cell of the `events` sheet has 32768 characters"),
            "{error}"
        );
        writer.finish().unwrap();
        drop(writer);
        let back: Vec<Event> = super::super::XlsxReader::new(out, None)
            .map(|e| e.unwrap())
            .collect();
        assert_eq!(back, [event(1, longest)]);
    }
}
