//! The parallel route of a site-mode run. Consecutive pages go to one
//! thread together, which parses them, joins each day and encodes its
//! records, so that only finished bytes cross threads: a model built on one
//! core and read and freed on another costs the allocator and the caches
//! more than the work itself.
//!
//! The result is the sequential route's, byte for byte. A worker cannot
//! know whether its last day goes on in the next batch, or whether front-page
//! lines wait for a day, so the calling thread decides: a day that must be
//! joined with pages outside its batch is parsed again there and goes the
//! sequential way, and so does a whole batch with a front page or an input
//! in another format.

use std::ops::{ControlFlow, Range};
use std::sync::Mutex;

use chrono::NaiveDate;

use super::{parse_markdown, State};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::formats::Encode;
use crate::formats::InputFormat;
use crate::input::Input;
use crate::model::{Document, Event};
use crate::parse::Parsed;
use crate::site::merge_day;
use crate::summary::raise;

/// Inputs per batch, at least: a few days of pages, so that most days are
/// joined where their pages were parsed.
const BATCH_INPUTS: usize = 48;
/// Inputs per batch, at most, when a folder holds more.
const MAX_BATCH_INPUTS: usize = 4 * BATCH_INPUTS;
/// Batches in flight per thread: enough to balance the threads, few enough
/// that memory stays flat.
const BATCHES_PER_THREAD: usize = 4;

/// Room for a batch's records, so that they are not copied as they grow:
/// records take about as many bytes as their pages.
const RECORDS_CAPACITY: usize = BATCH_INPUTS * 4096;

/// Consecutive inputs, handled by one thread.
type Batch = Vec<Result<Input>>;

/// What a worker made of a batch.
enum Done {
    /// Every day joined and encoded: a report per input, then the days.
    Encoded {
        reports: Vec<Report>,
        days: Vec<DayRecords>,
        records: String,
    },
    /// For the sequential route: each markdown input parsed, as is.
    Sequential(Vec<Option<Result<Parsed>>>),
}

/// One input of an encoded batch.
enum Report {
    /// An input that could not be listed: its error is in the batch.
    NotListed,
    Unreadable(Error),
    /// A parsed page's diagnostics (raised under `--strict`).
    Page {
        diagnostics: Vec<Diagnostic>,
        not_event: bool,
    },
}

/// A run of pages of one date, joined into records.
struct DayRecords {
    date: NaiveDate,
    /// The pages that make it (places in the batch), to parse again if it
    /// must be joined here.
    members: Vec<usize>,
    /// Its records, in the batch's `records`.
    records: Range<usize>,
    events: usize,
}

/// A batch's last day, held until the next batch shows whether it goes on.
struct Held {
    date: NaiveDate,
    members: Vec<Input>,
    /// Its records alone.
    records: String,
    events: usize,
}

/// Runs `inputs` through batches; see the module's comment.
pub(super) fn run(
    inputs: impl Iterator<Item = Result<Input>>,
    state: &mut State,
    encoder: &dyn Encode,
) -> Result<()> {
    let (from, strict) = (state.options.from, state.options.strict);
    // Record buffers go back to the workers once written: memory is reused,
    // never freed by a thread that did not allocate it.
    let spare = Mutex::new(Vec::new());
    let mut held: Option<Held> = None;
    let in_flight = BATCHES_PER_THREAD * crate::pipeline::threads(state.options.jobs);
    crate::pipeline::for_each_streamed(
        batches(inputs),
        state.options.jobs,
        in_flight,
        |batch| work(batch, from, strict, encoder, &spare),
        |batch, done| {
            let (reports, days, mut records) = match done {
                Done::Sequential(parsed) => {
                    if let Some(held) = held.take() {
                        state.join_here(&held.members)?;
                    }
                    for (item, parsed) in batch.into_iter().zip(parsed) {
                        if state.take(item.map(|input| (input, parsed)))?.is_break() {
                            return Ok(ControlFlow::Break(()));
                        }
                    }
                    return Ok(ControlFlow::Continue(()));
                }
                Done::Encoded {
                    reports,
                    days,
                    records,
                } => (reports, days, records),
            };
            let members = |day: &DayRecords| -> Vec<Input> {
                let input = |&i: &usize| batch[i].as_ref().expect("a member was listed").clone();
                day.members.iter().map(input).collect()
            };
            let last = days.len().saturating_sub(1);
            for (i, day) in days.into_iter().enumerate() {
                if let Some(before) = held.take() {
                    if before.date == day.date {
                        // The day goes on: join both parts here.
                        state.join_here(&before.members)?;
                        state.join_here(&members(&day))?;
                        continue;
                    }
                    state.write_records(&before.records, before.events)?;
                }
                if !state.merger.is_free_for(day.date) {
                    state.join_here(&members(&day))?;
                    continue;
                }
                state.start_day(day.date)?;
                let text = &records[day.records.clone()];
                if i == last {
                    held = Some(Held {
                        date: day.date,
                        members: members(&day),
                        records: text.to_owned(),
                        events: day.events,
                    });
                } else {
                    state.write_records(text, day.events)?;
                }
            }
            for (item, report) in batch.into_iter().zip(reports) {
                state.take_report(item, report)?;
            }
            records.clear();
            if let Ok(mut spare) = spare.lock() {
                spare.push(records);
            }
            Ok(ControlFlow::Continue(()))
        },
    )?;
    if let Some(held) = held {
        state.write_records(&held.records, held.events)?;
    }
    Ok(())
}

