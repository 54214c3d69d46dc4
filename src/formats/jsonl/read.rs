//! Reading JSON Lines written by `--to jsonl` back into events, lazily.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::model::{Event, Link, Related, Revision, Section, Source};

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
                    let result = serde_json::from_slice::<EventIn>(bytes)
                        .map(Event::from)
                        .map_err(|e| {
                            let kind = invalid(e.to_string());
                            self.diagnostic(kind, e.column().max(1))
                        });
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

fn invalid(message: String) -> DiagnosticKind {
    DiagnosticKind::InvalidRecord {
        format: "JSON Lines".into(),
        message,
    }
}

/// Empty text reads as absent, as the writers write it.
fn text(value: Option<String>) -> Option<String> {
    value.filter(|s| !s.is_empty())
}

/// One line as read: lenient about absent keys, strict about unknown ones.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventIn {
    #[serde(default)]
    id: Option<String>,
    date: NaiveDate,
    headline: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    contexts: Vec<String>,
    #[serde(default)]
    sources: Vec<SourceIn>,
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    related: Vec<RelatedIn>,
    #[serde(default)]
    revisions: Vec<RevisionIn>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    date_link: Option<String>,
    #[serde(default)]
    formats: Vec<LinkIn>,
    #[serde(default)]
    extra_sections: Vec<SectionIn>,
}

impl From<EventIn> for Event {
    fn from(e: EventIn) -> Self {
        let mut event = Event::new(e.date, e.headline);
        event.category = text(e.category);
        event.summary = text(e.summary);
        event.contexts = e.contexts;
        event.sources = e.sources.into_iter().map(Source::from).collect();
        event.related = e.related.into_iter().map(Related::from).collect();
        event.revisions = e.revisions.into_iter().map(Revision::from).collect();
        event.path = text(e.path);
        event.date_link = text(e.date_link);
        event.formats = e.formats.into_iter().map(Link::from).collect();
        event.extra_sections = e.extra_sections.into_iter().map(Section::from).collect();
        event.image = text(e.image);
        if let Some(id) = text(e.id) {
            crate::identity::keep_id(&mut event, id);
        }
        event
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceIn {
    name: String,
    url: String,
}

impl From<SourceIn> for Source {
    fn from(s: SourceIn) -> Self {
        Source::new(s.name, s.url)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelatedIn {
    headline: String,
    path: String,
    #[serde(default)]
    contexts: Vec<String>,
}

impl From<RelatedIn> for Related {
    fn from(r: RelatedIn) -> Self {
        Related::new(r.headline, r.path, r.contexts)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RevisionIn {
    headline: String,
    path: String,
    #[serde(default)]
    timestamp: Option<NaiveDateTime>,
    #[serde(default)]
    label: Option<String>,
}

impl From<RevisionIn> for Revision {
    fn from(r: RevisionIn) -> Self {
        Revision {
            headline: r.headline,
            path: r.path,
            timestamp: r.timestamp,
            label: text(r.label),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkIn {
    text: String,
    url: String,
}

impl From<LinkIn> for Link {
    fn from(l: LinkIn) -> Self {
        Link::new(l.text, l.url)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SectionIn {
    title: String,
    body: String,
}

impl From<SectionIn> for Section {
    fn from(s: SectionIn) -> Self {
        Section {
            title: s.title,
            body: s.body,
        }
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
