//! A bulk run: many inputs in, one writer fed, problems reported as they
//! come. The `convert` and `stats` commands are this plus their writer.

use std::ops::ControlFlow;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;
use crate::input::{walk, Input};
use crate::model::Document;
use crate::parse::Parsed;
use crate::read::InputFormat;
use crate::site::SiteMerger;
use crate::summary::Summary;
use crate::write::Writer;

/// How a bulk run reads its inputs.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RunOptions {
    /// Parser threads; 0 means one per core.
    pub jobs: usize,
    /// Warnings (and prose pages) count as errors.
    pub strict: bool,
    /// Stop at the first page with an error.
    pub fail_fast: bool,
    /// One record per page, instead of one per event (site mode).
    pub pages: bool,
}

/// What a run tells its caller while it works.
pub trait Observer {
    /// A problem in a page (warnings and errors; notes too under `--strict`).
    fn diagnostic(&mut self, diagnostic: &Diagnostic);
    /// Called after each input, with the counts so far.
    fn progress(&mut self, _summary: &Summary) {}
}

/// Reads every page under `paths` and feeds `writer`: merged events in site
/// mode, whole pages with `pages`. Pages with errors are reported and left
/// out. Returns the counts; `writer.finish()` is the caller's to call.
pub fn run(
    paths: &[PathBuf],
    options: &RunOptions,
    writer: &mut dyn Writer,
    observer: &mut dyn Observer,
) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut merger = SiteMerger::new();
    let inputs = walk(paths, InputFormat::FOLDER_EXTENSIONS);
    let mut emitted = 0usize;
    crate::pipeline::for_each_ordered(inputs, options.jobs, Input::parse, |result| {
        let parsed = match result.and_then(|(_, parsed)| parsed) {
            Ok(parsed) => parsed,
            Err(error) => {
                summary.record_unreadable();
                match error.to_diagnostic() {
                    Some(diagnostic) => observer.diagnostic(&diagnostic),
                    None => return Err(error),
                }
                observer.progress(&summary);
                return Ok(flow(options.fail_fast));
            }
        };
        let failed = take(parsed, options, &mut summary, observer, |document| {
            if options.pages {
                emitted += document.events().count();
                writer.write_document(&document)
            } else {
                merger.push(document, &mut |event| {
                    emitted += 1;
                    writer.write_event(&event)
                })
            }
        })?;
        summary.events = emitted;
        observer.progress(&summary);
        Ok(flow(failed && options.fail_fast))
    })?;
    merger.finish(&mut |event| {
        emitted += 1;
        writer.write_event(&event)
    })?;
    summary.events = emitted;
    Ok(summary)
}

/// Counts and reports one page, then hands it on unless it has errors.
/// Returns true when it had errors.
fn take(
    mut parsed: Parsed,
    options: &RunOptions,
    summary: &mut Summary,
    observer: &mut dyn Observer,
    accept: impl FnOnce(Document) -> Result<()>,
) -> Result<bool> {
    summary.record(&mut parsed, options.strict);
    for diagnostic in parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity > Severity::Note)
    {
        observer.diagnostic(diagnostic);
    }
    let failed = parsed.has_errors();
    if !failed {
        accept(parsed.document)?;
    }
    Ok(failed)
}

fn flow(stop: bool) -> ControlFlow<()> {
    if stop {
        ControlFlow::Break(())
    } else {
        ControlFlow::Continue(())
    }
}
