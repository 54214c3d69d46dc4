//! Reading JSON Lines written by `--to jsonl` back into events, lazily.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::EventRecord;
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::model::Event;

/// Reads events from JSON Lines, one line at a time.
///
/// Each item is an event or a diagnostic naming the line of a record that
/// is not one; reading goes on after it. Blank lines are skipped, `id` is
/// ignored (it is derived), missing keys read as `null` / `[]`, unknown keys
/// are errors, and an empty text reads as absent.
pub struct JsonlReader<R: BufRead> {
    input: R,
    file: Option<PathBuf>,
    line: usize,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader of `input`; `file` names it in diagnostics.
    pub fn new(input: R, file: Option<&Path>) -> Self {
        JsonlReader {
            input,
            file: file.map(Path::to_path_buf),
            line: 0,
            buffer: Vec::new(),
            done: false,
        }
    }

    fn diagnostic(&self, kind: DiagnosticKind, column: usize) -> Diagnostic {
        let mut diagnostic = Diagnostic::new(kind, self.line, column);
        diagnostic.file = self.file.clone();
        diagnostic
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Event, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buffer.clear();
            self.line += 1;
            match self.input.read_until(b'\n', &mut self.buffer) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    let mut bytes = self.buffer.as_slice();
                    if self.line == 1 {
                        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let result = serde_json::from_slice::<EventRecord>(bytes)
                        .map_err(|_| record_error(bytes))
                        .and_then(checked)
                        .map_err(|(message, column)| self.diagnostic(invalid(message), column));
                    return Some(result);
                }
                Err(e) => {
                    self.done = true;
                    let kind = DiagnosticKind::Io {
                        message: e.to_string(),
                    };
                    return Some(Err(self.diagnostic(kind, 1)));
                }
            }
        }
        None
    }
}

/// Why a line is not a record, naming the field (`sources[1].url`) and
/// its column. Read again on this slow path only, to follow the path.
fn record_error(bytes: &[u8]) -> (String, usize) {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let Err(error) = serde_path_to_error::deserialize::<_, EventRecord>(&mut json) else {
        return ("not one JSON object".into(), 1);
    };
    let path = error.path().to_string();
    let inner = error.into_inner();
    let column = inner.column().max(1);
    // The line and column are the diagnostic's own, in the file.
    let message = inner.to_string();
    let message = match message.rsplit_once(" at line ") {
        Some((message, _)) => message.to_string(),
        None => message,
    };
    if path == "." || message.contains("field `") {
        (message, column)
    } else if path == "date" {
        (
            format!("field `date`: {message} (expected a day as YYYY-MM-DD)"),
            column,
        )
    } else {
        (format!("field `{path}`: {message}"), column)
    }
}

/// A record read, checked for what every output needs: a headline and a
/// date that can be written.
fn checked(record: EventRecord) -> Result<Event, (String, usize)> {
    if record.headline.trim().is_empty() {
        return Err(("field `headline`: empty; every event needs one".into(), 1));
    }
    crate::formats::writable_date(record.date)
        .map_err(|why| (format!("field `date`: {why}"), 1))?;
    let event = Event::from(record);
    match crate::formats::control_character(&event) {
        Some(why) => Err((why, 1)),
        None => Ok(event),
    }
}

fn invalid(message: String) -> DiagnosticKind {
    DiagnosticKind::InvalidRecord {
        format: "JSON Lines".into(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<Event, String>> {
        JsonlReader::new(text.as_bytes(), Some(Path::new("x.jsonl")))
            .map(|r| r.map_err(|d| d.to_string()))
            .collect()
    }

    #[test]
    fn bad_lines_are_located_and_skipped() {
        let items = read(concat!(
            "{\"date\":\"2015-11-25\",\"headline\":\"A\"}\n",
            "\n",
            "{\"date\":\"2015-11-25\",\"headline\":\"B\",\"colour\":1}\n",
            "not json\r\n",
            "{\"date\":\"2015-13-25\",\"headline\":\"C\"}\n",
            "{\"date\":\"2015-11-25\",\"headline\":\"D\",\"category\":\"\"}",
        ));
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].as_ref().unwrap().headline, "A");
        let err = items[1].as_ref().unwrap_err();
        assert!(err.starts_with("x.jsonl:3:"), "{err}");
        assert!(
            err.contains("error: invalid JSON Lines record: unknown field `colour`"),
            "{err}"
        );
        assert!(items[2].as_ref().unwrap_err().starts_with("x.jsonl:4:"));
        assert!(items[3].as_ref().unwrap_err().starts_with("x.jsonl:5:"));
        let d = items[4].as_ref().unwrap();
        assert_eq!((d.headline.as_str(), d.category.as_ref()), ("D", None));
    }
}
