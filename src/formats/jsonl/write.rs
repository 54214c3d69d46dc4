//! Writing JSON Lines: one [`EventRecord`] per line, by the hand-written
//! encoder in `record.rs` (see there for why and what it pays).
//!
//! [`EventRecord`]: super::EventRecord

use std::io::Write;

use crate::error::Result;
use crate::formats::writer::{RecordFormat, Writer};
use crate::model::Event;

/// Writes one event per line as a JSON object (see `docs/exports.md`).
pub struct JsonlWriter<W: Write> {
    out: W,
    /// Lines built in memory, written in one call once [`BATCH`] is reached.
    lines: Vec<u8>,
}

/// Bytes of lines handed to `out` at once: as large as the CLI's output
/// buffer, so `BufWriter` passes them through instead of copying them.
const BATCH: usize = 64 * 1024;

impl<W: Write> JsonlWriter<W> {
    /// A writer into `out`.
    pub fn new(out: W) -> Self {
        JsonlWriter {
            out,
            lines: Vec::with_capacity(2 * BATCH),
        }
    }
}

impl<W: Write> Writer for JsonlWriter<W> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        super::record::event(&mut self.lines, event);
        self.lines.push(b'\n');
        if self.lines.len() >= BATCH {
            self.out.write_all(&self.lines)?;
            self.lines.clear();
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.out.write_all(&self.lines)?;
        self.lines.clear();
        self.out.flush()?;
        Ok(())
    }
}

/// JSON Lines as a [`RecordFormat`]: no head, one line per event.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonlFormat;

impl RecordFormat for JsonlFormat {
    fn head(&self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    fn records<'a>(&self, out: Box<dyn Write + 'a>) -> Box<dyn Writer + 'a> {
        Box::new(JsonlWriter::new(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn absent_values_are_null_or_empty_lists_and_keys_keep_their_order() {
        let date = NaiveDate::from_ymd_opt(2015, 11, 25).unwrap();
        let mut event = Event::new(date, "Héadline — \"quoted\"");
        event.category = Some(String::new());
        let mut out = Vec::new();
        let mut writer = JsonlWriter::new(&mut out);
        writer.write_event(&event).unwrap();
        writer.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            concat!(
                r#"{"id":"2015-11-25/h-adline-quoted","date":"2015-11-25","#,
                r#""headline":"Héadline — \"quoted\"","category":null,"summary":null,"#,
                r#""contexts":[],"sources":[],"related":[],"revisions":[],"path":null,"#,
                r#""date_link":null,"formats":[],"extra_sections":[],"image":null}"#,
                "\n"
            )
        );
    }
}