/// Groups inputs into batches that end where a folder ends (a site keeps
/// each day in its own folder) once they hold [`BATCH_INPUTS`].
fn batches(inputs: impl Iterator<Item = Result<Input>>) -> impl Iterator<Item = Batch> {
    let mut inputs = inputs.peekable();
    std::iter::from_fn(move || {
        let mut batch: Batch = Vec::with_capacity(BATCH_INPUTS);
        while let Some(item) = inputs.next() {
            batch.push(item);
            let Some(next) = inputs.peek() else {
                break;
            };
            let full = batch.len() >= BATCH_INPUTS && batch.last().and_then(folder) != folder(next);
            if full || batch.len() >= MAX_BATCH_INPUTS {
                break;
            }
        }
        (!batch.is_empty()).then_some(batch)
    })
}

/// The folder of a listed file.
fn folder(item: &Result<Input>) -> Option<&std::path::Path> {
    item.as_ref().ok()?.path()?.parent()
}

/// Parses a batch, joining and encoding each day as it ends: on a worker
/// thread.
fn work(
    batch: &Batch,
    from: Option<InputFormat>,
    strict: bool,
    encoder: &dyn Encode,
    spare: &Mutex<Vec<String>>,
) -> Done {
    let sequential = |batch: &Batch| {
        let parse = |item: &Result<Input>| parse_markdown(item.as_ref().ok()?, from);
        Done::Sequential(batch.iter().map(parse).collect())
    };
    // Records of other formats are written as read, between the days, and
    // stdin cannot be read twice.
    let markdown = |input: &Input| InputFormat::of(input, from) == InputFormat::Markdown;
    let other = |item: &Result<Input>| matches!(item, Ok(i) if *i == Input::Stdin || !markdown(i));
    if batch.iter().any(other) {
        return sequential(batch);
    }

    let mut reports = Vec::with_capacity(batch.len());
    let mut days = Vec::new();
    let reused = spare.lock().ok().and_then(|mut spare| spare.pop());
    let mut records = reused.unwrap_or_else(|| String::with_capacity(RECORDS_CAPACITY));
    let mut day: Option<OpenDay> = None;
    for (place, item) in batch.iter().enumerate() {
        let Ok(input) = item else {
            reports.push(Report::NotListed);
            continue;
        };
        let mut parsed = match input.parse() {
            Ok(parsed) => parsed,
            Err(error) => {
                reports.push(Report::Unreadable(error));
                continue;
            }
        };
        raise(&mut parsed, strict);
        let failed = parsed.has_errors();
        let Parsed {
            document,
            diagnostics,
            ..
        } = parsed;
        let not_event = matches!(document, Document::NotEvent(_));
        reports.push(Report::Page {
            diagnostics,
            not_event,
        });
        let date = match &document {
            Document::Event(event) => event.date,
            Document::Day(listing) => listing.date,
            // Front-page lines join days across the site (rare: a site
            // has one front page, so parsing its batch again costs little).
            Document::FrontPage(_) => return sequential(batch),
            Document::NotEvent(_) => continue,
        };
        if failed {
            continue;
        }
        if day.as_ref().is_some_and(|open| open.date != date) {
            days.extend(day.take().map(|open| open.close(encoder, &mut records)));
        }
        let open = day.get_or_insert_with(|| OpenDay::new(date));
        open.members.push(place);
        match document {
            Document::Event(event) => open.pages.push(event),
            Document::Day(listing) => open.listings.extend(listing.events),
            _ => {}
        }
    }
    days.extend(day.map(|open| open.close(encoder, &mut records)));
    Done::Encoded {
        reports,
        days,
        records,
    }
}

/// The pages of the day being read in a batch.
struct OpenDay {
    date: NaiveDate,
    members: Vec<usize>,
    pages: Vec<Event>,
    listings: Vec<Event>,
}

impl OpenDay {
    fn new(date: NaiveDate) -> Self {
        OpenDay {
            date,
            members: Vec::new(),
            pages: Vec::new(),
            listings: Vec::new(),
        }
    }

