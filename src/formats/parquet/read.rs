//! Reading the Parquet events table written by `--to parquet` back into
//! events, one row at a time (the crate's record API: no column is read
//! whole into memory).

use std::borrow::Cow;
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use parquet::file::reader::{ChunkReader, FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::{Field, Row};

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::formats::jsonl::{
    EventRecord, LinkRecord, RelatedRecord, RevisionRecord, SectionRecord, SourceRecord,
};
use crate::model::Event;

/// Reads events from the Parquet events table (see `docs/exports.md`).
///
/// Columns are found by name; `date` and `headline` are required, the
/// other columns of the events table optional, an unknown column makes the
/// file an error. The long tables (`--table sources`, ...) are refused with
/// a message saying so. A row that cannot be read is one diagnostic (its
/// "line" is the row's number, from 1); the rows after it are still read.
pub struct ParquetReader {
    rows: Option<RowIter<'static>>,
    file: Option<PathBuf>,
    /// Why the file cannot be read, reported once.
    problem: Option<String>,
    row: usize,
}

impl ParquetReader {
    /// A reader of the Parquet file `file`, read a row group at a time;
    /// `path` names it in diagnostics.
    pub fn new(file: File, path: Option<&Path>) -> Self {
        Self::open(file, path)
    }

    /// A reader of a Parquet file held in memory (stdin).
    pub fn from_bytes(bytes: Vec<u8>, path: Option<&Path>) -> Self {
        Self::open(bytes::Bytes::from(bytes), path)
    }

    fn open<R: ChunkReader + 'static>(input: R, path: Option<&Path>) -> Self {
        let mut reader = ParquetReader {
            rows: None,
            file: path.map(Path::to_path_buf),
            problem: None,
            row: 0,
        };
        match open(input) {
            Ok(rows) => reader.rows = Some(rows),
            Err(problem) => reader.problem = Some(problem),
        }
        reader
    }

    fn diagnostic(&self, message: String) -> Diagnostic {
        let kind = DiagnosticKind::InvalidRecord {
            format: "Parquet".into(),
            message,
        };
        let mut diagnostic = Diagnostic::new(kind, self.row, 1);
        diagnostic.file = self.file.clone();
        diagnostic
    }
}

/// The rows of the file, once its schema is known to be the events table.
fn open<R: ChunkReader + 'static>(input: R) -> Result<RowIter<'static>, String> {
    let reader =
        SerializedFileReader::new(input).map_err(|e| format!("not a Parquet file: {e}"))?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let names: Vec<&str> = schema
        .root_schema()
        .get_fields()
        .iter()
        .map(|f| f.name())
        .collect();
    if names.contains(&"event_id") {
        let table = match names.get(2) {
            Some(&"name") => "sources",
            Some(&"context") => "contexts",
            Some(&"headline") if names.contains(&"timestamp") => "revisions",
            Some(&"headline") => "related",
            _ => "a long",
        };
        return Err(format!(
            "this is the `{table}` table (one row per item, for analysis); \
             only the events table reads back into events"
        ));
    }
    for name in &names {
        if !crate::formats::csv::EVENTS_HEADER.contains(name) {
            return Err(format!(
                "unknown column `{name}`; the events table has {}",
                crate::formats::csv::EVENTS_HEADER.join(",")
            ));
        }
    }
    for required in ["date", "headline"] {
        if !names.contains(&required) {
            return Err(format!("no `{required}` column"));
        }
    }
    Ok(RowIter::from_file_into(Box::new(reader)))
}

impl Iterator for ParquetReader {
    type Item = Result<Event, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(problem) = self.problem.take() {
            self.rows = None;
            return Some(Err(self.diagnostic(problem)));
        }
        let row = self.rows.as_mut()?.next()?;
        self.row += 1;
        let event = row.map_err(|e| e.to_string()).and_then(|row| event(&row));
        Some(event.map_err(|message| self.diagnostic(message)))
    }
}

