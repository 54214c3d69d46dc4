//! A bulk run: many inputs in, one writer fed, problems reported as they
//! come. The `convert` and `stats` commands are this plus their writer.

use std::ops::ControlFlow;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;
use crate::input::{walk, Input};
use crate::model::Document;
use crate::model::Event;
use crate::parse::Parsed;
use crate::read::{read_events, InputFormat};
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
    /// Read every input as this format, and walk folders for its files
    /// only. `None`: by extension (markdown when there is none).
    pub from: Option<InputFormat>,
    /// The file being written: never read when found in a folder, so a
    /// second run does not read the first one's output.
    pub output: Option<PathBuf>,
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
    let from = options.from;
    let extensions = from.map_or(InputFormat::FOLDER_EXTENSIONS, InputFormat::extensions);
    let output = options
        .output
        .as_deref()
        .and_then(|p| p.canonicalize().ok());
    let inputs = walk(paths, extensions).filter(move |item| match (item, &output) {
        (Ok(Input::File(file)), Some(output)) => {
            paths.contains(file) || file.canonicalize().ok().as_ref() != Some(output)
        }
        _ => true,
    });
    let mut emitted = 0usize;
    // Markdown pages are parsed on the worker threads; JSON Lines and CSV
    // records are streamed here, in order, and written as read (not merged).
    let work = |input: &Input| match InputFormat::of(input, from) {
        InputFormat::Markdown => Some(input.parse()),
        _ => None,
    };
    crate::pipeline::for_each_ordered(inputs, options.jobs, work, |result| {
        let parsed = match result {
            Ok((input, None)) => {
                let format = InputFormat::of(&input, from);
                let failed = take_records(&input, format, options, &mut summary, observer, |e| {
                    emitted += 1;
                    writer.write_event(&e)
                })?;
                summary.events = emitted;
                observer.progress(&summary);
                return Ok(flow(failed && options.fail_fast));
            }
            Ok((_, Some(parsed))) => parsed,
            Err(error) => Err(error),
        };
        let parsed = match parsed {
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

/// Streams the events of a JSON Lines or CSV input into `accept`, reporting
/// bad records. Returns true when a record had an error (with `fail_fast`,
/// reading stops there).
fn take_records(
    input: &Input,
    format: InputFormat,
    options: &RunOptions,
    summary: &mut Summary,
    observer: &mut dyn Observer,
    mut accept: impl FnMut(Event) -> Result<()>,
) -> Result<bool> {
    let records = match read_events(input, format) {
        Ok(records) => records,
        Err(error) => {
            summary.record_unreadable();
            let diagnostic = error.to_diagnostic().ok_or(error)?;
            observer.diagnostic(&diagnostic);
            return Ok(true);
        }
    };
    summary.files += 1;
    let mut failed = false;
    for record in records {
        match record {
            Ok(event) => accept(event)?,
            Err(diagnostic) => {
                failed = true;
                summary.errors += 1;
                observer.diagnostic(&diagnostic);
                if options.fail_fast {
                    break;
                }
            }
        }
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
