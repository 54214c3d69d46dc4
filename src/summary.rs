//! Counting what a run saw, for the one-line report at its end.

use std::fmt;

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::Parsed;

/// What a run over many pages found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Files read (or attempted).
    pub files: usize,
    /// Events: in the pages read (`check`), or records written (`convert`).
    pub events: usize,
    /// Pages with no news.
    pub not_event: usize,
    /// Warnings reported.
    pub warnings: usize,
    /// Errors reported, including files that could not be read.
    pub errors: usize,
}

impl Summary {
    /// Counts one parsed page (not its events: see [`Summary::events`]). With `strict`, warnings and "not an event
    /// document" notes are raised to errors first.
    pub(crate) fn record(&mut self, parsed: &mut Parsed, strict: bool) {
        raise(parsed, strict);
        let not_event = matches!(parsed.document, crate::Document::NotEvent(_));
        self.record_diagnostics(&parsed.diagnostics, not_event);
    }

    /// Counts one page from its diagnostics, already raised by [`raise`].
    pub(crate) fn record_diagnostics(&mut self, diagnostics: &[Diagnostic], not_event: bool) {
        let count = |severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        self.files += 1;
        self.not_event += usize::from(not_event);
        self.warnings += count(Severity::Warning);
        self.errors += count(Severity::Error);
    }

    /// Counts a file that could not be read at all.
    pub(crate) fn record_unreadable(&mut self) {
        self.files += 1;
        self.errors += 1;
    }
}

/// With `strict`, raises every diagnostic of the page to an error.
pub(crate) fn raise(parsed: &mut Parsed, strict: bool) {
    if strict {
        for diagnostic in &mut parsed.diagnostics {
            diagnostic.severity = Severity::Error;
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "{}, {}, {}, {}",
            plural(self.files, "file"),
            plural(self.events, "event"),
            plural(self.warnings, "warning"),
            plural(self.errors, "error"),
        )?;
        if self.not_event > 0 {
            write!(f, " ({} not an event document)", self.not_event)?;
        }
        Ok(())
    }
}
