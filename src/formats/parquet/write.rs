//! Writing a table as Parquet: events are shredded into columns (values
//! with their definition and repetition levels) in memory, and written as
//! one row group every few MiB, which then goes out to the output.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::{WriterProperties, WriterVersion};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{SchemaDescriptor, Type};

use super::{error, schema};
use crate::error::Result;
use crate::formats::jsonl::{EventRecord, RevisionRecord};
use crate::formats::writer::Writer;
use crate::formats::CsvTable;
use crate::model::Event;

/// Text buffered before a row group is written: large enough for good
/// compression, small enough to keep a run's memory flat.
const ROW_GROUP_BYTES: usize = 4 << 20;

/// Writes events as one Parquet table (see `docs/exports.md`).
pub struct ParquetWriter<'w> {
    out: Box<dyn Write + 'w>,
    table: CsvTable,
    /// Written into memory, moved to `out` after each row group: the
    /// crate's writer needs a `Send` output.
    file: Option<SerializedFileWriter<Vec<u8>>>,
    columns: Columns,
}

impl<'w> ParquetWriter<'w> {
    /// A writer of `table` into `out`.
    pub fn new(out: Box<dyn Write + 'w>, table: CsvTable) -> Result<Self> {
        let schema =
            Arc::new(parquet::schema::parser::parse_message_type(schema(table)).map_err(error)?);
        let columns = Columns::new(&schema);
        let properties = WriterProperties::builder()
            .set_writer_version(WriterVersion::PARQUET_1_0)
            .set_compression(Compression::SNAPPY)
            .set_created_by(concat!("currents ", env!("CARGO_PKG_VERSION")).into())
            .build();
        let file =
            SerializedFileWriter::new(Vec::new(), schema, Arc::new(properties)).map_err(error)?;
        Ok(ParquetWriter {
            out,
            table,
            file: Some(file),
            columns,
        })
    }

    /// Writes the buffered rows as one row group, and sends its bytes out.
    fn write_row_group(&mut self) -> Result<()> {
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        if self.columns.rows > 0 {
            let mut group = file.next_row_group().map_err(error)?;
            for leaf in &mut self.columns.leaves {
                let mut column = group
                    .next_column()
                    .map_err(error)?
                    .expect("one column per leaf");
                leaf.write_to(&mut column).map_err(error)?;
                column.close().map_err(error)?;
            }
            group.close().map_err(error)?;
            self.columns.rows = 0;
            self.columns.bytes = 0;
        }
        file.flush()?;
        let bytes = file.inner_mut();
        self.out.write_all(bytes)?;
        bytes.clear();
        Ok(())
    }
}

impl Writer for ParquetWriter<'_> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        let record = EventRecord::from_event(event);
        let columns = &mut self.columns;
        match self.table {
            CsvTable::Events => event_row(columns, &record),
            CsvTable::Sources => source_rows(columns, &record),
            CsvTable::Related => related_rows(columns, &record),
            CsvTable::Contexts => context_rows(columns, &record),
            CsvTable::Revisions => revision_rows(columns, &record),
        }
        if self.columns.bytes >= ROW_GROUP_BYTES {
            self.write_row_group()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.write_row_group()?;
        if let Some(file) = self.file.take() {
            let bytes = file.into_inner().map_err(error)?;
            self.out.write_all(&bytes)?;
        }
        self.out.flush()?;
        Ok(())
    }
}

// ---- the tables, row by row ----

fn event_row(c: &mut Columns, r: &EventRecord) {
    c.text(0, &r.id, 0, 0);
    c.int32(1, days(r.date));
    c.text(2, &r.headline, 0, 0);
    c.optional(3, r.category.as_deref(), 1, 0);
    c.optional(4, r.summary.as_deref(), 1, 0);
    c.texts(5, &r.contexts, 1, 0);
    c.list(6, 3, &r.sources, |c, s, rep| {
        c.text(6, &s.name, 1, rep);
        c.text(7, &s.url, 1, rep);
        c.optional(8, s.image.as_deref(), 2, rep);
    });
    c.list(9, 3, &r.related, |c, related, rep| {
        c.text(9, &related.headline, 1, rep);
        c.text(10, &related.path, 1, rep);
        c.texts(11, &related.contexts, 2, rep);
    });
    c.list(12, 4, &r.revisions, |c, revision, rep| {
        revision_item(c, 12, revision, 2, rep)
    });
    c.optional(16, r.path.as_deref(), 1, 0);
    c.optional(17, r.date_link.as_deref(), 1, 0);
    c.list(18, 2, &r.formats, |c, link, rep| {
        c.text(18, &link.text, 1, rep);
        c.text(19, &link.url, 1, rep);
    });
    c.list(20, 2, &r.extra_sections, |c, section, rep| {
        c.text(20, &section.title, 1, rep);
        c.text(21, &section.body, 1, rep);
    });
    c.optional(22, r.image.as_deref(), 1, 0);
    c.rows += 1;
}

