//! Problems found while reading a page, each with its file, line and column.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong with the page.
    Note,
    /// The page is readable but irregular.
    Warning,
    /// The page, or part of it, could not be read.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What a diagnostic is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The bytes are not UTF-8; the page was read with replacement characters.
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Offset of the first bad byte in the file.
        offset: usize,
    },
    /// The page holds no news (prose, or empty).
    #[error("not an event document: {reason}")]
    NotEventDocument {
        /// Why, in words.
        reason: String,
    },
    /// An event page without a `# Headline`.
    #[error("event page has no headline (`# ...`)")]
    MissingHeadline,
    /// Date text that is not a calendar date.
    #[error("invalid date `{text}`")]
    InvalidDate {
        /// The text as written.
        text: String,
    },
    /// The same list number twice in a row (`2.` then `2.`).
    #[error("repeated list number {number}")]
    RepeatedListNumber {
        /// The repeated number.
        number: u64,
    },
    /// A list number out of sequence.
    #[error("list number {number} where {expected} was expected")]
    UnexpectedListNumber {
        /// The number as written.
        number: u64,
        /// The number that would continue the list.
        expected: u64,
    },
    /// `### Sources:` over one item, or `### Source:` over several, where
    /// the generator's template (`Sources:` on pages with a Formats line,
    /// `Source:` on the others) would not have written it.
    #[error("`### {heading}` with {}", item_count(*count))]
    SourceHeadingCount {
        /// `Source:` or `Sources:` as written.
        heading: String,
        /// How many items the list has.
        count: usize,
    },
    /// The date text and the date in the path disagree.
    #[error("date text `{text}` and path `{path}` disagree")]
    DateMismatch {
        /// The date text.
        text: String,
        /// The path it disagrees with.
        path: String,
    },
    /// A `### Foo:` section the model has no field for; kept as written.
    #[error("unknown section `### {title}` (kept)")]
    UnknownSection {
        /// The heading text.
        title: String,
    },
    /// A section that appears twice; the items of both are kept.
    #[error("section `### {title}` appears more than once (items merged)")]
    DuplicateSection {
        /// The heading text.
        title: String,
    },
    /// Content with no place in the model; it is not kept.
    #[error("unexpected {what} (not kept)")]
    UnexpectedContent {
        /// What was found, in words.
        what: String,
    },
    /// A list item of the wrong shape; it is not kept.
    #[error("{section} item is not `{expected}` (not kept)")]
    MalformedItem {
        /// The section it appears in.
        section: String,
        /// The shape an item should have.
        expected: String,
    },
    /// A file under a `news/` folder that is not at `news/YYYY/MM/D/<file>`
    /// (digits, a calendar date): read as a page outside the site.
    #[error(
        "`{path}` is not at news/YYYY/MM/D/ (a calendar date): read as a page outside the site"
    )]
    NotSitePath {
        /// The file's path, from its `news` folder on.
        path: String,
    },
    /// The file could not be read.
    #[error("cannot read: {message}")]
    Io {
        /// The system's message.
        message: String,
    },
    /// A link destination of a scheme other than http, https or mailto
    /// (`javascript:`, `data:`…): kept in the model, left out of feeds
    /// (the text stays).
    #[error("link to `{url}` is not http(s) or mailto: feeds show its text without the link")]
    UnsafeLink {
        /// The destination as written.
        url: String,
    },
    /// A record of a JSON Lines or CSV input that is not a valid event; it is skipped.
    #[error("invalid {format} record: {message}")]
    InvalidRecord {
        /// The input format (`JSON Lines`, `CSV`).
        format: String,
        /// What is wrong with it.
        message: String,
    },
}

fn item_count(count: usize) -> String {
    match count {
        1 => "a single item".to_string(),
        n => format!("{n} items"),
    }
}

impl DiagnosticKind {
    /// The severity this kind is reported with.
    pub fn severity(&self) -> Severity {
        use DiagnosticKind::*;
        match self {
            InvalidUtf8 { .. }
            | MissingHeadline
            | InvalidDate { .. }
            | Io { .. }
            | InvalidRecord { .. } => Severity::Error,
            NotEventDocument { .. } => Severity::Note,
            _ => Severity::Warning,
        }
    }