/// The event of one row of the events table.
fn event(row: &Row) -> Result<Event, String> {
    let mut record = EventRecord {
        id: Cow::Borrowed(""),
        date: NaiveDate::MIN,
        headline: Cow::Borrowed(""),
        category: None,
        summary: None,
        contexts: Cow::Owned(Vec::new()),
        sources: Vec::new(),
        related: Vec::new(),
        revisions: Vec::new(),
        path: None,
        date_link: None,
        formats: Vec::new(),
        extra_sections: Vec::new(),
        image: None,
    };
    for (name, field) in row.get_column_iter() {
        let at = |e: String| format!("`{name}`: {e}");
        match name.as_str() {
            "id" => record.id = Cow::Owned(optional(field).map_err(at)?.unwrap_or_default()),
            "date" => record.date = date(field).map_err(at)?,
            "headline" => record.headline = Cow::Owned(text(field).map_err(at)?),
            "category" => record.category = optional(field).map_err(at)?.map(Cow::Owned),
            "summary" => record.summary = optional(field).map_err(at)?.map(Cow::Owned),
            "contexts" => record.contexts = Cow::Owned(texts(field).map_err(at)?),
            "sources" => record.sources = items(field, source).map_err(at)?,
            "related" => record.related = items(field, related).map_err(at)?,
            "revisions" => record.revisions = items(field, revision).map_err(at)?,
            "path" => record.path = optional(field).map_err(at)?.map(Cow::Owned),
            "date_link" => record.date_link = optional(field).map_err(at)?.map(Cow::Owned),
            "formats" => record.formats = items(field, link).map_err(at)?,
            "extra_sections" => record.extra_sections = items(field, section).map_err(at)?,
            "image" => record.image = optional(field).map_err(at)?.map(Cow::Owned),
            _ => {}
        }
    }
    if record.date == NaiveDate::MIN {
        return Err("`date` is null".into());
    }
    Ok(Event::from(record))
}

fn source(row: &Row) -> Result<SourceRecord<'static>, String> {
    Ok(SourceRecord {
        name: Cow::Owned(text(member(row, "name")?)?),
        url: Cow::Owned(text(member(row, "url")?)?),
        image: member(row, "image")
            .ok()
            .map(optional)
            .transpose()?
            .flatten()
            .map(Cow::Owned),
    })
}

fn related(row: &Row) -> Result<RelatedRecord<'static>, String> {
    Ok(RelatedRecord {
        headline: Cow::Owned(text(member(row, "headline")?)?),
        path: Cow::Owned(text(member(row, "path")?)?),
        contexts: Cow::Owned(texts(member(row, "contexts")?)?),
    })
}

fn revision(row: &Row) -> Result<RevisionRecord<'static>, String> {
    let timestamp = match member(row, "timestamp")? {
        Field::Null => None,
        Field::TimestampMillis(ms) => Some(
            DateTime::from_timestamp_millis(*ms)
                .ok_or("timestamp out of range")?
                .naive_utc(),
        ),
        other => return Err(format!("expected a timestamp, found {other}")),
    };
    Ok(RevisionRecord {
        headline: Cow::Owned(text(member(row, "headline")?)?),
        path: Cow::Owned(text(member(row, "path")?)?),
        timestamp,
        label: optional(member(row, "label")?)?.map(Cow::Owned),
    })
}

fn link(row: &Row) -> Result<LinkRecord<'static>, String> {
    Ok(LinkRecord {
        text: Cow::Owned(text(member(row, "text")?)?),
        url: Cow::Owned(text(member(row, "url")?)?),
    })
}

fn section(row: &Row) -> Result<SectionRecord<'static>, String> {
    Ok(SectionRecord {
        title: Cow::Owned(text(member(row, "title")?)?),
        body: Cow::Owned(text(member(row, "body")?)?),
    })
}

/// The field `name` of a struct.
fn member<'r>(row: &'r Row, name: &str) -> Result<&'r Field, String> {
    row.get_column_iter()
        .find(|(n, _)| n.as_str() == name)
        .map(|(_, field)| field)
        .ok_or_else(|| format!("no `{name}` field"))
}

fn text(field: &Field) -> Result<String, String> {
    optional(field)?.ok_or_else(|| "null where a text is required".into())
}

fn optional(field: &Field) -> Result<Option<String>, String> {
    match field {
        Field::Null => Ok(None),
        Field::Str(text) => Ok(Some(text.clone())),
        other => Err(format!("expected a text, found {other}")),
    }
}

fn date(field: &Field) -> Result<NaiveDate, String> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    match field {
        Field::Date(days) => epoch
            .checked_add_signed(chrono::Duration::days(i64::from(*days)))
            .ok_or_else(|| "date out of range".into()),
        other => Err(format!("expected a DATE, found {other}")),
    }
}

/// A list's elements; a null list is empty.
fn list(field: &Field) -> Result<&[Field], String> {
    match field {
        Field::Null => Ok(&[]),
        Field::ListInternal(list) => Ok(list.elements()),
        other => Err(format!("expected a list, found {other}")),
    }
}

fn texts(field: &Field) -> Result<Vec<String>, String> {
    list(field)?.iter().map(text).collect()
}

/// A list of structs, each read by `read`.
fn items<T>(field: &Field, read: fn(&Row) -> Result<T, String>) -> Result<Vec<T>, String> {
    list(field)?
        .iter()
        .map(|item| match item {
            Field::Group(row) => read(row),
            other => Err(format!("expected a struct, found {other}")),
        })
        .collect()
}
