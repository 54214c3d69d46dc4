//! A bulk run: many inputs in, one writer fed, problems reported as they
//! come. The `convert` and `stats` commands are this plus their writer.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::formats::{read_events, InputFormat};
use crate::formats::{RecordFormat, Writer};
use crate::input::{path_extension, Input};
use crate::model::Document;
use crate::model::Event;
use crate::parse::Parsed;
use crate::site::{Ledger, SiteMerger};
use crate::summary::Summary;

mod batch;
mod events;

pub use events::{events, Events, Item};

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
    /// Site mode: the id ledger to read ids from and record them in
    /// (docs/site-mode.md); written atomically when the run ends.
    pub id_ledger: Option<PathBuf>,
    /// Which files folder walks take (ignore files, hidden files, globs).
    pub selection: crate::input::Selection,
}

/// What a run tells its caller while it works.
pub trait Observer {
    /// A problem in a page (warnings and errors; notes too under `--strict`).
    fn diagnostic(&mut self, diagnostic: &Diagnostic);
    /// Called after each input, with the counts so far.
    fn progress(&mut self, _summary: &Summary) {}
}

/// Collects the problems, for callers that look at them afterwards.
impl Observer for Vec<Diagnostic> {
    fn diagnostic(&mut self, diagnostic: &Diagnostic) {
        self.push(diagnostic.clone());
    }
}

/// Reads every page under `paths` and feeds `writer`: merged events in site
/// mode, whole pages with `pages`. Pages with errors are reported and left
/// out. Returns the counts; `writer.finish()` is the caller's to call.
///
/// Pages are parsed on `options.jobs` threads and fed to `writer` on the
/// calling thread. For JSON Lines and CSV, [`run_records`] also joins and
/// writes on every thread.
pub fn run(
    paths: &[PathBuf],
    options: &RunOptions,
    writer: &mut dyn Writer,
    observer: &mut dyn Observer,
) -> Result<Summary> {
    let mut state = State::new(options, writer, observer)?;
    // Markdown pages are parsed on the worker threads; JSON Lines and CSV
    // records are streamed here, in order, and written as read (not merged).
    let from = options.from;
    let work = |input: &Input| parse_markdown(input, from);
    crate::pipeline::for_each_ordered(inputs(paths, options)?, options.jobs, work, |result| {
        state.take(result)
    })?;
    state.finish()
}

/// [`run`] for a format whose records stand alone (JSON Lines, CSV),
/// written to `out`, head included, and flushed. In site mode on several
/// threads, each thread parses a run of consecutive pages, joins their days
/// and writes their records with a writer of its own into a buffer of its
/// own; the calling thread puts the buffers in order. The bytes are those of
/// one thread.
///
/// ```
/// use currents::formats::JsonlFormat;
/// use currents::run::{run_records, RunOptions};
///
/// let (mut jsonl, mut problems) = (Vec::new(), Vec::new());
/// let options = RunOptions::default();
/// run_records(&["samples/news".into()], &options, &JsonlFormat, &mut jsonl, &mut problems)?;
/// assert!(String::from_utf8(jsonl)?.starts_with("{\"id\":"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_records(
    paths: &[PathBuf],
    options: &RunOptions,
    format: &dyn RecordFormat,
    out: &mut dyn Write,
    observer: &mut dyn Observer,
) -> Result<Summary> {
    format.head(out)?;
    // The ledger is read and written on the calling thread.
    let batched = !options.pages
        && !options.fail_fast
        && options.id_ledger.is_none()
        && crate::pipeline::threads(options.jobs) > 1
        && !only_records(paths, options.from);
    if !batched {
        let mut writer = format.records(Box::new(&mut *out));
        let summary = run(paths, options, writer.as_mut(), observer)?;
        writer.finish()?;
        return Ok(summary);
    }
    // The calling thread's own records (days it joins) wait here until the
    // next thread's buffer goes out.
    let pending = batch::Buffer::default();
    let mut writer = format.records(Box::new(pending.clone()));
    let summary = {
        let mut state = State::new(options, writer.as_mut(), observer)?;
        batch::run(inputs(paths, options)?, &mut state, format, &pending, out)?;
        state.finish()?
    };
    writer.finish()?;
    pending.move_to(out)?;
    out.flush()?;
    Ok(summary)
}

