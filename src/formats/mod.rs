//! The formats: one folder per format, holding its spec (wire types,
//! headers, schemes, class names), its reader and its writer side by side.
//! This module is the registry: which formats exist, how an input's format
//! is told, and reading any input as events. Every format that is written
//! can be read back, so each conversion can be round-tripped.
//!
//! Adding a format is adding its folder and one line in [`FORMATS`] (and,
//! to read it, its [`InputFormat`]): see `docs/architecture.md`.

pub mod atom;
pub mod csv;
pub mod feed;
pub mod json;
pub mod jsonfeed;
pub mod jsonl;
pub mod markdown;
#[cfg(feature = "parquet")]
pub mod parquet;
mod registry;
pub mod rss;
mod select;
pub(crate) mod text;
mod writer;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use self::csv::{CsvFormat, CsvReader, CsvTable, CsvWriter};
#[cfg(feature = "parquet")]
pub use self::parquet::{ParquetReader, ParquetWriter};
pub use feed::{
    ArchiveWriter, EntryLink, FeedKind, FeedOptions, FeedWriter, SiteOptions, SiteWriter,
    SplitFeedWriter,
};
pub use json::JsonWriter;
pub use jsonl::{JsonlFormat, JsonlReader, JsonlWriter};
pub use markdown::MarkdownWriter;
pub use registry::{find, Format, MakeRecords, MakeWriter, WriteOptions, FORMATS};
pub use select::{SelectFormat, SelectWriter, Selection, TextMode};
pub use writer::{RecordFormat, Writer};
#[cfg(feature = "xlsx")]
pub use xlsx::{XlsxReader, XlsxWriter};

use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity};
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
    /// RSS 2.0 feeds.
    Rss,
    /// Atom 1.0 feeds.
    Atom,
    /// The Parquet events table as `convert --to parquet` writes it.
    Parquet,
    /// The XLSX workbook as `convert --to xlsx` writes it (its `events` sheet).
    Xlsx,
    /// JSON Feed 1.x (told by content: a `.json` file may be another JSON).
    JsonFeed,
}

impl InputFormat {
    /// The format a file's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        match crate::input::path_extension(path)? {
            b"md" | b"markdown" | b"txt" => Some(InputFormat::Markdown),
            b"jsonl" | b"ndjson" => Some(InputFormat::Jsonl),
            b"csv" => Some(InputFormat::Csv),
            b"rss" => Some(InputFormat::Rss),
            b"atom" => Some(InputFormat::Atom),
            b"parquet" => Some(InputFormat::Parquet),
            b"xlsx" => Some(InputFormat::Xlsx),
            _ => None,
        }
    }

    /// The format of an input: `from` when given, else by extension, else
    /// by content for a file (an RSS or Atom feed, see [`InputFormat::sniff`]),
    /// else markdown.
    pub(crate) fn of(input: &Input, from: Option<InputFormat>) -> Self {
        from.or_else(|| input.path().and_then(Self::from_path))
            .or_else(|| input.path().and_then(sniff_file))
            .or_else(|| (*input == Input::Stdin).then(sniff_stdin).flatten())
            .unwrap_or(InputFormat::Markdown)
    }

    /// The format of a document judged by its content: an XML document
    /// whose root is `<rss>` or `<feed>` is a feed, as is a JSON object
    /// that names a JSON Feed version; another `{` starts JSON Lines, the
    /// events table's header starts CSV; anything else is markdown.
    pub fn sniff(bytes: &[u8]) -> Self {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let mut rest = text.trim_start_matches('\u{feff}').trim_start();
        if rest.starts_with('{') && rest.contains("\"https://jsonfeed.org/version/1") {
            return InputFormat::JsonFeed;
        }
        if rest.starts_with('{') {
            return InputFormat::Jsonl;
        }
        if rest.starts_with("id,date,headline") || rest.starts_with("date,headline") {
            return InputFormat::Csv;
        }
        // Skip the XML declaration, comments, processing instructions and
        // a doctype before the root element.
        while let Some(after) = rest.strip_prefix('<') {
            let skip = if after.starts_with("!--") {
                after.find("-->").map(|i| i + 3)
            } else if after.starts_with('!') && subset_first(after) {
                // A doctype's internal subset holds `>`s of its own.
                let end = after.find(']');
                end.and_then(|end| after[end..].find('>').map(|i| end + i + 1))
            } else if after.starts_with('?') || after.starts_with('!') {
                after.find('>').map(|i| i + 1)
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_'))
                    .collect();
                return match name.rsplit(':').next() {
                    Some("rss") => InputFormat::Rss,
                    Some("feed") => InputFormat::Atom,
                    _ => InputFormat::Markdown,
                };
            };
            match skip {
                Some(n) => rest = after[n..].trim_start(),
                None => break,
            }
        }
        InputFormat::Markdown
    }

    /// File extensions picked up for this format when walking folders.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            InputFormat::Markdown => &["md"],
            InputFormat::Jsonl => &["jsonl", "ndjson"],
            InputFormat::Csv => &["csv"],
            InputFormat::Rss => &["rss", "xml"],
            InputFormat::Atom => &["atom", "xml"],
            InputFormat::Parquet => &["parquet"],
            InputFormat::Xlsx => &["xlsx"],
            InputFormat::JsonFeed => &["json"],
        }
    }

    /// File extensions picked up when walking folders without `--from`:
    /// markdown only, so that exports kept beside the pages (a site's
    /// `events.csv`, `samples/expected/`) are not read back by accident.
    /// Name such files, or walk with `--from jsonl|csv`.
    pub const FOLDER_EXTENSIONS: &'static [&'static str] = &["md"];
}

