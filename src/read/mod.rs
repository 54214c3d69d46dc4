//! Readers: every output format can be read back into events, so each
//! conversion can be round-tripped. One module per format.

mod csv;
mod jsonl;

pub use self::csv::CsvReader;
pub use jsonl::JsonlReader;

use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::input::Input;
use crate::model::Event;

/// A format that `currents` can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFormat {
    /// News-event markdown pages.
    Markdown,
    /// JSON Lines as `convert --to jsonl` writes it.
    Jsonl,
    /// The CSV events table as `convert --to csv` writes it.
    Csv,
}

impl InputFormat {
    /// The format a file's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()? {
            "md" | "markdown" | "txt" => Some(InputFormat::Markdown),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            _ => None,
        }
    }

    /// The format of an input: `from` when given, else by extension, else markdown.
    pub fn of(input: &Input, from: Option<InputFormat>) -> Self {
        from.or_else(|| input.path().and_then(Self::from_path))
            .unwrap_or(InputFormat::Markdown)
    }

    /// File extensions picked up for this format when walking folders.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            InputFormat::Markdown => &["md"],
            InputFormat::Jsonl => &["jsonl", "ndjson"],
            InputFormat::Csv => &["csv"],
        }
    }

    /// File extensions picked up when walking folders without `--from`:
    /// markdown only, so that exports kept beside the pages (a site's
    /// `events.csv`, `samples/expected/`) are not read back by accident.
    /// Name such files, or walk with `--from jsonl|csv`.
    pub const FOLDER_EXTENSIONS: &'static [&'static str] = &["md"];
}

/// The events of one input, lazily: each item is an event, or an error
/// diagnostic for a record (or markdown page) that could not be read.
/// Markdown warnings are not reported here; use [`crate::parse_file`] for them.
pub fn read_events(
    input: &Input,
    format: InputFormat,
) -> Result<Box<dyn Iterator<Item = Result<Event, Diagnostic>>>> {
    let open = || -> Result<Box<dyn BufRead>> {
        Ok(match input {
            Input::Stdin => Box::new(std::io::stdin().lock()),
            Input::File(path) => Box::new(BufReader::new(std::fs::File::open(path).map_err(
                |source| Error::File {
                    path: path.clone(),
                    source,
                },
            )?)),
        })
    };
    Ok(match format {
        InputFormat::Jsonl => Box::new(JsonlReader::new(open()?, input.path())),
        InputFormat::Csv => Box::new(CsvReader::new(open()?, input.path())),
        InputFormat::Markdown => {
            let parsed = input.parse()?;
            let errors: Vec<Diagnostic> = parsed
                .diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            let events: Vec<Event> = if errors.is_empty() {
                parsed.document.events().cloned().collect()
            } else {
                Vec::new()
            };
            Box::new(
                errors
                    .into_iter()
                    .map(Err)
                    .chain(events.into_iter().map(Ok)),
            )
        }
    })
}