/// The inputs under `paths`, less the run's own output file; in site
/// mode, in day order whatever order they were named in.
fn inputs<'a>(
    paths: &'a [PathBuf],
    options: &RunOptions,
) -> Result<Box<dyn Iterator<Item = Result<Input>> + 'a>> {
    if options.pages && options.id_ledger.is_some() {
        return Err(Error::Usage(
            "--id-ledger applies to site mode, not to --pages".into(),
        ));
    }
    let from = options.from;
    let extensions = from.map_or(InputFormat::FOLDER_EXTENSIONS, InputFormat::extensions);
    if let Some(output) = &options.output {
        refuse_output_among_inputs(paths, output, extensions)?;
    }
    if from.is_none() {
        refuse_json(paths)?;
    }
    if options.pages {
        let selection = options.selection.clone();
        let walk = crate::input::walk_selected(paths, extensions, selection);
        return Ok(Box::new(walk));
    }
    // Site mode reads pages by day, whatever order they were named in.
    let walks = crate::input::site_walks(paths, extensions, &options.selection);
    Ok(Box::new(crate::input::site_order(walks)))
}

/// A usage error when the output file is one of the inputs: named, or
/// (with an extension the walk reads) inside a folder that is read. It
/// would be read half-written, or overwritten by what was read from it.
fn refuse_output_among_inputs(paths: &[PathBuf], output: &Path, extensions: &[&str]) -> Result<()> {
    if output.as_os_str() == "-" {
        return Ok(());
    }
    let Some(resolved) = resolve(output) else {
        return Ok(());
    };
    let walked = path_extension(output).is_some_and(|e| {
        extensions
            .iter()
            .any(|x| x.as_bytes().eq_ignore_ascii_case(e))
    });
    for path in paths.iter().filter(|p| p.as_os_str() != "-") {
        let Ok(input) = path.canonicalize() else {
            continue;
        };
        let inside = if input.is_dir() {
            walked && resolved.starts_with(&input)
        } else {
            input == resolved
        };
        if inside {
            return Err(Error::Usage(format!(
                "-o {} is among the inputs ({}): write the output elsewhere",
                output.display(),
                path.display()
            )));
        }
    }
    Ok(())
}

