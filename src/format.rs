//! Formatting pages to canonical markdown, safely: what `currents fmt`
//! does to each file, minus the file handling.
//!
//! Like mdformat, every result is checked before it is handed out: the
//! output is parsed again and its model must equal the input's (as the
//! canonical form carries it, after the fixes asked for), and formatting
//! the output again must give the same bytes.

use std::fmt;
use std::path::Path;

mod deviation;

pub use deviation::{deviations, Deviation, Rule};

use crate::diagnostic::Diagnostic;
use crate::edition::Edition;
use crate::fix::{self, Fix, FixReport};
use crate::formats::markdown::{canonical_model, render_styled, Style};
use crate::model::Document;
use crate::parse::parse_bytes;

/// What formatting one page gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The page in canonical form.
    Formatted {
        /// The canonical text.
        output: String,
        /// True when `output` differs from the input bytes.
        changed: bool,
        /// What the fixes changed.
        fixes: FixReport,
    },
    /// A page with no news (prose): left as it is.
    NotEvent {
        /// Why it is not an event page.
        reason: String,
    },
}

/// Why a page was not formatted. Nothing is written for it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The page has errors (listed).
    Errors(Vec<Diagnostic>),
    /// Part of the page has no place in the model (listed), so rewriting
    /// it would lose text.
    DropsContent(Vec<Diagnostic>),
    /// The output would not read back as the same page.
    ModelChanged {
        /// The first difference, as `field: before → after`.
        difference: String,
    },
    /// Formatting the output again would change it.
    Unstable,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, diagnostics: &[Diagnostic]| {
            for d in diagnostics {
                write!(f, "\n  {}:{}: {}", d.line, d.column, d.kind)?;
            }
            Ok(())
        };
        match self {
            Refusal::Errors(diagnostics) => {
                f.write_str("not formatted: the page has errors")?;
                list(f, diagnostics)
            }
            Refusal::DropsContent(diagnostics) => {
                f.write_str("not formatted: rewriting would drop text the model does not hold")?;
                list(f, diagnostics)
            }
            Refusal::ModelChanged { difference } => write!(
                f,
                "not formatted: the output would read back differently ({difference})"
            ),
            Refusal::Unstable => f.write_str("not formatted: the output is not stable"),
        }
    }
}

/// Formats one page given as bytes. `file` names it (for its site path,
/// exactly as [`parse_bytes`] uses it). `fixes` are the content fixes to
/// apply; with none, the output reads back as exactly the input's model
/// up to the whitespace the canonical form normalizes.
///
/// ```
/// use currents::format::{format_bytes, Outcome};
/// let page = b"### [2015-11-25](/news/2015/11/25/index.md)\n#  Headline \n";
/// let Ok(Outcome::Formatted { output, changed, .. }) = format_bytes(page, None, &[]) else {
///     panic!("formatted")
/// };
/// assert!(changed);
/// assert_eq!(output, "### [2015-11-25](/news/2015/11/25/index.md)\n\n# Headline \n");
/// ```
pub fn format_bytes(
    bytes: &[u8],
    file: Option<&Path>,
    fixes: &[Fix],
) -> std::result::Result<Outcome, Refusal> {
    format_bytes_styled(bytes, file, fixes, Style::default())
}

/// [`format_bytes`] in a given [`Style`].
///
/// ```
/// use currents::format::{format_bytes_styled, Outcome};
/// use currents::formats::markdown::Style;
/// let page = b"### [2015-11-25](/news/2015/11/25/index.md)\n#  Headline \n";
/// let Ok(Outcome::Formatted { output, .. }) = format_bytes_styled(page, None, &[], Style::Compact) else {
///     panic!("formatted")
/// };
/// assert_eq!(output, "### [2015-11-25](/news/2015/11/25/index.md)\n\n# Headline\n");
/// ```
pub fn format_bytes_styled(
    bytes: &[u8],
    file: Option<&Path>,
    fixes: &[Fix],
    style: Style,
) -> std::result::Result<Outcome, Refusal> {
    let parsed = parse_bytes(bytes, file);
    if let Document::NotEvent(page) = &parsed.document {
        if !parsed.has_errors() {
            return Ok(Outcome::NotEvent {
                reason: page.reason.clone(),
            });
        }
    }
    refuse_unsafe(&parsed)?;
    // The page keeps its edition's words, whatever its paths say.
    let edition = parsed.edition;
    let mut document = parsed.document;
    let report = fix::apply(&mut document, fixes);
    let output = render_styled(&document, edition, style);
    if output.as_bytes() != bytes {
        check_reads_back(&document, &output, file, (edition, style))?;
    }
    Ok(Outcome::Formatted {
        changed: output.as_bytes() != bytes,
        output,
        fixes: report,
    })
}