/// Stdin's format by its first bytes, peeked (they are read again after).
fn sniff_stdin() -> Option<InputFormat> {
    let mut stdin = std::io::stdin().lock();
    let head = stdin.fill_buf().ok()?;
    Some(InputFormat::sniff(head)).filter(|f| *f != InputFormat::Markdown)
}

/// True when a `<!DOCTYPE …` has an internal subset (`[` before its `>`).
fn subset_first(doctype: &str) -> bool {
    match (doctype.find('['), doctype.find('>')) {
        (Some(open), Some(close)) => open < close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A feed in a file whose name says nothing (`feed.xml`): its first
/// bytes tell.
pub(crate) fn sniff_file(path: &Path) -> Option<InputFormat> {
    let mut head = Vec::new();
    let file = std::fs::File::open(path).ok()?;
    std::io::Read::read_to_end(&mut std::io::Read::take(file, 4096), &mut head).ok()?;
    Some(InputFormat::sniff(&head)).filter(|f| *f != InputFormat::Markdown)
}

/// The events of one input, lazily: each item is an event, or an error
/// diagnostic for a record (or markdown page) that could not be read.
/// Markdown warnings are not reported here; use [`crate::parse_file`] for them.
pub(crate) fn read_events(input: &Input, format: InputFormat) -> Result<EventIter> {
    Ok(match format {
        InputFormat::Jsonl => Box::new(JsonlReader::new(open_buffered(input)?, input.path())),
        InputFormat::Csv => Box::new(CsvReader::new(open_buffered(input)?, input.path())),
        InputFormat::Rss | InputFormat::Atom | InputFormat::JsonFeed => read_feed(input, format)?,
        InputFormat::Markdown => read_markdown(input)?,
        InputFormat::Parquet => read_parquet(input)?,
        InputFormat::Xlsx => read_xlsx(input)?,
    })
}

/// A Parquet file is read by row groups from the file (stdin: from memory).
#[cfg(feature = "parquet")]
fn read_parquet(input: &Input) -> Result<EventIter> {
    Ok(match input {
        Input::File(path) => {
            let file = std::fs::File::open(path).map_err(|source| Error::File {
                path: path.clone(),
                source,
            })?;
            Box::new(parquet::ParquetReader::new(file, Some(path)))
        }
        Input::Stdin => Box::new(parquet::ParquetReader::from_bytes(input.read()?, None)),
    })
}

#[cfg(not(feature = "parquet"))]
fn read_parquet(input: &Input) -> Result<EventIter> {
    Err(not_built(input, "parquet"))
}

/// A workbook is one document: read whole.
#[cfg(feature = "xlsx")]
fn read_xlsx(input: &Input) -> Result<EventIter> {
    let bytes = input.read()?;
    Ok(Box::new(xlsx::XlsxReader::new(bytes, input.path())))
}

#[cfg(not(feature = "xlsx"))]
fn read_xlsx(input: &Input) -> Result<EventIter> {
    Err(not_built(input, "xlsx"))
}

/// The error for an input whose format this build leaves out.
#[cfg(not(all(feature = "parquet", feature = "xlsx")))]
fn not_built(input: &Input, feature: &str) -> Error {
    Error::Usage(format!(
        "{input}: this build of currents reads no {feature} (built without the `{feature}` feature)"
    ))
}

/// Events, or located errors for the records that could not be read.
type EventIter = Box<dyn Iterator<Item = Result<Event, Diagnostic>>>;

fn open_buffered(input: &Input) -> Result<Box<dyn BufRead>> {
    Ok(match input {
        Input::Stdin => Box::new(std::io::stdin().lock()),
        Input::File(path) => {
            let file = std::fs::File::open(path).map_err(|source| Error::File {
                path: path.clone(),
                source,
            })?;
            Box::new(BufReader::new(file))
        }
    })
}

/// A feed is one document, read whole; an item (entry) that cannot be read
/// is an error located at it, and the others are kept. A document that
/// breaks off keeps the entries before the break (Atom; the RSS reader
/// reads all or nothing).
fn read_feed(input: &Input, format: InputFormat) -> Result<EventIter> {
    let bytes = input.read()?;
    let (name, items) = match format {
        InputFormat::Rss => ("RSS", rss::read_items(&bytes)),
        InputFormat::JsonFeed => ("JSON Feed", jsonfeed::read_items(&bytes)),
        _ => ("Atom", atom::read_items(&bytes)),
    };
    let file = input.path().map(Path::to_path_buf);
    let located = move |item: FeedItem| {
        item.map_err(|error| {
            let (line, column) = line_column(&bytes, error.offset);
            let kind = DiagnosticKind::InvalidRecord {
                format: name.into(),
                message: error.message,
            };
            let mut diagnostic = Diagnostic::new(kind, line, column);
            diagnostic.file = file.clone();
            diagnostic
        })
    };
    Ok(Box::new(items.into_iter().map(located)))
}

/// One item of a feed: its event, or why it could not be read.
pub(crate) type FeedItem = std::result::Result<Event, ItemError>;

/// Why a record of a document could not be read, and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemError {
    /// Byte offset of the record (or of the break) in the document.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl ItemError {
    pub(crate) fn new(offset: usize, message: impl Into<String>) -> Self {
        ItemError {
            offset,
            message: message.into(),
        }
    }
}

/// The items of a document, or its first error (the strict readers).
pub(crate) fn all_or_error(items: Vec<FeedItem>) -> Result<Vec<Event>> {
    items
        .into_iter()
        .map(|item| item.map_err(|e| Error::Format(e.message)))
        .collect()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let line = 1 + memchr::memchr_iter(b'\n', before).count();
    let column = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    (line, column)
}

/// The first text field of `event` holding a C0 control character other
/// than tab and line ends (`summary: U+000B`): XML 1.0 cannot hold them
/// (RSS, Atom), and markdown reads some as spaces (a vertical tab before
/// `# ` would start a heading). Readers refuse such a record, so that what
/// is read can be written.
pub(crate) fn control_character(event: &Event) -> Option<String> {
    let bad = |text: &str| {
        text.chars()
            .find(|&c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
    };
    let mut fields: Vec<(String, &str)> = vec![("headline".into(), &event.headline)];
    fields.extend(event.category.as_deref().map(|t| ("category".into(), t)));
    fields.extend(event.summary.as_deref().map(|t| ("summary".into(), t)));
    for (i, tag) in event.contexts.iter().enumerate() {
        fields.push((format!("contexts[{i}]"), tag));
    }
    for (i, source) in event.sources.iter().enumerate() {
        fields.push((format!("sources[{i}].name"), &source.name));
        fields.push((format!("sources[{i}].url"), &source.url));
    }
    for (i, related) in event.related.iter().enumerate() {
        fields.push((format!("related[{i}].headline"), &related.headline));
        fields.extend(
            related
                .contexts
                .iter()
                .map(|t| (format!("related[{i}].contexts"), t.as_str())),
        );
    }
    for (i, revision) in event.revisions.iter().enumerate() {
        fields.push((format!("revisions[{i}].headline"), &revision.headline));
        fields.extend(
            revision
                .label
                .as_deref()
                .map(|t| (format!("revisions[{i}].label"), t)),
        );
    }
    for (i, section) in event.extra_sections.iter().enumerate() {
        fields.push((format!("extra_sections[{i}].title"), &section.title));
        fields.push((format!("extra_sections[{i}].body"), &section.body));
    }
    fields.into_iter().find_map(|(name, text)| {
        bad(text).map(|c| {
            format!(
                "field `{name}`: the control character U+{:04X} cannot be written back (markdown and XML have no place for it)",
                u32::from(c)
            )
        })
    })
}

/// The dates every output can write: years 0000 to 9999. A date outside
/// them is refused on reading, so that what is read can be written back.
pub(crate) fn writable_date(
    date: chrono::NaiveDate,
) -> std::result::Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    if (0..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "the date {date} is outside the years 0000-9999 that the formats can write"
        ))
    }
}