/// `--to json` output named as an input (a JSON Feed is read): it is the model for inspection
/// and does not read back; say what does, rather than read it as markdown
/// and find nothing.
fn refuse_json(paths: &[PathBuf]) -> Result<()> {
    let json = paths.iter().find(|p| {
        path_extension(p).is_some_and(|e| e.eq_ignore_ascii_case(b"json"))
            && crate::formats::sniff_file(p) != Some(InputFormat::JsonFeed)
    });
    match json {
        Some(path) => Err(Error::Usage(format!(
            "{}: JSON (`--to json`) is written for inspection and is not read back; \
             convert the pages again, or write `--to jsonl` (JSON Lines), which reads back",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// A path made absolute with its links resolved, for a file that may not
/// exist yet (its folder does).
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(resolved) = path.canonicalize() {
        return Some(resolved);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// True when no input is markdown pages (JSON Lines, CSV, feeds…): they
/// are read on the calling thread, where the batches would hold a whole
/// input's records until it ends (217 MiB for 20,000 events of JSON Lines
/// to CSV at `-j 2`); read straight through, they stream.
fn only_records(paths: &[PathBuf], from: Option<InputFormat>) -> bool {
    if from.is_some_and(|f| f != InputFormat::Markdown) {
        return true;
    }
    paths.iter().all(|path| {
        let input = if path.as_os_str() == "-" {
            Input::Stdin
        } else if path.is_dir() {
            return false;
        } else {
            Input::File(path.clone())
        };
        InputFormat::of(&input, from) != InputFormat::Markdown
    })
}

/// A markdown input parsed; `None` for other formats, read on the calling
/// thread.
fn parse_markdown(input: &Input, from: Option<InputFormat>) -> Option<Result<Parsed>> {
    if InputFormat::of(input, from) != InputFormat::Markdown {
        return None;
    }
    // Several pages in one file are read as records, like JSON Lines.
    input.parse_page().transpose()
}

/// Where events go, counted.
struct Sink<'w> {
    writer: &'w mut dyn Writer,
    emitted: usize,
}

impl Sink<'_> {
    fn emit(&mut self, event: Event) -> Result<()> {
        self.emitted += 1;
        self.writer.write_event(&event)
    }
}

/// A run under way, fed on the calling thread in input order.
struct State<'a, 'w> {
    options: &'a RunOptions,
    summary: Summary,
    merger: SiteMerger,
    sink: Sink<'w>,
    observer: &'a mut dyn Observer,
}

impl<'a, 'w> State<'a, 'w> {
    fn new(
        options: &'a RunOptions,
        writer: &'w mut dyn Writer,
        observer: &'a mut dyn Observer,
    ) -> Result<Self> {
        let merger = match &options.id_ledger {
            Some(path) => SiteMerger::with_ledger(Ledger::open(path)?),
            None => SiteMerger::new(),
        };
        Ok(State {
            options,
            summary: Summary::default(),
            merger,
            sink: Sink { writer, emitted: 0 },
            observer,
        })
    }

    /// Takes one input and what the workers made of it: `None` for formats
    /// other than markdown, which are read here.
    fn take(&mut self, result: Result<(Input, Option<Result<Parsed>>)>) -> Result<ControlFlow<()>> {
        let options = self.options;
        let parsed = match result {
            Ok((input, None)) => {
                let format = InputFormat::of(&input, options.from);
                let Self {
                    summary,
                    sink,
                    observer,
                    ..
                } = self;
                let failed = take_records(&input, format, options, summary, *observer, |e| {
                    sink.emit(e)
                })?;
                return Ok(self.progress(failed && options.fail_fast));
            }
            Ok((_, Some(parsed))) => parsed,
            Err(error) => Err(error),
        };
        let mut parsed = match parsed {
            Ok(parsed) => parsed,
            Err(error) => {
                self.unreadable(error)?;
                return Ok(self.progress(options.fail_fast));
            }
        };
        self.summary.record(&mut parsed, options.strict);
        self.report(&parsed.diagnostics);
        let failed = parsed.has_errors();
        if !failed {
            self.accept(parsed.document)?;
        }
        Ok(self.progress(failed && options.fail_fast))
    }

    /// Hands on a page without errors: whole, or to be joined.
    fn accept(&mut self, document: Document) -> Result<()> {
        if self.options.pages {
            self.sink.emitted += document.events().count();
            self.sink.writer.write_document(&document)
        } else {
            let sink = &mut self.sink;
            self.merger.push(document, &mut |event| sink.emit(event))
        }
    }

    /// Counts and reports an input that could not be read.
    fn unreadable(&mut self, error: Error) -> Result<()> {
        self.summary.record_unreadable();
        let diagnostic = error.to_diagnostic().ok_or(error)?;
        self.observer.diagnostic(&diagnostic);
        Ok(())
    }

    /// Reports a page's problems (notes only under `--strict`, raised).
    fn report(&mut self, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics.iter().filter(|d| d.severity > Severity::Note) {
            self.observer.diagnostic(diagnostic);
        }
    }

    /// Tells the observer the counts so far; the run stops when `stop`.
    fn progress(&mut self, stop: bool) -> ControlFlow<()> {
        self.summary.events = self.sink.emitted;
        self.observer.progress(&self.summary);
        flow(stop)
    }

    /// Emits what the merger still holds and returns the counts.
    fn finish(mut self) -> Result<Summary> {
        let sink = &mut self.sink;
        self.merger.finish(&mut |event| sink.emit(event))?;
        if let (Some(path), Some(ledger)) = (&self.options.id_ledger, self.merger.ledger()) {
            ledger.save(path)?;
        }
        self.summary.events = self.sink.emitted;
        Ok(self.summary)
    }
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