/// A page with errors, or with text the model does not hold, is not
/// rewritten.
fn refuse_unsafe(parsed: &crate::Parsed) -> std::result::Result<(), Refusal> {
    let listed = |keep: &dyn Fn(&Diagnostic) -> bool| {
        parsed
            .diagnostics
            .iter()
            .filter(|d| keep(d))
            .cloned()
            .collect()
    };
    if parsed.has_errors() {
        return Err(Refusal::Errors(listed(&|d| {
            d.severity == crate::Severity::Error
        })));
    }
    if parsed.drops_content() {
        return Err(Refusal::DropsContent(listed(&|d| d.kind.drops_content())));
    }
    Ok(())
}

/// The safety net: `output`, rendered from `document`, read back must give
/// the same page, and rendering that again the same bytes.
fn check_reads_back(
    document: &Document,
    output: &str,
    file: Option<&Path>,
    (edition, style): (&'static Edition, Style),
) -> std::result::Result<(), Refusal> {
    let back = crate::parse::parse_bytes_as(output.as_bytes(), file, Some(edition));
    // Reading back the very model the output was rendered from proves both
    // checks at once: rendering is a function of the model, so rendering it
    // again would give the same bytes. (The parser's models are canonical,
    // so this is the usual case.)
    let same = back.document == *document;
    if !same {
        let expected = canonical_model(document);
        if let Some(difference) = model_difference(&expected, &back.document) {
            return Err(Refusal::ModelChanged { difference });
        }
    }
    if back.has_errors() || back.drops_content() {
        let what = back.diagnostics.first().map(|d| d.to_string());
        return Err(Refusal::ModelChanged {
            difference: what.unwrap_or_else(|| "new problems".into()),
        });
    }
    if !same && render_styled(&back.document, edition, style) != output {
        return Err(Refusal::Unstable);
    }
    Ok(())
}

/// The first difference between two pages, as `field: before → after`,
/// or `None` when they are equal.
pub(crate) fn model_difference(before: &Document, after: &Document) -> Option<String> {
    if before == after {
        return None;
    }
    let found = match (serde_json::to_value(before), serde_json::to_value(after)) {
        (Ok(a), Ok(b)) => first_difference(&a, &b, String::new()),
        // Not every page serializes to a JSON value: compare their dumps.
        _ => first_line_difference(&format!("{before:#?}"), &format!("{after:#?}")),
    };
    Some(found.unwrap_or_else(|| "the pages differ".into()))
}

fn first_line_difference(a: &str, b: &str) -> Option<String> {
    let (mut x, mut y) = (a.lines(), b.lines());
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) if p == q => continue,
            (None, None) => return None,
            (p, q) => {
                let show =
                    |l: Option<&str>| l.map_or("(end)".to_string(), |l| l.trim().to_string());
                return Some(format!("{} → {}", show(p), show(q)));
            }
        }
    }
}

fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        _ if a == b => None,
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for key in keys {
                let here = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                let null = Value::Null;
                let found = first_difference(
                    x.get(key).unwrap_or(&null),
                    y.get(key).unwrap_or(&null),
                    here,
                );
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, format!("{at}[{i}]"))),
        (Value::Array(x), Value::Array(y)) => {
            Some(format!("{at}: {} items → {} items", x.len(), y.len()))
        }
        _ => Some(format!("{at}: {} → {}", short(a), short(b))),
    }
}

fn short(value: &serde_json::Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(feature = "cli")]
/// What `fmt` does with a page once formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Replace files that change (atomically).
    Write,
    /// Only tell whether they would change.
    Check,
    /// Tell whether they would change, keeping both texts (for a diff).
    Diff,
}

#[cfg(feature = "cli")]
/// One input's trip through `fmt`: its bytes, the outcome, and whether the
/// rewrite (in [`Mode::Write`]) succeeded.
#[derive(Debug)]
pub(crate) struct FileFormat {
    /// The input as read: kept only for a diff and for stdin (else empty).
    pub original: Vec<u8>,
    /// The formatted page, or why it was refused.
    pub outcome: std::result::Result<Outcome, Refusal>,
    /// In write mode, for a file that changed: the result of replacing it.
    pub written: Option<crate::Result<()>>,
    /// With `--check` or `--diff`, for a file that would change: why
    /// (when asked for: telling costs a second pass over the page).
    pub deviations: Vec<Deviation>,
}