/// A revision's four fields from leaf `at`; `def` is the level of a
/// present optional field.
fn revision_item(c: &mut Columns, at: usize, revision: &RevisionRecord, def: i16, rep: i16) {
    c.text(at, &revision.headline, def - 1, rep);
    c.text(at + 1, &revision.path, def - 1, rep);
    match revision.timestamp {
        Some(t) => c.int64(at + 2, t.and_utc().timestamp_millis(), def, rep),
        None => c.null(at + 2, def - 1, rep),
    }
    c.optional(at + 3, revision.label.as_deref(), def, rep);
}

/// The key columns of a long table's row.
fn key(c: &mut Columns, r: &EventRecord, position: usize) {
    c.text(0, &r.id, 0, 0);
    c.int32(1, i32::try_from(position).unwrap_or(i32::MAX));
    c.rows += 1;
}

fn source_rows(c: &mut Columns, r: &EventRecord) {
    for (i, source) in r.sources.iter().enumerate() {
        key(c, r, i + 1);
        c.text(2, &source.name, 0, 0);
        c.text(3, &source.url, 0, 0);
        c.optional(4, source.image.as_deref(), 1, 0);
    }
}

fn related_rows(c: &mut Columns, r: &EventRecord) {
    for (i, related) in r.related.iter().enumerate() {
        key(c, r, i + 1);
        c.text(2, &related.headline, 0, 0);
        c.text(3, &related.path, 0, 0);
        c.texts(4, &related.contexts, 1, 0);
    }
}

fn context_rows(c: &mut Columns, r: &EventRecord) {
    for (i, context) in r.contexts.iter().enumerate() {
        key(c, r, i + 1);
        c.text(2, context, 0, 0);
    }
}

fn revision_rows(c: &mut Columns, r: &EventRecord) {
    for (i, revision) in r.revisions.iter().enumerate() {
        key(c, r, i + 1);
        revision_item(c, 2, revision, 1, 0);
    }
}

/// Days since 1970-01-01, Parquet's DATE.
fn days(date: chrono::NaiveDate) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    i32::try_from((date - epoch).num_days()).unwrap_or(i32::MAX)
}

// ---- columns ----

/// The leaf columns of a table, filled row by row (Parquet's "record
/// shredding": a value, or its absence, with the levels that place it).
struct Columns {
    leaves: Vec<Leaf>,
    rows: usize,
    /// Text bytes buffered, to size row groups.
    bytes: usize,
}

struct Leaf {
    values: Values,
    def: Vec<i16>,
    rep: Vec<i16>,
    max_def: i16,
    max_rep: i16,
}

enum Values {
    Text(Vec<ByteArray>),
    Int32(Vec<i32>),
    Int64(Vec<i64>),
}

impl Columns {
    fn new(schema: &Arc<Type>) -> Self {
        let descriptor = SchemaDescriptor::new(schema.clone());
        let leaves = descriptor
            .columns()
            .iter()
            .map(|column| Leaf {
                values: match column.physical_type() {
                    parquet::basic::Type::INT32 => Values::Int32(Vec::new()),
                    parquet::basic::Type::INT64 => Values::Int64(Vec::new()),
                    _ => Values::Text(Vec::new()),
                },
                def: Vec::new(),
                rep: Vec::new(),
                max_def: column.max_def_level(),
                max_rep: column.max_rep_level(),
            })
            .collect();
        Columns {
            leaves,
            rows: 0,
            bytes: 0,
        }
    }

    fn levels(&mut self, at: usize, def: i16, rep: i16) -> &mut Values {
        let leaf = &mut self.leaves[at];
        leaf.def.push(def);
        leaf.rep.push(rep);
        &mut leaf.values
    }

