//! The parser: bytes or text in, a [`Document`] and its diagnostics out.
//!
//! Built on pulldown-cmark's offset iterator, so every diagnostic carries
//! a line and column. It never panics and runs in time linear in the input.

mod blocks;
pub(crate) mod fields;
mod lines;
mod page;
mod tail;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub(crate) use fields::path_date;

use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use crate::edition::Edition;
use crate::model::{Document, Event};
use crate::site::path::{locate, Located};

/// A parsed page with what was found wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Parsed {
    /// The page.
    pub document: Document,
    /// Problems, in page order.
    pub diagnostics: Vec<Diagnostic>,
    /// The edition the page was read as (detected, or forced).
    pub edition: &'static Edition,
}

impl Parsed {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// True when rewriting the page from its model would lose text.
    pub fn drops_content(&self) -> bool {
        self.diagnostics.iter().any(|d| d.kind.drops_content())
    }
}

/// Parses markdown text. Site paths come from the page's own links.
///
/// ```
/// let parsed = currents::parse_str("### [2015-11-25](/news/2015/11/25/index.md)\n\n# Headline\n");
/// let event = parsed.document.events().next().unwrap();
/// assert_eq!(event.headline, "Headline");
/// ```
pub fn parse_str(text: &str) -> Parsed {
    parse_text(text, None, None)
}

/// Parses raw bytes, as read from `file` (used for messages and, when it
/// lies under a `news/` folder, for the site path). A UTF-8 BOM is skipped;
/// CRLF and CR line endings read as LF; invalid UTF-8 is an error naming the
/// byte offset, and the rest of the page is still read.
pub fn parse_bytes(bytes: &[u8], file: Option<&Path>) -> Parsed {
    parse_bytes_as(bytes, file, None)
}

/// [`parse_bytes`], reading the page as `edition` (`None`: the one its
/// words and links show, see [`Edition::detect`]).
pub fn parse_bytes_as(
    bytes: &[u8],
    file: Option<&Path>,
    edition: Option<&'static Edition>,
) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 checks with vector code what std checks a word at a time:
    // std's check was 4% of a JSON Lines run's instructions (callgrind).
    let (text, bad_offset) = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(_) => {
            let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
            (String::from_utf8_lossy(bytes), Some(valid))
        }
    };
    let mut parsed = parse_text(&text, file, edition);
    if let Some(offset) = bad_offset {
        // Locate on the valid prefix, which the lossy text shares.
        let prefix = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let mut diagnostic = Diagnostic::new(DiagnosticKind::InvalidUtf8 { offset }, line, column);
        diagnostic.file = file.map(Path::to_path_buf);
        parsed.diagnostics.insert(0, diagnostic);
    }
    parsed
}

/// Reads and parses a file. Only reading can fail; parse problems are
/// diagnostics.
pub fn parse_file(path: &Path) -> std::io::Result<Parsed> {
    let bytes = std::fs::read(path)?;
    Ok(parse_bytes(&bytes, Some(path)))
}

fn parse_text(text: &str, file: Option<&Path>, edition: Option<&'static Edition>) -> Parsed {
    let text = normalize_line_endings(text);
    let blocks = blocks::blocks(&text);
    let edition = edition
        .or_else(crate::edition::forced)
        .unwrap_or_else(|| edition_of(&blocks, &text));
    let (site_path, misplaced) = match file.map(locate) {
        Some(Located::Site(path)) => (Some(edition.site_path(&path)), None),
        Some(Located::Misplaced(path)) => (None, Some(path)),
        _ => (None, None),
    };
    let (mut document, mut diagnostics) =
        page::PageReader::new(&text, blocks, site_path, edition).read();
    if let Some(path) = misplaced {
        diagnostics.push(Diagnostic::new(DiagnosticKind::NotSitePath { path }, 0, 0));
    }
    if let Document::Event(event) = &mut document {
        name_by_file(event, file);
    }
    if !diagnostics.is_empty() {
        let file: Option<PathBuf> = file.map(Path::to_path_buf);
        for diagnostic in &mut diagnostics {
            diagnostic.file.clone_from(&file);
        }
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    Parsed {
        document,
        diagnostics,
        edition,
    }
}

/// The edition of a page's text, by [`Edition::detect`]'s rule.
pub(crate) fn detect_edition(text: &str) -> &'static Edition {
    edition_of(&blocks::blocks(text), text)
}

/// [`Edition::detect`] on a page's blocks: its `###` titles, its links.
fn edition_of(blocks: &[blocks::Block<'_>], text: &str) -> &'static Edition {
    let titles = blocks
        .iter()
        .filter(|b| b.kind == blocks::BlockKind::Heading(3) && b.inline.links.is_empty())
        .map(|b| b.inline.text(text));
    let links = blocks
        .iter()
        .flat_map(|b| {
            b.inline
                .links
                .iter()
                .chain(b.items.iter().flat_map(|i| &i.inline.links))
        })
        .skip(1)
        .map(|l| &*l.url);
    Edition::of_parts(titles, links, text)
}

/// An event without a path whose headline gives no slug (no letter or
/// digit by [`crate::identity::text_slug`]) is named after its file, so that two of one day do not share
/// an id.
fn name_by_file(event: &mut Event, file: Option<&Path>) {
    if event.path.is_none() && crate::identity::text_slug(&event.headline).is_empty() {
        // Not UTF-8: percent-encoded, so that two such names stay two ids.
        let stem = file
            .and_then(Path::file_stem)
            .map(|s| crate::site::path::lossless(Path::new(s)));
        let id = crate::identity::fallback_id(event.date, &event.headline, stem.as_deref());
        crate::identity::keep_id(event, id);
    }
}

/// CRLF and lone CR become LF, so both read exactly like LF pages.
fn normalize_line_endings(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}
