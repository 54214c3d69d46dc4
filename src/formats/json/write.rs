//! The model as pretty JSON: an array of pages, for inspection.

use std::io::Write;

use crate::error::{Error, Result};
use crate::formats::writer::Writer;
use crate::model::{Document, Event};

/// Writes pages as one pretty-printed JSON array.
pub struct JsonWriter<W: Write> {
    out: W,
    written: usize,
}

impl<W: Write> JsonWriter<W> {
    /// A writer into `out`.
    pub fn new(out: W) -> Self {
        JsonWriter { out, written: 0 }
    }
}

impl<W: Write> Writer for JsonWriter<W> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        self.write_document(&Document::Event(event.clone()))
    }

    fn write_document(&mut self, document: &Document) -> Result<()> {
        self.out
            .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        serde_json::to_writer_pretty(&mut self.out, document).map_err(|e| {
            match e.io_error_kind() {
                Some(kind) => Error::Io(std::io::Error::new(kind, e.to_string())),
                None => Error::Format(e.to_string()),
            }
        })?;
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.out
            .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn writes_a_json_array_of_pages() {
        let mut out = Vec::new();
        let mut writer = JsonWriter::new(&mut out);
        let date = NaiveDate::from_ymd_opt(2015, 11, 25).unwrap();
        writer.write_event(&Event::new(date, "A")).unwrap();
        writer.write_event(&Event::new(date, "B")).unwrap();
        writer.finish().unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value.as_array().unwrap().len(), 2);
        assert_eq!(value[1]["kind"], "event");
        assert_eq!(value[1]["headline"], "B");
        assert_eq!(value[0]["date"], "2015-11-25");
    }

    #[test]
    fn an_empty_run_is_an_empty_array() {
        let mut out = Vec::new();
        JsonWriter::new(&mut out).finish().unwrap();
        assert_eq!(out, b"[]\n");
    }
}