    /// A text present at definition level `def`.
    fn text(&mut self, at: usize, value: &str, def: i16, rep: i16) {
        self.bytes += value.len() + 8;
        if let Values::Text(values) = self.levels(at, def, rep) {
            values.push(ByteArray::from(value.as_bytes().to_vec()));
        }
    }

    /// An optional text: present at level `def`, else null (level `def - 1`).
    fn optional(&mut self, at: usize, value: Option<&str>, def: i16, rep: i16) {
        match value {
            Some(value) => self.text(at, value, def, rep),
            None => self.null(at, def - 1, rep),
        }
    }

    /// No value: a null, or an empty list, at level `def`.
    fn null(&mut self, at: usize, def: i16, rep: i16) {
        self.bytes += 4;
        self.levels(at, def, rep);
    }

    fn int32(&mut self, at: usize, value: i32) {
        if let Values::Int32(values) = self.levels(at, 0, 0) {
            values.push(value);
        }
    }

    fn int64(&mut self, at: usize, value: i64, def: i16, rep: i16) {
        if let Values::Int64(values) = self.levels(at, def, rep) {
            values.push(value);
        }
    }

    /// A list of texts at leaf `at`, its elements at level `def`; `rep`
    /// is the repetition level of its first element (its parent's).
    fn texts(&mut self, at: usize, items: &[String], def: i16, rep: i16) {
        if items.is_empty() {
            return self.null(at, def - 1, rep);
        }
        for (i, item) in items.iter().enumerate() {
            let rep = if i == 0 { rep } else { def };
            self.text(at, item, def, rep);
        }
    }

    /// A top-level list of structs of `width` leaves from `at`: `item`
    /// writes one item's fields at repetition level `rep`.
    fn list<T>(&mut self, at: usize, width: usize, items: &[T], item: impl Fn(&mut Self, &T, i16)) {
        if items.is_empty() {
            (at..at + width).for_each(|leaf| self.null(leaf, 0, 0));
            return;
        }
        for (i, value) in items.iter().enumerate() {
            item(self, value, i16::from(i > 0));
        }
    }
}

impl Leaf {
    /// Writes the buffered values and levels as one column chunk, and
    /// empties the buffers.
    fn write_to(
        &mut self,
        column: &mut parquet::file::writer::SerializedColumnWriter,
    ) -> parquet::errors::Result<()> {
        let def = (self.max_def > 0).then_some(self.def.as_slice());
        let rep = (self.max_rep > 0).then_some(self.rep.as_slice());
        match &mut self.values {
            Values::Text(values) => {
                column
                    .typed::<ByteArrayType>()
                    .write_batch(values, def, rep)?;
                values.clear();
            }
            Values::Int32(values) => {
                column.typed::<Int32Type>().write_batch(values, def, rep)?;
                values.clear();
            }
            Values::Int64(values) => {
                column.typed::<Int64Type>().write_batch(values, def, rep)?;
                values.clear();
            }
        }
        self.def.clear();
        self.rep.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::parquet::ParquetReader;
    use crate::model::{Related, Source};

    /// Events that fill several row groups read back in order, equal.
    #[test]
    fn several_row_groups_read_back_equal() {
        let date = chrono::NaiveDate::from_ymd_opt(2017, 6, 19).unwrap();
        let events: Vec<Event> = (0..300)
            .map(|i| {
                let mut event = Event::new(date, format!("Headline {i}"));
                event.summary = Some("x".repeat(100_000));
                event.sources = vec![Source::new("AP", "https://a.example/")];
                let contexts = (0..i % 3).map(|c| format!("C{c}")).collect();
                event.related = vec![Related::new("R", "/news/r.md", contexts)];
                event
            })
            .collect();
        let mut out = Vec::new();
        let mut writer = ParquetWriter::new(Box::new(&mut out), CsvTable::Events).unwrap();
        events.iter().for_each(|e| writer.write_event(e).unwrap());
        writer.finish().unwrap();
        drop(writer);
        let reader =
            parquet::file::reader::SerializedFileReader::new(bytes::Bytes::from(out.clone()));
        let groups = parquet::file::reader::FileReader::metadata(&reader.unwrap()).num_row_groups();
        assert!(groups >= 7, "{groups} row groups");
        let back: Vec<Event> = ParquetReader::from_bytes(out, None)
            .map(|e| e.unwrap())
            .collect();
        assert_eq!(back, events);
    }
}