    /// Joins the day's pages and appends its records to `records`.
    fn close(self, encoder: &dyn Encode, records: &mut String) -> DayRecords {
        let start = records.len();
        let events = merge_day(self.pages, self.listings);
        encoder.encode(&events, records);
        DayRecords {
            date: self.date,
            members: self.members,
            records: start..records.len(),
            events: events.len(),
        }
    }
}

impl State<'_, '_> {
    /// Counts and reports one input of an encoded batch.
    fn take_report(&mut self, item: Result<Input>, report: Report) -> Result<()> {
        match (item, report) {
            (Err(error), _) | (_, Report::Unreadable(error)) => self.unreadable(error)?,
            (
                Ok(_),
                Report::Page {
                    diagnostics,
                    not_event,
                },
            ) => {
                self.summary.record_diagnostics(&diagnostics, not_event);
                self.report(&diagnostics);
            }
            (Ok(_), Report::NotListed) => unreachable!("a listed input has a report"),
        }
        let _ = self.progress(false);
        Ok(())
    }

    /// Parses a day's pages again and joins them here, with what the merger
    /// holds. Their problems were reported by the batch.
    fn join_here(&mut self, members: &[Input]) -> Result<()> {
        for input in members {
            let Ok(mut parsed) = input.parse() else {
                continue; // changed since: it was counted as read
            };
            raise(&mut parsed, self.options.strict);
            if !parsed.has_errors() {
                self.accept(parsed.document)?;
            }
        }
        let _ = self.progress(false);
        Ok(())
    }

    /// Ends the merger's day: records of `date` follow.
    fn start_day(&mut self, date: NaiveDate) -> Result<()> {
        let sink = &mut self.sink;
        self.merger.switch_day(date, &mut |event| sink.emit(event))
    }