    /// The kind's stable code (`CUR001` …) and its name (the `code` of its
    /// JSON form), which `--allow` and CI reports use.
    pub fn code(&self) -> &'static str {
        CODES[self.index()].0
    }

    /// The kind's stable name: `missing_headline`, `repeated_list_number` …
    pub fn name(&self) -> &'static str {
        CODES[self.index()].1
    }

    fn index(&self) -> usize {
        use DiagnosticKind::*;
        match self {
            InvalidUtf8 { .. } => 0,
            NotEventDocument { .. } => 1,
            MissingHeadline => 2,
            InvalidDate { .. } => 3,
            RepeatedListNumber { .. } => 4,
            UnexpectedListNumber { .. } => 5,
            SourceHeadingCount { .. } => 6,
            DateMismatch { .. } => 7,
            UnknownSection { .. } => 8,
            DuplicateSection { .. } => 9,
            UnexpectedContent { .. } => 10,
            MalformedItem { .. } => 11,
            NotSitePath { .. } => 12,
            Io { .. } => 13,
            InvalidRecord { .. } => 14,
            UnsafeLink { .. } => 15,
        }
    }

    /// True when part of the page did not make it into the model, so
    /// rewriting the page from the model would lose text.
    pub fn drops_content(&self) -> bool {
        matches!(
            self,
            DiagnosticKind::UnexpectedContent { .. }
                | DiagnosticKind::MalformedItem { .. }
                | DiagnosticKind::InvalidUtf8 { .. }
                | DiagnosticKind::InvalidDate { .. }
                | DiagnosticKind::MissingHeadline
                | DiagnosticKind::InvalidRecord { .. }
        )
    }
}

/// Every kind's code and name, in code order. Codes are never reused.
pub const CODES: [(&str, &str); 16] = [
    ("CUR001", "invalid_utf8"),
    ("CUR002", "not_event_document"),
    ("CUR003", "missing_headline"),
    ("CUR004", "invalid_date"),
    ("CUR005", "repeated_list_number"),
    ("CUR006", "unexpected_list_number"),
    ("CUR007", "source_heading_count"),
    ("CUR008", "date_mismatch"),
    ("CUR009", "unknown_section"),
    ("CUR010", "duplicate_section"),
    ("CUR011", "unexpected_content"),
    ("CUR012", "malformed_item"),
    ("CUR013", "not_site_path"),
    ("CUR014", "io"),
    ("CUR015", "invalid_record"),
    ("CUR016", "unsafe_link"),
];

/// The code a diagnostic code or name stands for (`CUR005`, `cur005`,
/// `repeated_list_number`).
pub fn code_named(text: &str) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(code, name)| code.eq_ignore_ascii_case(text) || *name == text)
        .map(|(code, _)| *code)
}

/// One problem, located in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// What it is.
    #[serde(flatten)]
    pub kind: DiagnosticKind,
    /// The file, when the page came from one.
    pub file: Option<PathBuf>,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, in characters; 0 with line 0.
    pub column: usize,
}

impl Diagnostic {
    /// A diagnostic of `kind` at `line:column`, with the kind's own severity.
    pub fn new(kind: DiagnosticKind, line: usize, column: usize) -> Self {
        Diagnostic {
            severity: kind.severity(),
            kind,
            file: None,
            line,
            column,
        }
    }
}

impl Diagnostic {
    /// A problem with a whole file, such as one that cannot be read.
    pub fn unreadable(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        let mut diagnostic = Diagnostic::new(
            DiagnosticKind::Io {
                message: message.into(),
            },
            0,
            0,
        );
        diagnostic.file = Some(file.into());
        diagnostic
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: severity: message`, the form editors jump to.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_ref().map(|p| p.display().to_string());
        let file = file.as_deref().unwrap_or("<stdin>");
        if self.line == 0 {
            return write!(f, "{file}: {}: {}", self.severity, self.kind);
        }
        let (line, column) = (self.line, self.column);
        write!(
            f,
            "{file}:{line}:{column}: {}: {}",
            self.severity, self.kind
        )
    }
}