/// A page's events, or its errors (and no events) when it has any; for a
/// file of several pages (`convert --to md`), each page's.
fn read_markdown(input: &Input) -> Result<EventIter> {
    let bytes = input.read()?;
    if !markdown::pages::is_page_stream(&bytes) {
        return Ok(page_events(crate::parse::parse_bytes(&bytes, input.path())));
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut items: Vec<Result<Event, Diagnostic>> = Vec::new();
    for page in markdown::pages::split(&text) {
        let file = page.facts.path.map(Path::new).or(input.path());
        let mut parsed = crate::parse::parse_bytes(page.text.as_bytes(), file);
        page.facts.apply(&mut parsed.document);
        for diagnostic in &mut parsed.diagnostics {
            diagnostic.file = input.path().map(Path::to_path_buf);
            if diagnostic.line > 0 {
                diagnostic.line += page.first_line - 1;
            }
        }
        items.extend(page_events(parsed));
    }
    Ok(Box::new(items.into_iter()))
}

fn page_events(parsed: crate::parse::Parsed) -> EventIter {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_feeds_by_their_root_element() {
        let atom = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x > y -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\">";
        assert_eq!(InputFormat::sniff(atom), InputFormat::Atom);
        assert_eq!(
            InputFormat::sniff(b"  <rss version=\"2.0\">"),
            InputFormat::Rss
        );
        assert_eq!(
            InputFormat::sniff(b"### [2015-11-25](/x)"),
            InputFormat::Markdown
        );
        assert_eq!(InputFormat::sniff(b"<html>"), InputFormat::Markdown);
    }

    #[test]
    fn named_files_are_feeds_by_extension_or_content() {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("feed.xml");
        std::fs::write(&xml, "<?xml version=\"1.0\"?><rss version=\"2.0\"/>").unwrap();
        let md = dir.path().join("page.md");
        std::fs::write(&md, "<rss>").unwrap();
        let file = |p: &Path| Input::File(p.to_path_buf());
        assert_eq!(InputFormat::of(&file(&xml), None), InputFormat::Rss);
        assert_eq!(InputFormat::of(&file(&md), None), InputFormat::Markdown);
        let atom = Some(InputFormat::Atom);
        assert_eq!(InputFormat::of(&file(&md), atom), InputFormat::Atom);
        assert_eq!(InputFormat::of(&Input::Stdin, None), InputFormat::Markdown);
    }
}