    /// Writes a day's encoded records.
    fn write_records(&mut self, records: &str, events: usize) -> Result<()> {
        self.sink.emitted += events;
        self.sink.writer.write_encoded(records)?;
        let _ = self.progress(false);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::formats::{JsonlWriter, Writer};
    use crate::run::{run, Observer, RunOptions};
    use crate::summary::Summary;

    #[derive(Default)]
    struct Seen(Vec<String>);

    impl Observer for Seen {
        fn diagnostic(&mut self, diagnostic: &Diagnostic) {
            self.0.push(diagnostic.to_string());
        }
    }

    /// JSON Lines, diagnostics and counts of a run on `jobs` threads.
    fn convert(paths: &[PathBuf], jobs: usize, strict: bool) -> (String, Vec<String>, Summary) {
        let options = RunOptions {
            jobs,
            strict,
            ..RunOptions::default()
        };
        let mut out = Vec::new();
        let mut writer = JsonlWriter::new(&mut out);
        let mut seen = Seen::default();
        let summary = run(paths, &options, &mut writer, &mut seen).unwrap();
        writer.finish().unwrap();
        (String::from_utf8(out).unwrap(), seen.0, summary)
    }

    fn page(date: &str, headline: &str, source: &str) -> String {
        let path = date.replace('-', "/");
        format!(
            "### [{date}](/news/{path}/index.md)\n\n# {headline}\n\n### Source:\n\n1. [AP](http://example.org/{source})\n"
        )
    }

    fn write(root: &Path, name: &str, text: impl AsRef<[u8]>) {
        let file = root.join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    /// A site whose days run across batches in every way a batch can end;
    /// returns the paths to convert.
    fn awkward_site(root: &Path) -> Vec<PathBuf> {
        let first = root.join("first");
        // Front-page lines wait for days that come later.
        write(
            &first,
            "0-front.md",
            "Formats: [HTML](/index.html)\n\n## [News](/news/2017/07/02/index.md)\n\n\
             ### [Line of a later day](/news/2017/07/02/line.md)\nIts summary.\n\n\
             ## [Yesterday](/news/2017/07/01/index.md)\n\n\
             ### [Headline 3](/news/2017/07/01/h3.md)\n_Context: Waiting_\n",
        );
        // A day in two folders, the first one a full batch.
        for i in 0..60 {
            let text = page("2017-06-19", &format!("A {i}"), &format!("a{}", i / 2));
            write(&first, &format!("a/p{i:03}.md"), text);
        }
        let broken = b"### [2017-06-19](/news/2017/06/19/index.md)\n\n# Bad \xFF\n";
        write(&first, "a/p030.md", broken);
        for i in 0..10 {
            let text = page("2017-06-19", &format!("B {i}"), &format!("a{i}"));
            write(&first, &format!("b/p{i:03}.md"), text);
        }
        // One flat folder, longer than a batch: days of 20 pages, pages
        // sharing sources in threes, across batch ends too.
        for i in 0..250 {
            let date = format!("2017-07-{:02}", 1 + i / 20);
            let text = page(&date, &format!("Headline {i}"), &format!("c{}", i / 3));
            write(&first, &format!("c/p{i:03}.md"), text);
        }
        // Records of another format, written as read while a day is open.
        let records = root.join("events.jsonl");
        let record = convert_one(&page("2017-08-01", "From JSON Lines", "j"));
        std::fs::write(&records, record).unwrap();
        // The open day goes on after them; then a day in many folders whose
        // pages share sources across a batch's end.
        let second = root.join("second");
        for i in 0..70 {
            let (date, source) = match i {
                0..10 => ("2017-07-13", format!("c{}", (240 + i) / 3)),
                _ => ("2017-08-01", format!("e{}", i % 50)),
            };
            let text = page(date, &format!("E {i}"), &source);
            write(&second, &format!("e/{}/p{i:03}.md", i / 7), text);
        }
        // Front-page lines for days already written come last.
        write(
            &second,
            "z-front.md",
            "## [News](/news/2017/06/19/index.md)\n\n### [A 4](/news/2017/06/19/a4.md)\n_Context: Late_\n",
        );
        vec![first, records, second]
    }

    fn convert_one(markdown: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "page.md", markdown);
        convert(&[dir.path().to_path_buf()], 1, false).0
    }

    #[test]
    fn batches_end_at_folders_once_full_and_never_grow_past_the_cap() {
        let inputs =
            |names: Vec<String>| names.into_iter().map(|n| Ok(Input::File(PathBuf::from(n))));
        let names = (0..100).map(|i| format!("{}/p{i}.md", i / 30)).collect();
        let sizes: Vec<usize> = batches(inputs(names)).map(|b| b.len()).collect();
        assert_eq!(sizes, [60, 40], "cut after the folder that filled it");
        let flat = (0..500).map(|i| format!("flat/p{i}.md")).collect();
        let sizes: Vec<usize> = batches(inputs(flat)).map(|b| b.len()).collect();
        assert_eq!(
            sizes,
            [
                MAX_BATCH_INPUTS,
                MAX_BATCH_INPUTS,
                500 - 2 * MAX_BATCH_INPUTS
            ]
        );
        assert_eq!(batches(inputs(Vec::new())).count(), 0);
    }

    #[test]
    fn a_batch_with_a_front_page_or_another_format_goes_the_sequential_way() {
        let dir = tempfile::tempdir().unwrap();
        awkward_site(dir.path());
        let files = |names: &[&str]| -> Batch {
            let first = dir.path().join("first");
            names
                .iter()
                .map(|n| Ok(Input::File(first.join(n))))
                .collect()
        };
        let encoder = JsonlWriter::new(Vec::new()).encoder().unwrap();
        let spare = Mutex::default();
        let work = |names: &[&str]| work(&files(names), None, false, encoder.as_ref(), &spare);
        assert!(matches!(
            work(&["0-front.md", "a/p000.md"]),
            Done::Sequential(_)
        ));
        assert!(matches!(
            work(&["a/p000.md", "../events.jsonl"]),
            Done::Sequential(_)
        ));
        let Done::Encoded {
            reports,
            days,
            records,
        } = work(&["a/p000.md", "a/p001.md", "a/p030.md", "c/p000.md"])
        else {
            panic!("pages of two days are joined where they were parsed");
        };
        assert_eq!(reports.len(), 4);
        let dates: Vec<String> = days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, ["2017-06-19", "2017-07-01"]);
        assert_eq!(days[0].members.len(), 2, "the broken page is not a member");
        assert_eq!(days[0].events, 1, "the two pages share a source");
        assert_eq!(records[days[1].records.clone()].lines().count(), 1);
    }

    #[test]
    fn batches_give_the_sequential_bytes_diagnostics_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let paths = awkward_site(dir.path());
        for strict in [false, true] {
            let one = convert(&paths, 1, strict);
            assert!(one.0.lines().count() > 150, "{}", one.0.lines().count());
            assert!(one.1.iter().any(|d| d.contains("p030.md")), "{:?}", one.1);
            for jobs in [2, 3] {
                let many = convert(&paths, jobs, strict);
                assert_eq!(one.0, many.0, "jobs {jobs}, strict {strict}");
                assert_eq!(one.1, many.1, "jobs {jobs}, strict {strict}");
                assert_eq!(one.2, many.2, "jobs {jobs}, strict {strict}");
            }
        }
    }

    #[test]
    fn batches_give_the_sequential_bytes_on_the_corpus() {
        let corpus = [Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")];
        let one = convert(&corpus, 1, false);
        assert!(one.0.lines().count() > 200);
        assert_eq!(one, convert(&corpus, 2, false));
    }
}