#[cfg(feature = "cli")]
/// Reads, formats and (in write mode) rewrites one input. Safe to run on
/// many inputs at once; only reading can fail outright.
pub(crate) fn format_input(
    input: &crate::input::Input,
    (fixes, style): (&[Fix], Style),
    (mode, explain): (Mode, bool),
) -> crate::Result<FileFormat> {
    use crate::input::Input;
    let read = input.path().map(regular_file).transpose()?;
    let format = |bytes: &[u8]| format_bytes_styled(bytes, input.path(), fixes, style);
    // Why a page changes is told by --check and --diff, when asked for.
    let explains = explain && mode != Mode::Write;
    // A diff shows the old text, and stdin's page passes through when it is
    // not formatted: only then is the page kept; else it is read into the
    // thread's buffer and rewritten from there.
    if mode == Mode::Diff || *input == Input::Stdin {
        let original = input.read()?;
        let outcome = format(&original);
        let deviations = if explains {
            changed_deviations(&original, &outcome)
        } else {
            Vec::new()
        };
        return Ok(FileFormat {
            original,
            outcome,
            written: None,
            deviations,
        });
    }
    input.with_bytes(|bytes| {
        let outcome = format(bytes);
        let deviations = if explains {
            changed_deviations(bytes, &outcome)
        } else {
            Vec::new()
        };
        let written = match (&outcome, input, &read, mode) {
            (
                Ok(Outcome::Formatted {
                    output,
                    changed: true,
                    ..
                }),
                Input::File(path),
                Some(read),
                Mode::Write,
            ) => Some(crate::output::replace_page(
                path,
                read,
                bytes,
                output.as_bytes(),
            )),
            _ => None,
        };
        FileFormat {
            original: Vec::new(),
            outcome,
            written,
            deviations,
        }
    })
}

#[cfg(feature = "cli")]
/// A file's metadata, when it is a regular file: a FIFO would block the
/// read, and a device is no page; neither is read.
fn regular_file(path: &Path) -> crate::Result<std::fs::Metadata> {
    let error = |message: String| crate::Error::File {
        path: path.to_path_buf(),
        source: std::io::Error::other(message),
    };
    let meta = std::fs::metadata(path).map_err(|e| crate::Error::File {
        path: path.to_path_buf(),
        source: e,
    })?;
    if meta.is_file() {
        return Ok(meta);
    }
    let kind = file_kind(&meta.file_type());
    Err(error(format!("skipped: {kind}, not a regular file")))
}

#[cfg(feature = "cli")]
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

#[cfg(feature = "cli")]
fn changed_deviations(
    bytes: &[u8],
    outcome: &std::result::Result<Outcome, Refusal>,
) -> Vec<Deviation> {
    match outcome {
        Ok(Outcome::Formatted {
            output,
            changed: true,
            ..
        }) => deviations(bytes, output),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::replace_file;

    #[test]
    fn prose_is_left_alone_and_broken_pages_are_refused() {
        let prose = format_bytes(b"## API\n\nSome *prose*.\n", None, &[]);
        assert!(matches!(prose, Ok(Outcome::NotEvent { .. })));
        let no_headline = format_bytes(b"### [2015-11-25](/x)\n\ntext\n", None, &[]);
        let refusal = no_headline.unwrap_err();
        assert!(matches!(refusal, Refusal::Errors(_)), "{refusal}");
        assert!(refusal.to_string().contains("no headline"), "{refusal}");
        let dropping = format_bytes(b"### [2015-11-25](/x)\n\n# H\n\n> quote\n", None, &[]);
        assert!(matches!(dropping, Err(Refusal::DropsContent(_))));
    }

    #[test]
    fn canonical_input_is_unchanged() {
        let page = b"### [2015-11-25](/news/2015/11/25/index.md)\n\n# Headline\n";
        match format_bytes_styled(page, None, &[], Style::Compact) {
            Ok(Outcome::Formatted { changed, .. }) => assert!(!changed),
            other => panic!("{other:?}"),
        }
        let page = b"### [2015-11-5](/news/2015/11/5/index.md)\n\n# Headline \n";
        match format_bytes(page, None, &[]) {
            Ok(Outcome::Formatted { changed, .. }) => assert!(!changed),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn differences_name_the_field() {
        let date = chrono::NaiveDate::from_ymd_opt(2015, 11, 25).unwrap();
        let a = Document::Event(crate::Event::new(date, "A"));
        let mut event = crate::Event::new(date, "A");
        event.sources.push(crate::Source::new("S", "u"));
        let b = Document::Event(event);
        assert_eq!(model_difference(&a, &a), None);
        assert_eq!(
            model_difference(&a, &b).unwrap(),
            "sources: 0 items → 1 items"
        );
        let c = Document::Event(crate::Event::new(date, "B"));
        assert_eq!(model_difference(&a, &c).unwrap(), "headline: \"A\" → \"B\"");
    }

    #[cfg(unix)]
    #[test]
    fn replacing_keeps_permissions_and_a_failure_leaves_the_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);

        // Renaming a file over a folder fails, even for root.
        let folder = dir.path().join("folder.md");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("inside"), "kept").unwrap();
        let names = || -> std::collections::BTreeSet<_> {
            std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect()
        };
        // (The old page.md may be there, kept until the run's end.)
        let before = names();
        assert!(replace_file(&folder, b"new").is_err());
        assert!(folder.is_dir());
        assert_eq!(std::fs::read(folder.join("inside")).unwrap(), b"kept");
        assert_eq!(names(), before, "no temporary file left");
    }
}
